from django.contrib.sitemaps import Sitemap

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 10000

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at
