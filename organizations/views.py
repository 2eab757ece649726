from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from core.cache import DependsOn
from core.collation import by_name
from core.pagination import ForgivingPaginationMixin
from core.slugs import FormerSlugRedirectMixin

from . import pictures, structured_data, world_map
from .models import Official, Organization, Position, Role


class OrganizationListView(DependsOn, ForgivingPaginationMixin, ListView):
    """Every organization, grouped by classification."""

    cache_tags = ()  # no news: publishing an article leaves the directory warm
    paginate_by = 100
    extra_context = {"section": "organizations"}

    def get_queryset(self):
        return Organization.objects.in_directory_order().select_related("parent")


class OrganizationDetailView(DependsOn, FormerSlugRedirectMixin, DetailView):
    """An organization: who belongs to it, what it belongs to, its people and its news."""

    extra_context = {"section": "organizations"}
    cache_tags = ()  # the register, and the news that mentions it (its recent_news)

    def get_queryset(self):
        return Organization.objects.select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        memberships = organization.memberships.select_related("member").order_by(
            by_name("member__name", translation.get_language()), "-start_date"
        )
        current = [m for m in memberships if m.is_current]
        context.update(
            members=[m for m in current if m.role == Role.MEMBER],
            observers=[m for m in current if m.role == Role.OBSERVER],
            former_memberships=[m for m in memberships if not m.is_current],
            memberships_held=organization.memberships_held.select_related("organization").order_by(
                "organization__name", "-start_date"
            ),
            positions=organization.positions.select_related("official").order_by(
                "end_date", "official__name", "pk"
            ),
            children=organization.children.in_name_order(),
        )
        dated = [m for m in memberships if m.start_date or m.end_date]
        context["membership_history"] = sorted(dated, key=lambda m: (m.start_date, m.member.name))
        context["members_map"] = pictures.members_map(
            [m.member for m in context["members"]], [m.member for m in context["observers"]]
        )
        context["membership_timeline"] = pictures.memberships_timeline(memberships)
        context["structured_data"] = structured_data.organization(
            self.request, organization, members=current, children=context["children"]
        )
        return context


class OfficialListView(DependsOn, ForgivingPaginationMixin, ListView):
    """Every official, with the posts they hold now."""

    cache_tags = ()  # no news
    paginate_by = 50
    extra_context = {"section": "officials"}

    def get_queryset(self):
        current_posts = Position.objects.current().select_related("organization")
        return Official.objects.prefetch_related(
            Prefetch("positions", queryset=current_posts, to_attr="current_positions")
        ).in_surname_order()


class OfficialDetailView(DependsOn, FormerSlugRedirectMixin, DetailView):
    """An official: the posts they hold or held, and the news that mentions them."""

    model = Official
    extra_context = {"section": "officials"}
    cache_tags = ()  # the register, and the news that mentions them (its recent_news)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            positions=self.object.positions.select_related("organization").order_by(
                "end_date", "-start_date", "pk"
            ),
        )
        context["posts_timeline"] = pictures.posts_timeline(context["positions"])
        context["structured_data"] = structured_data.person(
            self.request, self.object, positions=context["positions"]
        )
        return context


YEAR = 365 * 24 * 3600


@require_safe
def world_land(request, version):
    """The land of the world's map, drawn under the coloured states: kept by browsers for a
    year, since its address names the atlas it was drawn from."""
    if version != world_map.atlas_version():
        raise Http404
    response = HttpResponse(world_map.world_land_svg(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    return response
