"""What follows a change to the register: officials' change times and the public cache."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core import cache
from core.slugs import remember_former_slugs

from .models import Membership, Official, Organization, Position


def touch_official(sender, instance, raw=False, **kwargs):
    """An official's posts are part of the official, so a changed post changes the official."""
    if not raw:
        Official.objects.filter(pk=instance.official_id).update(updated_at=timezone.now())


def connect():
    post_save.connect(touch_official, sender=Position, dispatch_uid="touch-official-save")
    post_delete.connect(touch_official, sender=Position, dispatch_uid="touch-official-delete")
    cache.invalidate_on_change(Organization, Official, Position, Membership)
    remember_former_slugs(Organization, Official)
