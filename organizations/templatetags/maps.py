"""The states on a map of a body's members and observers, each a link to its page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from organizations.models import Role

register = template.Library()

STATE = (
    '<a href="{url}" class="state {role}"{fill}>\n'
    "      <title>{name}: {role_name}</title>\n"
    '      <path d="{path}"/>{dot}\n'
    "    </a>"
)


@register.simple_tag
def map_states(membership_map, element_id):
    """Every state the map colours: its shape (and a dot, if it is too small to see) linked
    to its page, titled with its name and role, observers hatched. Made here rather than in
    the template: a map draws dozens of states, and the template engine took four times as
    long."""
    member, observer = gettext("member"), gettext("observer")
    hatch = format_html(' fill="url(#{}-hatch)"', element_id)
    return format_html_join(
        "",
        STATE,
        (
            {
                "url": state.organization.get_absolute_url(),
                "role": state.role,
                "fill": hatch if state.role == Role.OBSERVER else "",
                "name": state.organization.name,
                "role_name": member if state.role == Role.MEMBER else observer,
                "path": state.path,
                "dot": (
                    format_html('<circle cx="{}" cy="{}" r="6"/>', *state.dot) if state.dot else ""
                ),
            }
            for state in membership_map.states
        ),
    )
