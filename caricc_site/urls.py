from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from news.api import ArticleViewSet
from organizations.api import (
    MembershipViewSet,
    OfficialViewSet,
    OrganizationViewSet,
    PositionViewSet,
)

from .views import HomeView, liveness, readiness

admin.site.site_header = _("CARICC site administration")
admin.site.site_title = _("CARICC editors")
admin.site.index_title = _("Content")

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("officials", OfficialViewSet, basename="official")
router.register("positions", PositionViewSet, basename="position")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("news/", include("news.urls")),
    path("", include("organizations.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("health/live", liveness, name="health-live"),
    path("health/ready", readiness, name="health-ready"),
    path("api/auth/", include("rest_framework.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images, from Django itself: for development and production-like local runs.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
