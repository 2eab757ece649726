"""The public cache: pages and API responses that anonymous readers share.

Every cached entry is keyed by a content generation that changes the moment
any content is saved or deleted, so a correction is visible on the next
request, and again when a scheduled article falls due, so it appears on time.
The API's ETags are built on the same generation. The generation lives in the
cache itself; with several application servers, the cache must be shared
(CACHE_URL=redis://...).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "content-generation"
# Long enough to outlive any quiet spell; each generation has its own entry.
NEXT_PUBLICATION_SECONDS = 7 * 24 * 3600


def generation():
    """The current content generation: it changes with every edit and every publication."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    due = cache.get(next_publication_key(value))
    if due and due <= timezone.now():
        # A scheduled article has just become public: what was cached no longer holds.
        value = time.time_ns()
        cache.set(GENERATION_KEY, value, None)
    return value


def next_publication_key(gen):
    return f"next-publication:{gen}"


def invalidate(**kwargs):
    """Make every cached page stale, now and again once the change is committed."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


def seconds_until_next_publication(gen):
    """How long until the next scheduled article appears (None if none is scheduled)."""
    from news.models import Article, Status

    key = next_publication_key(gen)
    now = timezone.now()
    due = cache.get(key)
    if due is None:
        due = (
            Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        ) or False
        # Kept until the generation changes: generation() compares it with the clock.
        cache.set(key, due, NEXT_PUBLICATION_SECONDS)
    if not due or due <= now:
        return None
    return max(1, math.ceil((due - now).total_seconds()))


def page_key(request, gen):
    parts = [
        str(gen),
        request.get_full_path(),
        request.headers.get("Accept", ""),
        request.headers.get("Accept-Language", ""),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def timeout_for(gen):
    until_next = seconds_until_next_publication(gen)
    if until_next is None:
        return settings.PUBLIC_CACHE_SECONDS
    return min(settings.PUBLIC_CACHE_SECONDS, until_next)
