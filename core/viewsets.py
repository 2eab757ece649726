from django.http import Http404, HttpResponsePermanentRedirect
from rest_framework import viewsets
from rest_framework.reverse import reverse

from .api import RevisionMixin
from .conditional import ConditionalDetail, ConditionalList, PreconditionedWrites
from .models import FormerSlug
from .shaping import ShapedViewMixin
from .slugs import with_query


class FormerSlugRedirects:
    """An object read by a slug it no longer has is a 301 to where it is now."""

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            if self.lookup_field != "slug":
                raise
            queryset = self.get_queryset()
            pk = FormerSlug.objects.current_pk(queryset.model, kwargs.get("slug", ""))
            found = queryset.filter(pk=pk).first() if pk else None
            if found is None:
                raise
            url = reverse(f"{self.basename}-detail", kwargs={"slug": found.slug})
            return HttpResponsePermanentRedirect(with_query(request, url))


class ContentViewSet(
    FormerSlugRedirects,
    ConditionalList,
    ConditionalDetail,
    PreconditionedWrites,
    ShapedViewMixin,
    RevisionMixin,
    viewsets.ModelViewSet,
):
    """What every content endpoint does: conditional requests, shaping, sync and revisions.

    A subclass declares what core.api.Endpoint lists (sync_field, representation_relations,
    expansions, audience) where it differs from the defaults.
    """

    # Only what a slug or an id can be reaches a view: anything else is a 404 from the router.
    LOOKUP_PATTERNS = {"slug": "[-a-zA-Z0-9_]+", "pk": "[0-9]+"}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.lookup_value_regex = cls.LOOKUP_PATTERNS[cls.lookup_field]
