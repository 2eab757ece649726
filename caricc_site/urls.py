from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from news.api import ArticleViewSet
from news.sitemaps import ArticleSitemap
from organizations.api import (
    MembershipViewSet,
    OfficialViewSet,
    OrganizationViewSet,
    PopoloExportView,
    PositionViewSet,
)
from organizations.sitemaps import OfficialSitemap, OrganizationSitemap
from organizations.views import world_land
from partners.api import TombstoneViewSet

from .views import (
    HomeView,
    SearchView,
    admin_language,
    choose_language,
    liveness,
    readiness,
    robots_txt,
)

handler404 = "caricc_site.views.page_not_found"

admin.site.site_header = _("CARICC site administration")
admin.site.site_title = _("CARICC editors")
admin.site.index_title = _("Content")

SITEMAPS = {
    "news": ArticleSitemap,
    "organizations": OrganizationSitemap,
    "officials": OfficialSitemap,
}

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("officials", OfficialViewSet, basename="official")
router.register("positions", PositionViewSet, basename="position")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("tombstones", TombstoneViewSet, basename="tombstone")

urlpatterns = [
    path("robots.txt", robots_txt, name="robots-txt"),
    path("language/<str:code>/", choose_language, name="choose-language"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/language/", admin_language, name="admin-language"),
    path("admin/", admin.site.urls),
    path("api/v1/popolo/", PopoloExportView.as_view(), name="popolo-export"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # One picture for every language.
    path("maps/world-<str:version>.svg", world_land, name="world-land"),
    path("health/live", liveness, name="health-live"),
    path("health/ready", readiness, name="health-ready"),
    path("api/auth/", include("rest_framework.urls")),
]

# Reader-facing pages in every language: English at the root, /ru/ and /kk/ for the others.
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("news.urls")),
    path("", include("organizations.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Uploaded images, from Django itself: for development and production-like local runs.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
