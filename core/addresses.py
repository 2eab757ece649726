"""Absolute addresses on this site, built from the host the request was for.

Django's build_absolute_uri() takes a path that starts with two slashes ("//evil.example/")
for an address on another host; pages are linked from their own path, which a client
chooses, so every absolute link is built here instead.
"""


def origin(request):
    """Scheme and host of the request (the host is one of ALLOWED_HOSTS)."""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request, path):
    """`path` (which starts with a slash) on this site, whatever else it starts with."""
    return origin(request) + "/" + path.lstrip("/")
