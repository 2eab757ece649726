from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    """Published articles; an article counts as changed when it is published, too."""

    changefreq = "monthly"
    priority = 0.7
    limit = 10000
    # Every page in each language, with its alternates (xhtml:link) and x-default.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return (
            Article.objects.published()
            .with_sync_time()
            .only("slug", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.changed_at

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's walk over every item for the index.
        return Article.objects.published().last_change_time()
