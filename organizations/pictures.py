"""The register drawn: maps of members and observers, timelines of memberships and posts.

What the pages draw, worked out from what they already read: no query of their own.
"""

from core import timeline
from core.partial_dates import describe_period

from .models import Role
from .world_map import membership_map


def members_map(members, observers):
    """A map of a body's member and observer states, coloured by role, each a link, or None.

    `members` and `observers` are organizations, as the page lists them; those the map
    cannot show (Interpol, a state the atlas lacks) are named beside it.
    """
    holders = [(o, Role.MEMBER) for o in members] + [(o, Role.OBSERVER) for o in observers]
    return membership_map(holders)


def memberships_timeline(memberships):
    """Each member's memberships of a body on one line of years, members first joined first."""
    by_member = {}
    for membership in memberships:
        by_member.setdefault(membership.member_id, []).append(membership)
    rows = []
    for held in by_member.values():
        held.sort(key=lambda m: m.start_date)
        rows.append(
            timeline.Row(
                subject=RowSubject(
                    held[0].member,
                    [
                        (m.get_role_display(), describe_period(m.start_date, m.end_date))
                        for m in held
                    ],
                ),
                periods=[timeline.Period(m.start_date, m.end_date, m.role) for m in held],
            )
        )
    rows.sort(key=lambda row: (row.periods[0].start, row.subject.entity.name.casefold()))
    return timeline.draw(rows)


def posts_timeline(positions):
    """An official's posts on one line of years, the earliest first."""
    rows = [
        timeline.Row(
            subject=RowSubject(
                position.organization,
                [(position.title, describe_period(position.start_date, position.end_date))],
                position=position,
            ),
            periods=[timeline.Period(position.start_date, position.end_date, "post")],
        )
        for position in sorted(positions, key=lambda p: (p.start_date, p.end_date or "9999"))
    ]
    return timeline.draw(rows)


class RowSubject:
    """What a line is about (the member, the post's organization) and its periods in words."""

    def __init__(self, entity, periods, position=None):
        self.entity = entity
        self.periods = periods
        self.position = position
