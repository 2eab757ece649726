"""The public cache: pages and API responses that anonymous readers share.

Every cached entry holds the content generation it was made under, which changes the
moment anything the register holds is saved or deleted, so a correction is visible on
the next request, and again when a scheduled article falls due, so it appears on time.
Beneath it, tags: a change an app declares narrow (an article's) bumps its tags
only, and an entry is served while the tags it was made from are as they were, so
publishing an article leaves warm the pages that cannot show it (the directory, the
register's API, Popolo). Tags are of two kinds: an app's own (every news list depends
on "news"), read with the generation at every request, and tags of one object (one
article, the news that mentions one organization), which a change names from the
object and a page reads once it knows what it shows; a hit reads those its entry holds
with the generation and the app tags, in one read. The API's ETags are built on the
same versions. They live in the "versions" cache, which every worker reads (a file every
process maps on one machine, Redis across several), and the next scheduled publication
in the "shared" one; pages may live in each worker's own memory, since a worker never
serves a page whose versions have passed.

The cache knows no model: each app connects `invalidate_on_change` to the models
it shows the public, and an app whose content appears on a schedule registers a
function that says when the next item falls due. A view says what it shows with
`depends_on(request, *tags)`, and the objects it shows with `depends_also_on`; one
that says nothing depends on every app tag.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import transaction
from django.utils import timezone

from .addresses import origin

GENERATION_KEY = "content-generation"
# The next scheduled publication, with the generation and tag versions it was worked out
# under: it holds only while they do.
NEXT_PUBLICATION_KEY = "next-publication"
NEXT_PUBLICATION_SECONDS = 7 * 24 * 3600
# The entry this process last read or wrote: while the generation and tags are as it says,
# it is the shared one, and a request need not read it again.
_next_publication = None

_schedules = []
# Every tag an app's changes bump: what a view that names none depends on.
_tags = set()


def register_schedule(next_due):
    """Register `next_due()`: the next moment content becomes public by itself, or None."""
    if next_due not in _schedules:
        _schedules.append(next_due)


def invalidate_on_change(*models, seen_by_public=None, tags=None, object_tags=None):
    """Make every save, delete and link change of these models invalidate the public cache.

    `seen_by_public(instance)`, if given, says whether the public could see the object
    before or after the change (a draft it never sees): changes it could not see leave
    every cached page warm. With `tags`, a change makes stale only what depends on them
    (every view that names no tags does); without, it makes everything stale.
    `object_tags(instance)`, with `tags`, names the tags of the one object besides: read
    before and after a change of its links, before it is deleted. A link changed from the
    other side (an organization's articles) makes everything stale.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    tags = tuple(tags or ())
    _tags.update(tags)

    def own_tags(instance):
        return tuple(object_tags(instance)) if object_tags and tags else ()

    def changed(sender, instance=None, **kwargs):
        ours = isinstance(instance, models)
        if seen_by_public is not None and ours and not seen_by_public(instance):
            return
        if not tags or (object_tags and not ours):
            invalidate()
        else:
            touch(*tags, *own_tags(instance))

    def deleting(sender, instance, **kwargs):
        # Its links go before it does: what it showed on is known only now.
        instance._public_cache_tags = own_tags(instance)

    def deleted(sender, instance, **kwargs):
        if seen_by_public is None or seen_by_public(instance):
            if tags:
                touch(*tags, *getattr(instance, "_public_cache_tags", ()))
            else:
                invalidate()

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, dispatch_uid=f"cache-save-{label}", weak=False)
        pre_delete.connect(
            deleting, sender=model, dispatch_uid=f"cache-deleting-{label}", weak=False
        )
        post_delete.connect(deleted, sender=model, dispatch_uid=f"cache-delete-{label}", weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                changed,
                sender=through,
                dispatch_uid=f"cache-links-{through._meta.label}",
                weak=False,
            )


def shared():
    """The cache every worker and every machine shares (settings.CACHES["shared"])."""
    return caches["shared"]


def version_store():
    """Where the generation and the tags' versions are kept (settings.CACHES["versions"])."""
    return caches["versions"]


def keeps_nothing():
    """Whether the cache is off (CACHE_URL=dummy://): no page is kept, and no generation
    says when the content last changed."""
    return isinstance(shared(), DummyCache)


def state():
    """The content generation and the version of every app tag, in one read of the versions
    (one round trip to Redis): what a cached page is checked against.

    When a scheduled article has just become public, the generation changes first.
    """
    gen, tag_versions, _ = state_with(())
    return gen, tag_versions


def state_with(tags):
    """state(), and in the same read the versions of these tags too (those of the single
    objects a cached entry was made under): (generation, app tags' versions, theirs)."""
    store = version_store()
    app_tags = sorted(_tags)
    others = sorted(set(tags) - _tags)
    found = store.get_many([GENERATION_KEY, *map(tag_key, app_tags), *map(tag_key, others)])
    tag_versions = tuple((tag, found.get(tag_key(tag), 0)) for tag in app_tags)
    other_versions = tuple((tag, found.get(tag_key(tag), 0)) for tag in others)
    value = found.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        store.add(GENERATION_KEY, value, None)
        value = store.get(GENERATION_KEY, value)
    due = known_due(next_publication_entry(value, tag_versions), value, tag_versions)
    if due and due <= timezone.now():
        # A scheduled article has just become public: what was cached no longer holds.
        value = time.time_ns()
        store.set(GENERATION_KEY, value, None)
    return value, tag_versions, other_versions


def next_publication_entry(gen, tag_versions):
    """The shared entry of the next publication, read again only when the generation or
    tags have moved since this process last saw it."""
    global _next_publication
    if known_due(_next_publication, gen, tag_versions) is None:
        entry = shared().get(NEXT_PUBLICATION_KEY)
        if known_due(entry, gen, tag_versions) is not None:
            _next_publication = entry
        return entry
    return _next_publication


def generation():
    """The current content generation: it changes with every change to the register and
    every publication that falls due (the tags change with the rest)."""
    return state()[0]


def known_due(entry, gen, tag_versions):
    """The next publication from its entry, if worked out under this generation and these
    tags (a change to the news may have scheduled another); None if not."""
    if entry and entry[0] == gen and entry[1] == tag_versions:
        return entry[2]
    return None


def invalidate(**_signal):
    """Make every cached page stale, now and again once the change is committed."""
    store = version_store()
    store.set(GENERATION_KEY, time.time_ns(), None)
    transaction.on_commit(lambda: store.set(GENERATION_KEY, time.time_ns(), None))


def tag_key(tag):
    return f"tag:{tag}"


def versions(tags=None):
    """The current version of each tag (every app tag when `tags` is None), as a sorted
    tuple of pairs: part of a cache key or an ETag. A tag never changed (or not for
    longer than a page lives) is at 0."""
    tags = sorted(_tags if tags is None else tags)
    if not tags:
        return ()
    found = version_store().get_many([tag_key(tag) for tag in tags])
    return tuple((tag, found.get(tag_key(tag), 0)) for tag in tags)


def touch(*tags):
    """Make stale what depends on these tags, now and again once the change is committed.

    A change of this kind may also schedule an article: the next publication worked out
    before it no longer holds.
    """
    store = version_store()
    # A tag that vanished would read as never changed, reviving pages made before the
    # change: it is kept longer than any page lives (the mapped file keeps every version
    # for good). An object's tags, once that has passed, need not be kept at all.
    lifetime = max(TAG_SECONDS, 3 * settings.PUBLIC_CACHE_SECONDS)
    tags = set(tags)

    def bump():
        # The next publication worked out before is kept with these versions: it lapses.
        store.set_many({tag_key(tag): time.time_ns() for tag in tags}, lifetime)

    bump()
    transaction.on_commit(bump)


TAG_SECONDS = 24 * 3600
VERSIONS_ATTRIBUTE = "public_cache_versions"


def fresh(entry, gen, *tag_versions):
    """Whether a cached entry (generation, dependencies, response, gzipped body) still
    holds: made under this generation, and every (tag, version) pair it depends on as read
    for this request."""
    made_under, dependencies = entry[0], entry[1]
    current = dict(pair for versions in tag_versions for pair in versions)
    return made_under == gen and all(current.get(tag) == version for tag, version in dependencies)


def depends_on(request, *tags):
    """Say that the response to this request shows only what these tags track (nothing
    but the register, with none), and read their versions now, before what they guard.

    `request` is Django's request or DRF's.
    """
    request = getattr(request, "_request", request)
    setattr(request, VERSIONS_ATTRIBUTE, versions(tags))


def depends_also_on(request, *tags):
    """Say that the response also shows what these tags of single objects track, and read
    their versions now: before what they guard is read (for a page being cached)."""
    request = getattr(request, "_request", request)
    known = getattr(request, VERSIONS_ATTRIBUTE, None)
    if known is not None and tags:
        setattr(request, VERSIONS_ATTRIBUTE, (*known, *versions(set(tags) - dict(known).keys())))


class DependsOn:
    """A view that says which tags it depends on: `cache_tags`, a tuple (None for every app
    tag), and the tags of the object its address names (`object_cache_tags()`)."""

    cache_tags = None

    def object_cache_tags(self):
        return ()

    def dispatch(self, request, *args, **kwargs):
        if self.cache_tags is not None:
            depends_on(request, *self.cache_tags, *self.object_cache_tags())
        return super().dispatch(request, *args, **kwargs)


def seconds_until_next_publication(gen):
    """How long until the next scheduled article appears (None if none is scheduled, or
    if nothing is kept: with the cache off no entry outlives its request)."""
    global _next_publication
    if keeps_nothing():
        return None
    now = timezone.now()
    # Read before the schedules: a change while they are read leaves the entry stale.
    tag_versions = versions()
    due = known_due(next_publication_entry(gen, tag_versions), gen, tag_versions)
    if due is None:
        moments = [moment for moment in (next_due() for next_due in _schedules) if moment]
        due = min(moments, default=False)
        entry = (gen, tag_versions, due)
        shared().set(NEXT_PUBLICATION_KEY, entry, NEXT_PUBLICATION_SECONDS)
        _next_publication = entry
    if not due or due <= now:
        return None
    return max(1, math.ceil((due - now).total_seconds()))


def page_key(request):
    """Where an anonymous reader's page or API answer is cached: one entry per address and
    what else decides the body, replaced when made again under a newer generation."""
    # Pages hold absolute links to the host they were asked for: never serve one to another.
    parts = [
        origin(request),
        request.get_full_path(),
        # Read from the environment: building request.headers costs more than the whole key.
        request.META.get("HTTP_ACCEPT", ""),
        request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
    ]
    # v4: an entry holds the generation and the versions of its tags beside the response,
    # and its body gzipped (or None).
    return "page-v4:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def timeout_for(gen):
    until_next = seconds_until_next_publication(gen)
    if until_next is None:
        return settings.PUBLIC_CACHE_SECONDS
    return min(settings.PUBLIC_CACHE_SECONDS, until_next)
