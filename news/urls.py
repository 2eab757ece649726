from django.urls import path, re_path, register_converter
from django.views.generic import RedirectView

from organizations.models import Official, Organization

from . import feeds, views
from .models import PUBLICATION_YEARS


class ArchiveYear:
    """Four digits, a year the site may have published in: one address per year."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        if int(value) not in PUBLICATION_YEARS:
            raise ValueError(value)
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class ArchiveMonth:
    """Two digits, 01 to 12: one address per month."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        if not 1 <= int(value) <= 12:
            raise ValueError(value)
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(ArchiveYear, "archive_year")
register_converter(ArchiveMonth, "archive_month")

app_name = "news"

urlpatterns = [
    path("news/", views.ArticleListView.as_view(), name="article-list"),
    path("news/feed/", feeds.LatestNewsFeed(), name="feed-rss"),
    path("news/feed/atom/", feeds.LatestNewsAtomFeed(), name="feed-atom"),
    path("news/<archive_year:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "news/<archive_year:year>/<archive_month:month>/",
        views.ArticleMonthArchiveView.as_view(month_format="%m"),
        name="archive-month",
    ),
    # /news/2023/7/ is /news/2023/07/.
    re_path(
        r"^news/(?P<year>[0-9]{4})/(?P<month>[1-9])/$",
        RedirectView.as_view(pattern_name="news:archive-month", permanent=True, query_string=True),
    ),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("news/preview/<str:token>/", views.ArticlePreviewView.as_view(), name="article-preview"),
    # The news that mentions an entry of the register, beside its page.
    path(
        "organizations/<slug:slug>/feed/",
        feeds.MentionsFeed(Organization),
        name="organization-feed",
    ),
    path(
        "organizations/<slug:slug>/feed/atom/",
        feeds.MentionsFeed(Organization, atom=True),
        name="organization-feed-atom",
    ),
    path("officials/<slug:slug>/feed/", feeds.MentionsFeed(Official), name="official-feed"),
    path(
        "officials/<slug:slug>/feed/atom/",
        feeds.MentionsFeed(Official, atom=True),
        name="official-feed-atom",
    ),
]
