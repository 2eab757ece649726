"""Shaping API responses: ?fields= picks fields, ?expand= embeds related objects in full."""

import functools

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from .api import Endpoint

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def requested_names(request, param):
    raw = request.query_params.get(param, "")
    return [name.strip() for name in raw.split(",") if name.strip()]


class ShapedSerializerMixin:
    """A serializer whose fields the client may narrow (?fields=) and expand (?expand=).

    `expandable` maps a field to a function returning the serializer that shows the
    related object in full; the view prefetches what it needs (see ShapedViewMixin).
    Only the outermost serializer of a GET is shaped.
    """

    expandable = {}

    def __init__(self, *args, shaped=True, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if not shaped or request is None or request.method not in SAFE_METHODS:
            return
        for name in requested_names(request, "expand"):
            self.fields[name] = self.expandable[name]()
        wanted = requested_names(request, "fields")
        if wanted:
            for name in set(self.fields) - set(wanted):
                self.fields.pop(name)


def unknown_names_error(param, unknown, known):
    if not known:
        return ValidationError({param: [gettext("Nothing here can be expanded.")]})
    return ValidationError(
        {
            param: [
                gettext("Unknown: %(unknown)s. Choose from: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
            ]
        }
    )


@functools.cache
def field_names(serializer_class):
    # Building a serializer's fields costs a few milliseconds; their names never change.
    return list(serializer_class().fields)


class ShapedViewMixin(Endpoint):
    """Checks ?fields= and ?expand= and prefetches what an expansion shows.

    `expansions` maps each expandable field to the lookups to prefetch or join, so
    that a list costs the same number of queries whatever its length.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS:
            self.expanded_relations = ()
            return
        expand = requested_names(request, "expand")
        unknown = [name for name in expand if name not in self.expansions]
        if unknown:
            raise unknown_names_error("expand", unknown, sorted(self.expansions))
        fields = requested_names(request, "fields")
        if fields:
            known = self.serializer_field_names()
            unknown = [name for name in fields if name not in known]
            if unknown:
                raise unknown_names_error("fields", unknown, known)
        self.expanded_relations = [
            path for name in expand for path in self.expansions[name].get("stamps", [name])
        ]

    def serializer_field_names(self):
        """The fields ?fields= may name: the JSON representation's, and what may be expanded."""
        names = field_names(self.serializer_class)
        return names + [name for name in self.expansions if name not in names]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        for name in requested_names(self.request, "expand") if self.is_reading() else ():
            expansion = self.expansions.get(name, {})
            if expansion.get("select"):
                queryset = queryset.select_related(*expansion["select"])
            if expansion.get("prefetch"):
                # Built per request: a Prefetch object is not to be shared between querysets.
                lookups = [
                    lookup() if callable(lookup) else lookup for lookup in expansion["prefetch"]
                ]
                queryset = queryset.prefetch_related(*lookups)
        return queryset

    def is_reading(self):
        return self.request is not None and self.request.method in SAFE_METHODS


def shaping_parameters(view):
    """OpenAPI parameters for ?fields= and ?expand= on a shaped view."""
    fields = view.serializer_field_names()
    parameters = [
        {
            "name": "fields",
            "required": False,
            "in": "query",
            "description": str(
                _(
                    "Comma-separated fields to return, leaving out the rest: %(fields)s. "
                    "Without it every field is returned."
                )
                % {"fields": ", ".join(fields)}
            ),
            "schema": {"type": "string"},
            "example": ",".join(fields[:3]),
        }
    ]
    if view.expansions:
        names = sorted(view.expansions)
        parameters.append(
            {
                "name": "expand",
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Comma-separated related objects to embed in full instead of as "
                        "{slug, name}: %(names)s."
                    )
                    % {"names": ", ".join(names)}
                ),
                "schema": {"type": "string"},
                "example": names[0],
            }
        )
    return parameters
