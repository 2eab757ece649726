"""The public cache: pages and API responses that anonymous readers share.

Every cached entry is keyed by a content generation that changes the moment
any content is saved or deleted, so a correction is visible on the next
request. Entries also expire when the next scheduled article is due, so it
appears on time. The generation lives in the cache itself; with several
application servers, the cache must be shared (CACHE_URL=redis://...).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

GENERATION_KEY = "content-generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def invalidate(**kwargs):
    """Make every cached page stale, now and again once the change is committed."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, time.time_ns(), None))


def seconds_until_next_publication(gen):
    """How long until the next scheduled article appears (None if none is scheduled)."""
    from news.models import Article, Status

    key = f"next-publication:{gen}"
    now = timezone.now()
    due = cache.get(key)
    if due is None or (due and due <= now):
        due = (
            Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        ) or False
        cache.set(key, due, settings.PUBLIC_CACHE_SECONDS)
    if not due:
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
