"""Conditional requests on the API, and the shared cache of what the public reads.

Every GET answers with an ETag, and a detail also with Last-Modified, worked out
before anything is serialised: a list's ETag comes from the content generation
(which changes with every edit and every publication), an object's from when it
and the related objects it shows last changed. A matching If-None-Match or
If-Modified-Since gets a 304 at once. Writes honour If-Match: a stale ETag gets
a 412, so two editors never silently overwrite each other.

Public representations are cached per generation as rendered bytes. This cache is
inside the view, after authentication and throttling, so a partner's cached answer
still counts against its key's limit; anonymous readers are served before the view,
by the site's PublicCacheMiddleware.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from . import cache as public_cache
from .addresses import origin
from .api import Endpoint, requested_language

UNSAFE = ("PUT", "PATCH", "DELETE")
WRITE_ACTIONS = ("update", "partial_update", "destroy")
CACHED_FORMATS = ("json", "ninjs")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = _(
        "It has changed since you read it. Fetch it again, check the change, and send "
        "your edit with the new ETag in If-Match."
    )


def digest(*parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def http_seconds(moment):
    """A time as HTTP dates carry it: whole seconds."""
    return int(moment.timestamp()) if moment is not None else None


def related_objects(instance, path):
    """The objects at `path` (a__b) from an instance, read from what is already loaded: a
    step is a relation, a list prefetched to an attribute, or a method giving a list."""
    objects = [instance]
    for name in path.split("__"):
        found = []
        for obj in objects:
            value = getattr(obj, name, None)
            if value is None:
                continue
            if isinstance(value, list | tuple):  # prefetched to an attribute
                found.extend(value)
            elif hasattr(value, "all"):
                found.extend(value.all())
            elif callable(value):  # the model's own reading of it (Article.mentioned_...)
                found.extend(value())
            else:
                found.append(value)
        objects = found
    return objects


class ConditionalResponses(Endpoint):
    """Validators on GETs and the public cache; the views below add them to each action."""

    # Per request: the cache entry a fresh 200 is to be stored as, and the object written.
    store_as = None
    written = None
    # The public cache's tags this endpoint's answers depend on (None: every app tag).
    cache_tags = None

    def object_cache_tags(self):
        """The tags of the one object the address names, with `cache_tags` (core.cache)."""
        return ()

    def content_version(self):
        """What this endpoint's cached answers and list ETags are keyed by, read before the
        data: the content generation and the versions of the tags it depends on."""
        gen, tag_versions = public_cache.state()
        if self.cache_tags is not None:
            tag_versions = (
                *(pair for pair in tag_versions if pair[0] in self.cache_tags),
                *public_cache.versions(self.object_cache_tags()),
            )
            setattr(self.request._request, public_cache.VERSIONS_ATTRIBUTE, tag_versions)
        return gen, tag_versions

    def variant(self):
        """What besides the data decides the body: format, language, shaping and the host
        (absolute links)."""
        request = self.request
        renderer = getattr(request, "accepted_renderer", None)
        return (
            renderer.format if renderer else "",
            origin(request),
            requested_language(request),
            request.query_params.get("fields", ""),
            request.query_params.get("expand", ""),
        )

    def relations_shown(self):
        return [*self.representation_relations, *self.expanded_relations]

    def validators_for(self, instance):
        # The object's own time is the one it syncs by (an article's counts its publication).
        stamps = [(instance._meta.label, instance.pk, getattr(instance, self.sync_field))]
        for path in self.relations_shown():
            for obj in related_objects(instance, path):
                stamps.append((obj._meta.label, obj.pk, obj.updated_at))
        last_modified = max(stamp[2] for stamp in stamps)
        return f'"{digest(sorted(stamps), self.variant())}"', last_modified

    def cache_key(self, version):
        # Only what everyone sees, and only data formats: the browsable API is per user.
        if self.audience() != "public" or self.variant()[0] not in CACHED_FORMATS:
            return None
        return "api:" + digest(version, self.request.get_full_path(), self.variant())

    def conditional(self, version, validators, render):
        # Makes the generation change when the next scheduled article appears.
        public_cache.seconds_until_next_publication(version[0])
        key = self.cache_key(version)
        stored = cache.get(key) if key else None
        if stored is not None:
            etag, last_modified = stored["etag"], stored["last_modified"]
        else:
            etag, last_modified = validators()
        not_modified = get_conditional_response(
            self.request._request, etag=etag, last_modified=http_seconds(last_modified)
        )
        if not_modified is not None:
            return self.with_validators(not_modified, etag, last_modified)
        if stored is not None:
            response = HttpResponse(stored["content"], content_type=stored["content_type"])
            response["X-Cache"] = "hit"
            return self.with_validators(response, etag, last_modified)
        response = self.with_validators(render(), etag, last_modified)
        if key:
            self.store_as = (key, version, etag, last_modified)
        return response

    def with_validators(self, response, etag, last_modified):
        if etag is not None:
            response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(http_seconds(last_modified))
        if self.audience() == "public":
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        else:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Accept", "Accept-Language", "Authorization"])
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        stored_as = self.store_as
        if stored_as and response.status_code == 200:
            key, version, etag, last_modified = stored_as
            response.render()
            response["X-Cache"] = "miss"
            cache.set(
                key,
                {
                    "content": response.content,
                    "content_type": response["Content-Type"],
                    "etag": etag,
                    "last_modified": last_modified,
                },
                public_cache.timeout_for(version[0]),
            )
        return response

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, PreconditionFailed):
            response["ETag"] = exc.etag
        return response


class ConditionalList(ConditionalResponses):
    """A list's ETag comes from the content generation: no query is needed for a 304."""

    def list(self, request, *args, **kwargs):
        if public_cache.keeps_nothing():
            # With the cache off no generation is kept (each request would have another):
            # the ETag is the body's own, and the 304 ConditionalGetMiddleware's, as a page's.
            response = super().list(request, *args, **kwargs)
            return self.with_validators(response, None, None)
        version = self.content_version()
        path = request.get_full_path()
        etag = f'"{digest("list", version, self.audience(), path, self.variant())}"'

        def render():
            return super(ConditionalList, self).list(request, *args, **kwargs)

        return self.conditional(version, lambda: (etag, None), render)


class ConditionalDetail(ConditionalResponses):
    """An object's ETag and Last-Modified come from when it and what it shows last changed."""

    def retrieve(self, request, *args, **kwargs):
        version = self.content_version()
        state = {}

        def validators():
            state["instance"] = self.get_object()
            return self.validators_for(state["instance"])

        def render():
            serializer = self.get_serializer(state["instance"])
            return Response(serializer.data)

        return self.conditional(version, validators, render)


class PreconditionedWrites(ConditionalResponses):
    """If-Match on PUT, PATCH and DELETE, checked under a row lock; writes return the new ETag."""

    def get_object(self):
        # Writes only: OPTIONS also asks for the object, with a copy of the request that
        # says PUT, to describe the form (and outside any transaction).
        if self.request.method not in UNSAFE or self.action not in WRITE_ACTIONS:
            return super().get_object()
        # Wait for any concurrent write to the same object, then compare with what it is now.
        lookup = self.lookup_url_kwarg or self.lookup_field
        model = self.get_queryset().model
        list(
            model._base_manager.select_for_update()
            .filter(**{self.lookup_field: self.kwargs[lookup]})
            .values_list("pk")
        )
        instance = super().get_object()
        if_match = self.request.headers.get("If-Match")
        if if_match is not None and not parse_etags(if_match):
            # Ignoring a precondition that cannot be read would let a stale write through.
            raise ValidationError(
                {
                    "If-Match": [
                        gettext('Send the ETag as it came, in quotes ("..."), or * for any.')
                    ]
                }
            )
        etag, last_modified = self.validators_for(instance)
        failed = get_conditional_response(
            self.request._request, etag=etag, last_modified=http_seconds(last_modified)
        )
        if failed is not None and failed.status_code == status.HTTP_412_PRECONDITION_FAILED:
            error = PreconditionFailed()
            error.etag = etag
            raise error
        return instance

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        return self.with_fresh_validators(response)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        return self.with_fresh_validators(response)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.written = serializer.instance

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.written = serializer.instance

    def with_fresh_validators(self, response):
        """A write is answered with the object as the next GET reads it, and that GET's
        ETag: read again, with what it shows prefetched, as what the write set off (the
        time a change of links stamps on an article) is in the database, not in the
        object written. An object the writer can no longer see is read as it is."""
        instance = self.written
        if instance is not None and response.status_code in (200, 201):
            queryset = self.get_queryset()
            fresh = queryset.filter(pk=instance.pk).first() or queryset.model._base_manager.get(
                pk=instance.pk
            )
            response.data = self.get_serializer(fresh).data
            etag, last_modified = self.validators_for(fresh)
            response["ETag"] = etag
            response["Last-Modified"] = http_date(http_seconds(last_modified))
        return response
