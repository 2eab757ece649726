from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Official, Organization


class DirectorySitemap(Sitemap):
    """Every entry of the register, with the time it last changed."""

    changefreq = "monthly"
    limit = 10000
    model = None
    # Every page in each language, with its alternates (xhtml:link) and x-default.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return self.model.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, entry):
        return entry.updated_at

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's walk over every item for the index.
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class OrganizationSitemap(DirectorySitemap):
    model = Organization
    priority = 0.5


class OfficialSitemap(DirectorySitemap):
    model = Official
    priority = 0.4
