"""Removal notices for partners' mirrors.

A mirror that syncs with ?updated_since= only ever sees what is public now;
these notices tell it what to drop: deleted objects, articles withdrawn from
publication, and old slugs after a rename.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from core import cache
from news.models import Article
from organizations.models import Membership, Official, Organization, Position

from .models import Kind, Reason, Tombstone

SLUGGED = {Article: Kind.ARTICLE, Organization: Kind.ORGANIZATION, Official: Kind.OFFICIAL}
NUMBERED = {Position: Kind.POSITION, Membership: Kind.MEMBERSHIP}
# What the removal list depends on (core.cache): every view that names no tags.
REMOVALS_TAG = "removals"


def is_public(instance):
    if isinstance(instance, Article):
        return instance.is_visible_to_public()
    return True


def remember_public_state(sender, instance, raw=False, **kwargs):
    """Before a save: the slug the public knew, if the public could see it."""
    instance._public_slug = None
    if raw or instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).first()
    if before is not None and is_public(before):
        instance._public_slug = before.slug


def record_change(sender, instance, raw=False, **kwargs):
    kind = SLUGGED[sender]
    before = getattr(instance, "_public_slug", None)
    public_now = is_public(instance)
    if before is not None and not public_now:
        Tombstone.objects.record(kind, before, Reason.WITHDRAWN)
    elif before is not None and before != instance.slug:
        Tombstone.objects.record(kind, before, Reason.MOVED)
    if public_now:
        Tombstone.objects.revoke(kind, instance.slug)


def record_slugged_deletion(sender, instance, **kwargs):
    if is_public(instance):
        Tombstone.objects.record(SLUGGED[sender], instance.slug, Reason.DELETED)


def record_numbered_deletion(sender, instance, **kwargs):
    Tombstone.objects.record(NUMBERED[sender], instance.pk, Reason.DELETED)


def connect():
    # The removal list is cached like the rest of the API; nothing else shows it.
    cache.invalidate_on_change(Tombstone, tags=[REMOVALS_TAG])
    for model in SLUGGED:
        uid = f"tombstones-{model.__name__}"
        pre_save.connect(remember_public_state, sender=model, dispatch_uid=uid)
        post_save.connect(record_change, sender=model, dispatch_uid=uid)
        post_delete.connect(record_slugged_deletion, sender=model, dispatch_uid=uid)
    for model in NUMBERED:
        uid = f"tombstones-{model.__name__}"
        post_delete.connect(record_numbered_deletion, sender=model, dispatch_uid=uid)
