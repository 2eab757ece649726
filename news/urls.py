from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("feed/", feeds.LatestNewsFeed(), name="feed-rss"),
    path("feed/atom/", feeds.LatestNewsAtomFeed(), name="feed-atom"),
    path("<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(month_format="%m"),
        name="archive-month",
    ),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="article-preview"),
]
