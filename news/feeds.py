from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.translation import shown_language

from .models import Article

FEED_LENGTH = 30


class Atom(Atom1Feed):
    """Atom whose entries say the language they are in where it is not the feed's: on
    /ru/ and /kk/ the latest news mixes translated stories with ones still in English.
    (RSS 2.0 has a language for the channel only.)"""

    def item_attributes(self, item):
        language = item.get("language")
        if language and language != self.feed["language"]:
            return {"xml:lang": language}
        return {}


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

    # Atom needs an author for every entry (RFC 4287, 4.1.1): the site, unless the story
    # names its source.
    author_name = "CARICC"

    def get_feed(self, obj, request):
        self.host = request.get_host().split(":")[0]
        return super().get_feed(obj, request)

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Readers take the description for HTML: the plain-text summary is escaped for it.
        return escape(article.summary or article.title)

    def item_guid(self, article):
        # A tag URI (RFC 4151) by id: renaming the slug does not make a new entry.
        return f"tag:{self.host},2009:article:{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.changed_at

    def item_author_name(self, article):
        return article.source.name if article.source else None

    def item_extra_kwargs(self, article):
        # The headline's language: what a reader sees of the entry first.
        return {"language": shown_language(article, "title")}

    def item_categories(self, article):
        return [o.name for o in article.mentioned_organizations()] + [
            o.name for o in article.mentioned_officials()
        ]


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom
    subtitle = LatestNewsFeed.description


class MentionsFeed(LatestNewsFeed):
    """The latest news that mentions one organization or official (`model` says which)."""

    def __init__(self, model, atom=False):
        super().__init__()
        self.model = model
        # The link table's column: organization or official.
        self.mention = model._meta.model_name
        if atom:
            self.feed_type = Atom

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, subject):
        return _("CARICC news: %(name)s") % {"name": subject.name}

    def description(self, subject):
        return _("The latest news that mentions %(name)s.") % {"name": subject.name}

    def subtitle(self, subject):
        return self.description(subject)

    def link(self, subject):
        return subject.get_absolute_url()

    def articles(self, subject):
        return Article.objects.published().mentioning(**{self.mention: subject})
