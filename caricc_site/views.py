from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import caches
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView

from core.addresses import absolute_url
from core.collation import by_name
from core.params import whole_number
from news import search
from news.models import Article
from organizations import pictures
from organizations.models import Official, Organization, Role

from .models import EditorPreference


class HomeView(TemplateView):
    """The latest news, and the centre with its members and observers."""

    template_name = "home.html"
    latest_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_articles"] = Article.objects.published().select_related("source")[
            : self.latest_count
        ]
        centre = Organization.objects.filter(slug=settings.SITE_ORGANIZATION_SLUG).first()
        context["centre"] = centre
        if centre is not None:
            current = (
                centre.memberships.current()
                .select_related("member")
                .order_by(by_name("member__name", translation.get_language()))
            )
            context["centre_members"] = [m.member for m in current if m.role == Role.MEMBER]
            context["centre_observers"] = [m.member for m in current if m.role == Role.OBSERVER]
            context["members_map"] = pictures.members_map(
                context["centre_members"], context["centre_observers"]
            )
        return context


class SearchView(TemplateView):
    """One search box across news, organizations and officials."""

    template_name = "search.html"
    page_size = 20
    entity_limit = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")[: search.MAX_QUERY_LENGTH].strip()
        page = max(1, min(whole_number(self.request.GET.get("page")) or 1, 50))
        context.update(query=query, page=page, section="search")
        if not search.terms(query):
            return context
        offset = (page - 1) * self.page_size
        hits = Article.objects.public_search(query, limit=self.page_size, offset=offset)
        total = hits.total
        context.update(
            hits=hits,
            total=min(total, search.COUNT_LIMIT),
            more_than_limit=total > search.COUNT_LIMIT,
            has_next=offset + self.page_size < total,
            organizations=Organization.objects.matching(query)[: self.entity_limit],
            officials=Official.objects.matching(query)[: self.entity_limit],
        )
        return context


@never_cache
@require_safe
def liveness(request):
    """The process answers: a constant, through the whole middleware stack, touching nothing."""
    return HttpResponse("ok\n", content_type="text/plain")


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def cache_is_reachable():
    """The caches answer: the pages', the one every worker shares, and the versions every
    page is checked against (read only: a write would bump some tag's version)."""
    try:
        for alias in ("default", "shared"):
            caches[alias].set("health-check", "ok", 10)
            if caches[alias].get("health-check") != "ok":
                return False
        caches["versions"].get("health-check")
        return True
    except Exception:
        return False


@never_cache
@require_safe
def readiness(request):
    """Ready to serve: the database and the cache both answer."""
    checks = {"database": database_is_reachable(), "cache": cache_is_reachable()}
    body = {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@require_safe
def robots_txt(request):
    """Crawl everything public; not the admin, previews or search results, in any language."""
    lines = ["User-agent: *", f"Disallow: {reverse('admin:index')}"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            news = reverse("news:article-list")
            lines += [f"Disallow: {news}preview/", f"Disallow: {reverse('search')}"]
    lines.append("Disallow: /language/")
    lines.append(f"Sitemap: {absolute_url(request, reverse('sitemap-index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


@require_safe
def choose_language(request, code):
    """The reader chooses a language: remembered in a cookie, then the page in it."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_path = request.GET.get("next", "/")
    if not next_path.startswith("/") or not url_has_allowed_host_and_scheme(
        next_path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_path = "/"
    response = HttpResponseRedirect(translate_url("/" + next_path.lstrip("/"), code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=LANGUAGE_COOKIE_SECONDS,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    add_never_cache_headers(response)
    return response


@staff_member_required
@require_POST
def admin_language(request):
    """An editor chooses the admin's language; it is kept for their account."""
    code = request.POST.get("language")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(gettext("Choose one of the site's languages."))
    EditorPreference.objects.update_or_create(user=request.user, defaults={"language": code})
    next_path = request.POST.get("next", "")
    if not next_path.startswith("/admin/") or not url_has_allowed_host_and_scheme(
        next_path, allowed_hosts={request.get_host()}
    ):
        next_path = reverse("admin:index")
    return HttpResponseRedirect(next_path)


def page_not_found(request, exception):
    """The API answers in JSON even for addresses it does not know; pages get the site's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
