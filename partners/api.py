import django_filters
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from core.addresses import absolute_url
from core.conditional import ConditionalList
from core.filters import ApiFilterSet

from .models import Kind, Reason, Tombstone


class TombstoneSerializer(serializers.ModelSerializer):
    former_url = serializers.SerializerMethodField(
        help_text=_("Where the API served the object before it was removed.")
    )

    class Meta:
        model = Tombstone
        fields = ["kind", "identifier", "reason", "removed_at", "former_url"]

    def get_former_url(self, tombstone) -> str:
        try:
            path = reverse(f"{tombstone.kind}-detail", args=[tombstone.identifier])
        except NoReverseMatch:
            return ""
        return absolute_url(self.context["request"], path)


class TombstoneFilter(ApiFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, help_text=_("Only removals of this kind of object.")
    )
    reason = django_filters.ChoiceFilter(
        choices=Reason.choices, help_text=_("Only removals for this reason.")
    )

    class Meta:
        model = Tombstone
        fields = ["kind", "reason"]


class TombstoneViewSet(ConditionalList, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What has left the public API, oldest first, so that mirrors can remove it too.

    An article that is deleted or withdrawn from publication, any object that is
    deleted, and an old slug after a rename each leave a notice. A notice is
    withdrawn when the object is public again under that slug. Sync it as the
    lists are synced: ?updated_since= or ?cursor=.
    """

    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilter
    queryset = Tombstone.objects.order_by("removed_at", "pk")
    sync_field = "removed_at"
    search_fields = []
