"""Absolute addresses on this site, built from the host the request was for.

Django's build_absolute_uri() takes a path that starts with two slashes ("//evil.example/")
for an address on another host; pages are linked from their own path, which a client
chooses, so every absolute link is built here instead.
"""

import re

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation


def origin(request):
    """Scheme and host of the request (the host is one of ALLOWED_HOSTS).

    Worked out once a request: an API list links each item twice, and get_host() checks
    the host against ALLOWED_HOSTS every time it is asked."""
    known = getattr(request, "site_origin", None)
    if known is None:
        known = request.site_origin = f"{request.scheme}://{request.get_host()}"
    return known


def absolute_url(request, path):
    """`path` (which starts with a slash) on this site, whatever else it starts with."""
    return origin(request) + "/" + path.lstrip("/")


# A slug as SlugField and the <slug:> converter take it: nothing in it is quoted.
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "0slug0"
# (view name, language, script prefix, resolver) -> the path before and after the slug.
_around_slug = {}


def slug_path(name, slug):
    """reverse(name, kwargs={"slug": slug}), at a third of its cost.

    A page links dozens of organizations, officials and articles, and reverse() matches
    each against the URL patterns again (about 15 µs a link). The path around the slug is
    the same for every slug, so it is reversed once for each language and script prefix,
    and for each set of URL patterns (the resolver, renewed when they change). A slug that
    would need quoting is reversed as usual.
    """
    if not isinstance(slug, str) or not PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = around_slug(name)
    return before + slug + after


def slug_paths(name):
    """slug -> slug_path(name, slug), for many slugs in the same language."""
    before, after = around_slug(name)
    return lambda slug: (
        before + slug + after
        if isinstance(slug, str) and PLAIN_SLUG.fullmatch(slug)
        else slug_path(name, slug)
    )


def around_slug(name):
    key = (name, translation.get_language(), get_script_prefix(), get_resolver(get_urlconf()))
    around = _around_slug.get(key)
    if around is None:
        around = _around_slug[key] = reverse(name, kwargs={"slug": PLACEHOLDER}).split(PLACEHOLDER)
    return around
