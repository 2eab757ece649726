"""Bookkeeping for partners' mirrors: removal notices and honest change times.

A mirror that syncs with ?updated_since= only ever sees what is public now;
these notices tell it what to drop: deleted objects, articles withdrawn from
publication, and old slugs after a rename. Changes that live in other tables
(an article's links, an official's posts) touch the object's change time, so
?updated_since= sends it again.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

from news.models import Article
from organizations.models import Membership, Official, Organization, Position

from .models import Kind, Reason, Tombstone

SLUGGED = {Article: Kind.ARTICLE, Organization: Kind.ORGANIZATION, Official: Kind.OFFICIAL}
NUMBERED = {Position: Kind.POSITION, Membership: Kind.MEMBERSHIP}


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


def mark_raw_load(sender, instance, raw=False, **kwargs):
    # Fixtures and backups save an article raw, then set its links: those keep their times.
    instance._raw_load = raw


def touch_linked_articles(sender, instance, action, reverse, pk_set, **kwargs):
    """Linking or unlinking a mention changes the article, for mirrors syncing by change time."""
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if getattr(instance, "_raw_load", False):
        return
    if not reverse:
        Article.objects.filter(pk=instance.pk).update(updated_at=timezone.now())
    elif action == "pre_clear":
        # Which articles lose the link is only known before the clear.
        instance._cleared_articles = list(instance.articles.values_list("pk", flat=True))
    else:
        pks = pk_set if action != "post_clear" else getattr(instance, "_cleared_articles", [])
        Article.objects.filter(pk__in=pks or []).update(updated_at=timezone.now())


def touch_official(sender, instance, raw=False, **kwargs):
    """An official's posts are part of the official, so a changed post changes the official."""
    if not raw:
        Official.objects.filter(pk=instance.official_id).update(updated_at=timezone.now())


def connect():
    from caricc_site.cache import invalidate

    # The removal list is cached like the rest of the API.
    post_save.connect(invalidate, sender=Tombstone, dispatch_uid="cache-Tombstone")
    post_delete.connect(invalidate, sender=Tombstone, dispatch_uid="uncache-Tombstone")
    for model in SLUGGED:
        uid = f"tombstones-{model.__name__}"
        pre_save.connect(remember_public_state, sender=model, dispatch_uid=uid)
        post_save.connect(record_change, sender=model, dispatch_uid=uid)
        post_delete.connect(record_slugged_deletion, sender=model, dispatch_uid=uid)
    for model in NUMBERED:
        uid = f"tombstones-{model.__name__}"
        post_delete.connect(record_numbered_deletion, sender=model, dispatch_uid=uid)
    post_save.connect(mark_raw_load, sender=Article, dispatch_uid="raw-load-Article")
    for through in [Article.organizations.through, Article.officials.through]:
        m2m_changed.connect(
            touch_linked_articles, sender=through, dispatch_uid=f"touch-{through.__name__}"
        )
    post_save.connect(touch_official, sender=Position, dispatch_uid="touch-official-save")
    post_delete.connect(touch_official, sender=Position, dispatch_uid="touch-official-delete")
