"""schema.org descriptions of organizations and officials, for JSON-LD."""

from core.addresses import absolute_url

from .models import Classification, Role


def absolute(request, url):
    return absolute_url(request, url)


SCHEMA_TYPES = {
    Classification.STATE: "GovernmentOrganization",
    Classification.MINISTRY: "GovernmentOrganization",
    Classification.AGENCY: "GovernmentOrganization",
    Classification.NEWS_AGENCY: "NewsMediaOrganization",
}


def organization_reference(request, organization):
    return {
        "@type": SCHEMA_TYPES.get(organization.classification, "Organization"),
        "name": organization.name,
        "url": absolute(request, organization.get_absolute_url()),
    }


def person_reference(request, official):
    return {
        "@type": "Person",
        "name": official.name,
        "url": absolute(request, official.get_absolute_url()),
    }


def organization(request, organization, members=(), children=()):
    data = organization_reference(request, organization)
    data["@context"] = "https://schema.org"
    if organization.abbreviation:
        data["alternateName"] = organization.abbreviation
    if organization.founding_date:
        data["foundingDate"] = organization.founding_date
    if organization.dissolution_date:
        data["dissolutionDate"] = organization.dissolution_date
    if organization.headquarters:
        data["location"] = {"@type": "Place", "name": organization.headquarters}
    if organization.website:
        data["sameAs"] = organization.website
    if organization.description:
        data["description"] = organization.description
    if organization.parent:
        data["parentOrganization"] = organization_reference(request, organization.parent)
    if children:
        data["subOrganization"] = [organization_reference(request, c) for c in children]
    # schema.org knows members, not observers: observers are left out rather than misnamed.
    members = [m for m in members if m.role == Role.MEMBER]
    if members:
        data["member"] = [organization_reference(request, m.member) for m in members]
    return data


def person(request, official, positions=()):
    data = person_reference(request, official)
    data["@context"] = "https://schema.org"
    current = [p for p in positions if p.is_current]
    if current:
        data["jobTitle"] = current[0].title
        data["worksFor"] = [organization_reference(request, p.organization) for p in current]
    if official.biography:
        data["description"] = official.biography
    return data
