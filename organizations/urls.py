from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("officials/", views.OfficialListView.as_view(), name="official-list"),
    path("officials/<slug:slug>/", views.OfficialDetailView.as_view(), name="official-detail"),
]
