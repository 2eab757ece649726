from rest_framework import viewsets

from .api import RevisionMixin
from .conditional import ConditionalDetail, ConditionalList, PreconditionedWrites
from .shaping import ShapedViewMixin


class ContentViewSet(
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
