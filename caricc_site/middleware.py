import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.middleware.gzip import re_accepts_gzip
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.text import compress_string
from django.utils.translation import gettext

from core import cache as public_cache
from core.api import activate_requested_language
from core.clients import client_address

from .models import EditorPreference

request_log = logging.getLogger("caricc.request")

UNCACHED_PREFIXES = (
    "/admin/",
    "/news/preview/",
    "/health/",
    "/api/auth/",
    "/media/",
)
# A reader with either is someone the site knows, or has something to tell: their pages
# are their own.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# Stored answers this long or longer are kept gzipped too: below it the headers outweigh
# what compression saves.
COMPRESS_FROM_BYTES = 1024
COMPRESSIBLE_TYPES = ("text/", "application/json", "application/xml", "image/svg+xml")


class RequestLogMiddleware:
    """One structured log line a request: method, path, status and duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if not request_log.isEnabledFor(logging.INFO):
            return response
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "client": client_address(request),
                "query": request.META.get("QUERY_STRING", ""),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "cache": response.get("X-Cache", ""),
            },
        )
        return response


class NullCharactersMiddleware:
    """No NUL character in the address reaches a view.

    No page or parameter of this site can hold one, and PostgreSQL refuses any text
    that does. The API answers 400 naming the parameter; a page is not found if its
    path holds one, and its query parameters lose them (a search still gets a page).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        if "\x00" in request.path:
            if api:
                message = gettext("The address holds a NUL character.")
                return JsonResponse({"detail": message}, status=400)
            raise Http404
        query = request.META.get("QUERY_STRING", "")
        # Only an escaped or a raw NUL decodes to one: most requests need no parsing here.
        if "%00" not in query and "\x00" not in query:
            return self.get_response(request)
        tainted = [
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        ]
        if tainted and api:
            name = tainted[0].replace("\x00", "")
            return JsonResponse({name: [gettext("Remove the NUL character.")]}, status=400)
        if tainted:
            cleaned = QueryDict(mutable=True)
            for name, values in request.GET.lists():
                cleaned.setlist(name.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class PublicCacheMiddleware:
    """Serve anonymous GETs of public pages and API answers from the cache.

    It sits just below ConditionalGetMiddleware (which answers If-None-Match from the
    stored ETag), so a hit skips what lies beneath: the Content-Security-Policy (kept
    with the entry), sessions, language, CSRF, authentication and, for the API, DRF's
    authentication, negotiation and request limits. "Anonymous" is therefore read from
    the request itself: no session or messages cookie, no Authorization header.
    Everything below that decides a body (the path and its language prefix, the
    language cookie, Accept, Accept-Language, the host) is in the key; a response that
    sets a cookie or says private is never stored. Keyed partners and signed-in users
    go through the whole stack, the API's own cache and its limits (core.conditional).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable_request(self, request):
        if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
            return False
        if request.path.startswith(UNCACHED_PREFIXES):
            return False
        cookies = request.COOKIES
        return not cookies or all(name not in cookies for name in PERSONAL_COOKIES)

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = public_cache.page_key(request)
        local = caches["local"]
        # Without a cache in front of the pages' ("local" is then a dummy), a hit costs one
        # read of the page and one of the versions.
        in_front = not isinstance(local, DummyCache)
        entry = local.get(key) if in_front else None
        from_front = entry is not None
        if entry is None:
            entry = cache.get(key)
        # The generation, the app tags and the tags of what the entry shows: one read (one
        # round trip to Redis), after the entry, so it is judged by versions newer than it.
        shown = [tag for tag, _ in entry[1]] if entry is not None else ()
        gen, tag_versions, shown_versions = public_cache.state_with(shown)
        if entry is not None and public_cache.fresh(entry, gen, tag_versions, shown_versions):
            if in_front and not from_front:
                local.set(key, entry, public_cache.timeout_for(gen))
            response = self.encoded(request, entry)
            response["X-Cache"] = "hit"
            return response
        # Read before the view reads anything: what it shows is at least as new as these. A
        # view that says what it shows (depends_on) replaces them with fewer.
        setattr(request, public_cache.VERSIONS_ATTRIBUTE, tag_versions)
        # The whole answer is worked out and stored even for a client that holds it already,
        # and ConditionalGetMiddleware above makes the 304: otherwise a cache emptied (a
        # worker started, a change) would stay empty while partners revalidate.
        conditions = {}
        if not isinstance(caches["default"], DummyCache):
            conditions = {h: request.META.pop(h) for h in CONDITIONAL_HEADERS if h in request.META}
        try:
            response = self.get_response(request)
        finally:
            request.META.update(conditions)
        if self.cacheable_response(response):
            response["X-Cache"] = "miss"
            # Browsers ask again each time, unless the view chose a lifetime of its own (a file
            # whose address names its version).
            if "max-age" not in response.get("Cache-Control", ""):
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            # Worked out once, not at every hit by ConditionalGetMiddleware.
            if not response.has_header("ETag"):
                set_response_etag(response)
            dependencies = getattr(request, public_cache.VERSIONS_ATTRIBUTE)
            # The cache itself: `cache` is a proxy to it, never a DummyCache. With the
            # cache off, nothing is copied to be stored or compressed at every request.
            if isinstance(caches["default"], DummyCache):
                return response
            stored = self.storable(response)
            entry = (gen, dependencies, stored, self.compressed(stored))
            timeout = public_cache.timeout_for(gen)
            cache.set(key, entry, timeout)
            if in_front:
                local.set(key, entry, timeout)
            return self.encoded(request, entry)
        return response

    def storable(self, response):
        """Bytes and headers only: an API response would otherwise pickle its serializer."""
        stored = HttpResponse(response.content, status=response.status_code)
        for header, value in response.items():
            stored[header] = value
        return stored

    def compressed(self, stored):
        """The stored answer's body gzipped, made once when it is stored rather than at
        every hit; None where compression would not pay. The answer then says it varies by
        Accept-Encoding. These answers hold no secret (an answer that sets a cookie, a CSRF
        token's included, is never stored), so echoing a reader's input beside compressed
        text gives BREACH nothing to find."""
        content_type = stored.get("Content-Type", "").split(";")[0]
        compressible = content_type.startswith(COMPRESSIBLE_TYPES) or content_type.endswith(
            ("+json", "+xml")
        )
        if (
            not compressible
            or len(stored.content) < COMPRESS_FROM_BYTES
            or stored.has_header("Content-Encoding")
        ):
            return None
        patch_vary_headers(stored, ["Accept-Encoding"])
        return compress_string(stored.content)

    def encoded(self, request, entry):
        """The entry's answer in the form the client takes. The response is the cache's
        copy, made for this request alone (every backend unpickles a new one)."""
        response, gzipped = entry[2], entry[3]
        if gzipped is None or not re_accepts_gzip.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        ):
            return response
        response.content = gzipped
        response["Content-Encoding"] = "gzip"
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(gzipped))
        # One ETag for both forms, as Django's GZipMiddleware makes it: weak, since the bytes
        # differ, and still matched by If-None-Match.
        etag = response.get("ETag", "")
        if etag and not etag.startswith("W/"):
            response["ETag"] = "W/" + etag
        return response

    def cacheable_response(self, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )


class ChosenLanguageMiddleware:
    """A reader who chose Russian or Kazakh gets it again at an English address.

    English pages have no prefix, so Django shows them to everyone who asks for them;
    a reader's choice (the language cookie, set only by choosing a language) is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method in ("GET", "HEAD")
            and chosen in dict(settings.LANGUAGES)
            and chosen != settings.LANGUAGE_CODE
            and translation.get_language_from_path(request.path_info) is None
        ):
            here = "/" + request.get_full_path().lstrip("/")
            there = translate_url(here, chosen)
            if there != here:
                response = HttpResponseRedirect(there)
                patch_vary_headers(response, ["Cookie"])
                return response
        return self.get_response(request)


class AdminLanguageMiddleware:
    """The admin speaks the editor's language: the one they chose there, else the one their
    browser asks for (Django ships Russian and Kazakh admin catalogs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            code = None
            if request.user.is_authenticated:
                code = (
                    EditorPreference.objects.filter(user=request.user)
                    .values_list("language", flat=True)
                    .first()
                )
            if code not in dict(settings.LANGUAGES):
                code = translation.get_language_from_request(request, check_path=False)
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)


class ApiLanguageMiddleware:
    """The API answers in the language asked for (?lang=, else Accept-Language), errors included.

    LocaleMiddleware gives unprefixed addresses the default language, which suits the
    pages (English at the root) but not the API, which has no language prefixes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            activate_requested_language(request)
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ["Accept-Language"])
            response.setdefault("Content-Language", translation.get_language())
        return response
