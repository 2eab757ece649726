from django.urls import path

from news import feeds

from . import views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("organizations/<slug:slug>/feed/", feeds.OrganizationNewsFeed(), name="organization-feed"),
    path(
        "organizations/<slug:slug>/feed/atom/",
        feeds.OrganizationNewsAtomFeed(),
        name="organization-feed-atom",
    ),
    path("officials/", views.OfficialListView.as_view(), name="official-list"),
    path("officials/<slug:slug>/feed/", feeds.OfficialNewsFeed(), name="official-feed"),
    path(
        "officials/<slug:slug>/feed/atom/", feeds.OfficialNewsAtomFeed(), name="official-feed-atom"
    ),
    path("officials/<slug:slug>/", views.OfficialDetailView.as_view(), name="official-detail"),
]
