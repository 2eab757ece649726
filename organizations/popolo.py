"""The register as one Popolo document: organizations, persons, posts and memberships.

Popolo (https://www.popoloproject.com) is what parliamentary-monitoring and
open-government tools load. Organizations and persons keep the site's slugs as
ids; an official's post is a Popolo post (one per organization and title) held
through a membership; a state's membership of a body is a membership whose
member is an organization.
"""

from django.conf import settings
from django.utils.translation import gettext

from core.addresses import slug_paths
from core.slugs import latin_slug
from core.translation import fallback_order, in_every_language, shown_value

from .models import Membership, Official, Organization, Position

# Read as plain rows, not model instances: the document holds every entry of the register
# (3,500 rows at 365 organizations and 600 officials), and an instance costs several times
# a row (its constructor, its signals, a translated-field lookup per name).
ORGANIZATION_COLUMNS = [
    "slug", "classification", "parent__slug", "founding_date", "dissolution_date",
    "iso_code", "website", "abbreviation", "aliases", "created_at", "updated_at",
    *in_every_language("name"),
]  # fmt: skip
PERSON_COLUMNS = [
    "slug", "aliases", "created_at", "updated_at",
    *in_every_language("name"), *in_every_language("biography"),
]  # fmt: skip
POSITION_COLUMNS = [
    "pk", "start_date", "end_date", "updated_at", "official__slug", "organization__slug",
    *in_every_language("title"),
]  # fmt: skip
MEMBERSHIP_COLUMNS = [
    "pk", "role", "start_date", "end_date", "updated_at", "organization__slug", "member__slug",
]  # fmt: skip


def partial_date(value):
    return value or None


def moment(value):
    return value.isoformat() if value else None


def other_names(row, current, field="name"):
    """Aliases, an abbreviation, and the name in each other language it is written in."""
    aliases = [line.strip() for line in row["aliases"].splitlines() if line.strip()]
    names = [{"name": alias, "note": gettext("also known as")} for alias in aliases]
    if row.get("abbreviation"):
        names.append({"name": row["abbreviation"], "note": gettext("abbreviation")})
    for code, language in settings.LANGUAGES:
        value = row[f"{field}_{code}"]
        if value and value != current:
            names.append({"name": value, "note": str(language)})
    return names


def post_id(row):
    """The same in every language: made from the post's title in the first language it has."""
    title = next((t for c in in_every_language("title") if (t := row[c])), "")
    return f"{row['organization__slug']}/{latin_slug(title) or row['pk']}"


class PopoloExport:
    """Builds the document; `page_url` turns a site path into an absolute URL."""

    def __init__(self, page_url):
        self.page_url = page_url

    def document(self):
        self.order = fallback_order()
        positions = list(
            Position.objects.order_by("organization__slug", "title", "start_date", "pk").values(
                *POSITION_COLUMNS
            )
        )
        memberships = Membership.objects.order_by(
            "organization__slug", "member__slug", "start_date", "pk"
        ).values(*MEMBERSHIP_COLUMNS)
        organizations = Organization.objects.order_by("slug").values(*ORGANIZATION_COLUMNS)
        persons = Official.objects.order_by("slug").values(*PERSON_COLUMNS)
        self.post_ids = {row["pk"]: post_id(row) for row in positions}
        self.organization_page = slug_paths("organizations:organization-detail")
        self.person_page = slug_paths("organizations:official-detail")
        return {
            "organizations": [self.organization(row) for row in organizations],
            "persons": [self.person(row) for row in persons],
            "posts": self.posts(positions),
            "memberships": [self.held_post(row) for row in positions]
            + [self.membership(row) for row in memberships],
        }

    def organization(self, row):
        name = shown_value(row, "name", self.order)
        data = {
            "id": row["slug"],
            "name": name,
            "classification": row["classification"],
            "parent_id": row["parent__slug"],
            "founding_date": partial_date(row["founding_date"]),
            "dissolution_date": partial_date(row["dissolution_date"]),
            "other_names": other_names(row, name),
            "identifiers": [],
            "links": [],
            "sources": [{"url": self.page_url(self.organization_page(row["slug"]))}],
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
        }
        if row["iso_code"]:
            data["identifiers"].append(
                {"identifier": row["iso_code"], "scheme": "ISO 3166-1 alpha-2"}
            )
        if row["website"]:
            data["links"].append({"url": row["website"], "note": gettext("website")})
        return data

    def person(self, row):
        name = shown_value(row, "name", self.order)
        return {
            "id": row["slug"],
            "name": name,
            "other_names": other_names(row, name),
            "biography": shown_value(row, "biography", self.order) or None,
            "sources": [{"url": self.page_url(self.person_page(row["slug"]))}],
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
        }

    def posts(self, positions):
        posts = {}
        for row in positions:
            post = self.post_ids[row["pk"]]
            posts.setdefault(
                post,
                {
                    "id": post,
                    "label": shown_value(row, "title", self.order),
                    "role": shown_value(row, "title", self.order),
                    "organization_id": row["organization__slug"],
                },
            )
        return list(posts.values())

    def held_post(self, row):
        return {
            "id": f"position-{row['pk']}",
            "person_id": row["official__slug"],
            "organization_id": row["organization__slug"],
            "post_id": self.post_ids[row["pk"]],
            "role": shown_value(row, "title", self.order),
            "start_date": partial_date(row["start_date"]),
            "end_date": partial_date(row["end_date"]),
            "updated_at": moment(row["updated_at"]),
        }

    def membership(self, row):
        return {
            "id": f"membership-{row['pk']}",
            "organization_id": row["organization__slug"],
            "member": {"@type": "Organization", "id": row["member__slug"]},
            "role": row["role"],
            "start_date": partial_date(row["start_date"]),
            "end_date": partial_date(row["end_date"]),
            "updated_at": moment(row["updated_at"]),
        }
