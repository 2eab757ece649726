"""The register as one Popolo document: organizations, persons, posts and memberships.

Popolo (https://www.popoloproject.com) is what parliamentary-monitoring and
open-government tools load. Organizations and persons keep the site's slugs as
ids; an official's post is a Popolo post (one per organization and title) held
through a membership; a state's membership of a body is a membership whose
member is an organization.
"""

from django.conf import settings
from django.utils.translation import gettext

from core.slugs import latin_slug
from core.translation import in_every_language

from .models import Membership, Official, Organization, Position


def partial_date(value):
    return value or None


def moment(value):
    return value.isoformat() if value else None


def other_names(obj, field="name"):
    """Aliases, an abbreviation, and the name in each other language it is written in."""
    names = [{"name": alias, "note": gettext("also known as")} for alias in obj.alias_list]
    abbreviation = getattr(obj, "abbreviation", "")
    if abbreviation:
        names.append({"name": abbreviation, "note": gettext("abbreviation")})
    current = getattr(obj, field)
    for code, language in settings.LANGUAGES:
        value = getattr(obj, f"{field}_{code}", "")
        if value and value != current:
            names.append({"name": value, "note": str(language)})
    return names


def post_id(position):
    """The same in every language: made from the post's title in the first language it has."""
    title = next((t for c in in_every_language("title") if (t := getattr(position, c))), "")
    return f"{position.organization.slug}/{latin_slug(title) or position.pk}"


class PopoloExport:
    """Builds the document; `page_url` turns a site path into an absolute URL."""

    def __init__(self, page_url):
        self.page_url = page_url

    def document(self):
        # Posts and memberships read only the slugs of what they join: the whole official
        # and organization (biographies, descriptions, in every language) would be read
        # once per post otherwise.
        positions = list(
            Position.objects.select_related("official", "organization")
            .only(
                "pk", "start_date", "end_date", "updated_at", *in_every_language("title"),
                "official__slug", "organization__slug",
            )
            .order_by("organization__slug", "title", "start_date", "pk")
        )  # fmt: skip
        memberships = (
            Membership.objects.select_related("organization", "member")
            .only(
                "pk", "role", "start_date", "end_date", "updated_at",
                "organization__slug", "member__slug",
            )
            .order_by("organization__slug", "member__slug", "start_date", "pk")
        )  # fmt: skip
        self.post_ids = {}
        return {
            "organizations": [
                self.organization(o)
                for o in Organization.objects.select_related("parent").order_by("slug")
            ],
            "persons": [self.person(o) for o in Official.objects.order_by("slug")],
            "posts": self.posts(positions),
            "memberships": [self.held_post(p) for p in positions]
            + [self.membership(m) for m in memberships],
        }

    def post_id(self, position):
        if position.pk not in self.post_ids:
            self.post_ids[position.pk] = post_id(position)
        return self.post_ids[position.pk]

    def organization(self, organization):
        data = {
            "id": organization.slug,
            "name": organization.name,
            "classification": organization.classification,
            "parent_id": organization.parent.slug if organization.parent else None,
            "founding_date": partial_date(organization.founding_date),
            "dissolution_date": partial_date(organization.dissolution_date),
            "other_names": other_names(organization),
            "identifiers": [],
            "links": [],
            "sources": [{"url": self.page_url(organization.get_absolute_url())}],
            "created_at": moment(organization.created_at),
            "updated_at": moment(organization.updated_at),
        }
        if organization.iso_code:
            data["identifiers"].append(
                {"identifier": organization.iso_code, "scheme": "ISO 3166-1 alpha-2"}
            )
        if organization.website:
            data["links"].append({"url": organization.website, "note": gettext("website")})
        return data

    def person(self, official):
        return {
            "id": official.slug,
            "name": official.name,
            "other_names": other_names(official),
            "biography": official.biography or None,
            "sources": [{"url": self.page_url(official.get_absolute_url())}],
            "created_at": moment(official.created_at),
            "updated_at": moment(official.updated_at),
        }

    def posts(self, positions):
        posts = {}
        for position in positions:
            posts.setdefault(
                self.post_id(position),
                {
                    "id": self.post_id(position),
                    "label": position.title,
                    "role": position.title,
                    "organization_id": position.organization.slug,
                },
            )
        return list(posts.values())

    def held_post(self, position):
        return {
            "id": f"position-{position.pk}",
            "person_id": position.official.slug,
            "organization_id": position.organization.slug,
            "post_id": self.post_id(position),
            "role": position.title,
            "start_date": partial_date(position.start_date),
            "end_date": partial_date(position.end_date),
            "updated_at": moment(position.updated_at),
        }

    def membership(self, membership):
        return {
            "id": f"membership-{membership.pk}",
            "organization_id": membership.organization.slug,
            "member": {"@type": "Organization", "id": membership.member.slug},
            "role": membership.role,
            "start_date": partial_date(membership.start_date),
            "end_date": partial_date(membership.end_date),
            "updated_at": moment(membership.updated_at),
        }
