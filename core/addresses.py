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
# What stands for the slug or the id while the path around it is reversed.
PLACEHOLDERS = {"slug": "0slug0", "pk": "9081726354"}
# (view name, keyword, language, script prefix, resolver) -> the path before and after it.
_around = {}


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
    before, after = around(name, "slug")
    return before + slug + after


def slug_paths(name):
    """slug -> slug_path(name, slug), for many slugs in the same language."""
    before, after = around(name, "slug")
    return lambda slug: (
        before + slug + after
        if isinstance(slug, str) and PLAIN_SLUG.fullmatch(slug)
        else slug_path(name, slug)
    )


def pk_path(name, pk):
    """reverse(name, kwargs={"pk": pk}) as slug_path() makes it, for what is named by id."""
    if type(pk) is not int or pk < 0:
        return reverse(name, kwargs={"pk": pk})
    before, after = around(name, "pk")
    return f"{before}{pk}{after}"


def around(name, keyword):
    key = (
        name,
        keyword,
        translation.get_language(),
        get_script_prefix(),
        get_resolver(get_urlconf()),
    )
    found = _around.get(key)
    if found is None:
        placeholder = PLACEHOLDERS[keyword]
        found = _around[key] = reverse(name, kwargs={keyword: placeholder}).split(placeholder)
    return found
