from django.utils.translation import gettext_lazy as _

from core.filters import ApiFilterSet, SlugFilter, StableOrderingFilter, StrictBooleanFilter

from .models import Membership, Official, Organization, Position, Role


def organization_choice(help_text, **kwargs):
    return SlugFilter(queryset=Organization.objects.all(), help_text=help_text, **kwargs)


class OrganizationFilter(ApiFilterSet):
    member_of = organization_choice(
        _("Slug of a body: its current members."), method="filter_member_of"
    )
    observer_of = organization_choice(
        _("Slug of a body: its current observers."), method="filter_observer_of"
    )
    parent = organization_choice(_("Slug of the parent organization."))
    ordering = StableOrderingFilter(
        fields=("name", "founding_date", "updated_at"),
        help_text=_("Sort by name, founding_date or updated_at; prefix with - to reverse."),
    )

    class Meta:
        model = Organization
        fields = ["classification", "member_of", "observer_of", "parent"]

    def filter_member_of(self, queryset, name, value):
        return queryset.holding_role_in(value, Role.MEMBER)

    def filter_observer_of(self, queryset, name, value):
        return queryset.holding_role_in(value, Role.OBSERVER)


class OfficialFilter(ApiFilterSet):
    organization = organization_choice(
        _("Slug of an organization: officials who hold or held a post in it."),
        field_name="positions__organization",
        distinct=True,
    )
    ordering = StableOrderingFilter(
        fields=("name", "updated_at"),
        help_text=_("Sort by name or updated_at; prefix with - to reverse."),
    )

    class Meta:
        model = Official
        fields = ["organization"]


class CurrentFilterMixin(ApiFilterSet):
    current = StrictBooleanFilter(
        method="filter_current",
        help_text=_("true: under way today; false: ended or not yet begun."),
    )

    def filter_current(self, queryset, name, value):
        current = queryset.current()
        return current if value else queryset.exclude(pk__in=current.values("pk"))


class PositionFilter(CurrentFilterMixin):
    official = SlugFilter(queryset=Official.objects.all(), help_text=_("Slug of the official."))
    organization = organization_choice(_("Slug of the organization."))

    class Meta:
        model = Position
        fields = ["official", "organization", "current"]


class MembershipFilter(CurrentFilterMixin):
    organization = organization_choice(_("Slug of the body, for example caricc."))
    member = organization_choice(_("Slug of the member, for example kazakhstan."))

    class Meta:
        model = Membership
        fields = ["organization", "member", "role", "current"]
