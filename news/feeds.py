from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from organizations.models import Official, Organization

from .models import Article

FEED_LENGTH = 30


class LatestNewsFeed(Feed):
    """The latest published news, as RSS."""

    title = _("CARICC news")
    description = _("The latest news of CARICC, its members, observers and partners.")

    def link(self, obj=None):
        return reverse("news:article-list")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).with_references()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary or article.title

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.source.name if article.source else None

    def item_categories(self, article):
        return [o.name for o in article.organizations.all()] + [
            o.name for o in article.officials.all()
        ]


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description


class OrganizationNewsFeed(LatestNewsFeed):
    """The latest news that mentions one organization."""

    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, organization):
        return _("CARICC news: %(name)s") % {"name": organization.name}

    def description(self, organization):
        return _("The latest news that mentions %(name)s.") % {"name": organization.name}

    def link(self, organization):
        return organization.get_absolute_url()

    def articles(self, organization):
        return Article.objects.published().mentioning(organization=organization)


class OrganizationNewsAtomFeed(OrganizationNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, organization):
        return self.description(organization)


class OfficialNewsFeed(LatestNewsFeed):
    """The latest news that mentions one official."""

    def get_object(self, request, slug):
        return get_object_or_404(Official, slug=slug)

    def title(self, official):
        return _("CARICC news: %(name)s") % {"name": official.name}

    def description(self, official):
        return _("The latest news that mentions %(name)s.") % {"name": official.name}

    def link(self, official):
        return official.get_absolute_url()

    def articles(self, official):
        return Article.objects.published().mentioning(official=official)


class OfficialNewsAtomFeed(OfficialNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, official):
        return self.description(official)
