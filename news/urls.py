from django.urls import path

from organizations.models import Official, Organization

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("news/", views.ArticleListView.as_view(), name="article-list"),
    path("news/feed/", feeds.LatestNewsFeed(), name="feed-rss"),
    path("news/feed/atom/", feeds.LatestNewsAtomFeed(), name="feed-atom"),
    path("news/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "news/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(month_format="%m"),
        name="archive-month",
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
