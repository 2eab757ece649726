from django.contrib.sitemaps import Sitemap

from .models import Official, Organization


class OrganizationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 10000

    def items(self):
        return Organization.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, organization):
        return organization.updated_at


class OfficialSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4
    limit = 10000

    def items(self):
        return Official.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, official):
        return official.updated_at
