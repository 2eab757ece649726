"""The public cache's tags for the news (core.cache): what a change to an article makes
stale, and what a page that shows news says it depends on.

Every list of news (home, news pages and archives, search, feeds, sitemaps, the API's
lists) depends on NEWS. A page that shows one article depends on that article, found
by the slug in its address; a page that shows the news mentioning an organization or
official (its own page, and an article's related news) on that entity's mentions.
"""

from django.contrib.contenttypes.models import ContentType

from core.models import FormerSlug

NEWS = "news"


def article(slug):
    """What the pages at this article's address show: its page and its API object."""
    return f"article:{slug}"


def mentions(kind, pk):
    """The news mentioning one organization or official (`kind` is its model name)."""
    return f"mentions:{kind}:{pk}"


def mentions_of(entity):
    return mentions(entity._meta.model_name, entity.pk)


def of_article(instance):
    """Every tag a change to this article makes stale besides NEWS: its addresses (the
    slug it has and those it had) and the mentions of what it links to."""
    from .models import Article

    content_type = ContentType.objects.get_for_model(Article)
    slugs = {instance.slug, getattr(instance, "_slug_before_save", None)} | set(
        FormerSlug.objects.filter(content_type=content_type, object_id=instance.pk).values_list(
            "slug", flat=True
        )
    )
    tags = [article(slug) for slug in slugs if slug]
    for through, column, kind in [
        (Article.organizations.through, "organization_id", "organization"),
        (Article.officials.through, "official_id", "official"),
    ]:
        linked = through.objects.filter(article_id=instance.pk).values_list(column, flat=True)
        tags.extend(mentions(kind, pk) for pk in linked)
    return tags
