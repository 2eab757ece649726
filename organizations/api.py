import functools

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response

from core.addresses import absolute_url
from core.api import (
    HyperlinkedModelSerializer,
    LanguageFilter,
    LinesField,
    ModelValidationMixin,
    ReferenceField,
    WebURLField,
)
from core.conditional import ConditionalList
from core.shaping import ShapedSerializerMixin
from core.translation import in_every_language
from core.viewsets import ContentViewSet

from .filters import MembershipFilter, OfficialFilter, OrganizationFilter, PositionFilter
from .models import Membership, Official, Organization, Position, held_posts_of
from .popolo import PopoloExport


class OrganizationSerializer(
    ShapedSerializerMixin, ModelValidationMixin, HyperlinkedModelSerializer
):
    parent = ReferenceField(queryset=Organization.objects.all(), allow_null=True, required=False)
    aliases = LinesField(
        required=False, help_text=_("Other names the news uses for it; wire import links them.")
    )
    web_url = WebURLField()
    expandable = {"parent": lambda: OrganizationSerializer(read_only=True, shaped=False)}

    class Meta:
        model = Organization
        fields = [
            "url", "web_url", "slug", "name", "abbreviation", "classification", "parent",
            "iso_code", "founding_date", "dissolution_date", "headquarters", "description",
            "website", "aliases", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}}


class PositionSerializer(ShapedSerializerMixin, ModelValidationMixin, HyperlinkedModelSerializer):
    official = ReferenceField(queryset=Official.objects.all())
    organization = ReferenceField(queryset=Organization.objects.all())
    expandable = {
        "official": lambda: OfficialSerializer(read_only=True, shaped=False),
        "organization": lambda: OrganizationSerializer(read_only=True, shaped=False),
    }

    class Meta:
        model = Position
        fields = [
            "url", "id", "official", "organization", "title", "start_date", "end_date",
            "updated_at",
        ]  # fmt: skip


class HeldPositionSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """A post as listed under its official."""

    organization = ReferenceField(read_only=True)

    class Meta:
        model = Position
        fields = ["title", "organization", "start_date", "end_date"]


class OfficialSerializer(ShapedSerializerMixin, ModelValidationMixin, HyperlinkedModelSerializer):
    positions = HeldPositionSerializer(source="held_posts", many=True, read_only=True)
    web_url = WebURLField()
    aliases = LinesField(
        required=False, help_text=_("Other names the news uses for them; wire import links them.")
    )

    class Meta:
        model = Official
        fields = [
            "url", "web_url", "slug", "name", "biography", "aliases", "positions", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}}


class MembershipSerializer(ShapedSerializerMixin, ModelValidationMixin, HyperlinkedModelSerializer):
    organization = ReferenceField(
        queryset=Organization.objects.all(), extra_fields=["classification"]
    )
    member = ReferenceField(queryset=Organization.objects.all(), extra_fields=["classification"])
    expandable = {
        "organization": lambda: OrganizationSerializer(read_only=True, shaped=False),
        "member": lambda: OrganizationSerializer(read_only=True, shaped=False),
    }

    class Meta:
        model = Membership
        fields = [
            "url", "id", "organization", "member", "role", "start_date", "end_date", "updated_at",
        ]  # fmt: skip


OFFICIAL_IN_FULL = ["{name}", "{name}__held_posts", "{name}__held_posts__organization"]


def official_expansion(name):
    """An official shown in full: its posts and their organizations come too."""
    return {
        "prefetch": [lambda: held_posts_of(f"{name}__positions")],
        "stamps": [path.format(name=name) for path in OFFICIAL_IN_FULL],
    }


def organization_expansion(name):
    """An organization shown in full: its parent comes too."""
    return {"select": [f"{name}__parent"], "stamps": [name, f"{name}__parent"]}


class OrganizationViewSet(ContentViewSet):
    """States, ministries, agencies and international bodies, looked up by slug."""

    # The register shows no news: publishing an article leaves its answers warm.
    cache_tags = ()

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = [*in_every_language("name"), "abbreviation", "aliases"]
    lookup_field = "slug"
    representation_relations = ["parent"]
    expansions = {"parent": organization_expansion("parent")}

    def get_queryset(self):
        return Organization.objects.select_related("parent").order_by("name", "pk")


class OfficialViewSet(ContentViewSet):
    """People who hold posts, with every post they hold or held, looked up by slug."""

    # The register shows no news: publishing an article leaves its answers warm.
    cache_tags = ()

    serializer_class = OfficialSerializer
    filterset_class = OfficialFilter
    search_fields = [*in_every_language("name"), "aliases"]
    lookup_field = "slug"
    representation_relations = ["held_posts", "held_posts__organization"]

    def get_queryset(self):
        return Official.objects.prefetch_related(held_posts_of()).order_by("name", "pk")


class PositionViewSet(ContentViewSet):
    """Posts held by officials in organizations; an empty end_date means current."""

    # The register shows no news: publishing an article leaves its answers warm.
    cache_tags = ()

    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    search_fields = [
        *in_every_language("title"),
        *(f"official__{c}" for c in in_every_language("name")),
        *(f"organization__{c}" for c in in_every_language("name")),
    ]
    representation_relations = ["official", "organization"]
    expansions = {
        "official": official_expansion("official"),
        "organization": organization_expansion("organization"),
    }

    def get_queryset(self):
        return Position.objects.select_related("official", "organization").order_by(
            "official__name", "-start_date", "pk"
        )


class MembershipViewSet(ContentViewSet):
    """Which organizations are members or observers of which bodies, and when."""

    # The register shows no news: publishing an article leaves its answers warm.
    cache_tags = ()

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    representation_relations = ["organization", "member"]
    expansions = {
        "organization": organization_expansion("organization"),
        "member": organization_expansion("member"),
    }

    def get_queryset(self):
        return Membership.objects.select_related("organization", "member").order_by(
            "organization__name", "role", "member__name", "pk"
        )


class PopoloDocument:
    def list(self, request, *args, **kwargs):
        self.filter_queryset(Organization.objects.none())  # ?lang=
        return Response(PopoloExport(functools.partial(absolute_url, request)).document())


class PopoloExportView(ConditionalList, PopoloDocument, generics.GenericAPIView):
    """The whole register as one Popolo document, for tools that load Popolo."""

    # The register shows no news: publishing an article leaves its answers warm.
    cache_tags = ()

    permission_classes = [permissions.AllowAny]
    filter_backends = [LanguageFilter]
    pagination_class = None
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="popolo_export",
        summary=str(_("Popolo export")),
        description=str(
            _(
                "Organizations, persons (officials), posts and memberships as one Popolo "
                "document (https://www.popoloproject.com). Organizations and persons use "
                "the site's slugs as ids; an official's post is held through a membership "
                "with a post_id; a state's membership of a body has an organization as member."
            )
        ),
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description=str(_("A Popolo document.")))
        },
        tags=["popolo"],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)
