"""What follows a change to an article: its search entry, its change time, the public cache."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from core import cache
from core.slugs import remember_former_slugs

from . import cache_tags, search
from .models import Article


def index_article(sender, instance, **kwargs):
    search.index_article(instance)


def unindex_article(sender, instance, **kwargs):
    search.unindex_article(instance.pk)


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


def connect():
    post_save.connect(index_article, sender=Article, dispatch_uid="search-index-article")
    post_delete.connect(unindex_article, sender=Article, dispatch_uid="search-unindex-article")
    post_save.connect(mark_raw_load, sender=Article, dispatch_uid="raw-load-Article")
    for through in [Article.organizations.through, Article.officials.through]:
        m2m_changed.connect(
            touch_linked_articles, sender=through, dispatch_uid=f"touch-{through.__name__}"
        )
    # Every change to a published or scheduled article, its links included, is seen by the
    # public at once, and a scheduled article appears at its time; drafts change nothing
    # the public sees. Pages that cannot show the article stay warm: the register's, and
    # the pages of other articles and entities it is not related to.
    cache.invalidate_on_change(
        Article,
        seen_by_public=Article.may_concern_the_public,
        tags=[cache_tags.NEWS],
        object_tags=cache_tags.of_article,
    )
    remember_former_slugs(Article)
    cache.register_schedule(Article.objects.next_publication_time)
