from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from caricc_site.api import ModelValidationMixin, ReferenceField, RevisionMixin, WebURLField

from .filters import MembershipFilter, OfficialFilter, OrganizationFilter, PositionFilter
from .models import Membership, Official, Organization, Position, in_every_language


class OrganizationSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    parent = ReferenceField(queryset=Organization.objects.all(), allow_null=True, required=False)
    web_url = WebURLField()

    class Meta:
        model = Organization
        fields = [
            "url", "web_url", "slug", "name", "abbreviation", "classification", "parent",
            "iso_code", "founding_date", "dissolution_date", "headquarters", "description",
            "website", "aliases", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}}


class PositionSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    official = ReferenceField(queryset=Official.objects.all())
    organization = ReferenceField(queryset=Organization.objects.all())

    class Meta:
        model = Position
        fields = ["url", "id", "official", "organization", "title", "start_date", "end_date"]


class HeldPositionSerializer(serializers.ModelSerializer):
    """A post as listed under its official."""

    organization = ReferenceField(read_only=True)

    class Meta:
        model = Position
        fields = ["title", "organization", "start_date", "end_date"]


class OfficialSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    positions = HeldPositionSerializer(many=True, read_only=True)
    web_url = WebURLField()

    class Meta:
        model = Official
        fields = [
            "url", "web_url", "slug", "name", "biography", "aliases", "positions", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}}


class MembershipSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    organization = ReferenceField(
        queryset=Organization.objects.all(), extra_fields=["classification"]
    )
    member = ReferenceField(queryset=Organization.objects.all(), extra_fields=["classification"])

    class Meta:
        model = Membership
        fields = ["url", "id", "organization", "member", "role", "start_date", "end_date"]


class OrganizationViewSet(RevisionMixin, viewsets.ModelViewSet):
    """States, ministries, agencies and international bodies, looked up by slug."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = [*in_every_language("name"), "abbreviation", "aliases"]
    lookup_field = "slug"

    def get_queryset(self):
        return Organization.objects.select_related("parent").order_by("name", "pk")


class OfficialViewSet(RevisionMixin, viewsets.ModelViewSet):
    """People who hold posts, with every post they hold or held, looked up by slug."""

    serializer_class = OfficialSerializer
    filterset_class = OfficialFilter
    search_fields = [*in_every_language("name"), "aliases"]
    lookup_field = "slug"

    def get_queryset(self):
        positions = Position.objects.select_related("organization").order_by(
            "-start_date", "title", "pk"
        )
        return Official.objects.prefetch_related(
            Prefetch("positions", queryset=positions)
        ).order_by("name", "pk")


class PositionViewSet(RevisionMixin, viewsets.ModelViewSet):
    """Posts held by officials in organizations; an empty end_date means current."""

    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    search_fields = [
        *in_every_language("title"),
        *(f"official__{c}" for c in in_every_language("name")),
        *(f"organization__{c}" for c in in_every_language("name")),
    ]

    def get_queryset(self):
        return Position.objects.select_related("official", "organization").order_by(
            "official__name", "-start_date", "pk"
        )


class MembershipViewSet(RevisionMixin, viewsets.ModelViewSet):
    """Which organizations are members or observers of which bodies, and when."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self):
        return Membership.objects.select_related("organization", "member").order_by(
            "organization__name", "role", "member__name", "pk"
        )
