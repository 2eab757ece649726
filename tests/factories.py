"""Builders for test data: each makes a valid object with unique defaults."""

import datetime
import itertools

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Status
from organizations.models import Membership, Official, Organization, Position

SEED_SLUG = "caricc-briefs-diplomatic-corps-in-astana"
_serial = itertools.count(1)


def make_organization(**fields):
    n = next(_serial)
    fields.setdefault("name", f"Organization {n}")
    fields.setdefault("slug", f"organization-{n}")
    fields.setdefault("classification", "other")
    return Organization.objects.create(**fields)


def make_official(**fields):
    n = next(_serial)
    fields.setdefault("name", f"Official {n}")
    fields.setdefault("slug", f"official-{n}")
    return Official.objects.create(**fields)


def make_article(organizations=(), officials=(), **fields):
    n = next(_serial)
    fields.setdefault("title", f"Article {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("status", Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=n))
    fields.setdefault("summary", f"Summary of article {n}.")
    fields.setdefault("body", f"Body of article {n}.")
    article = Article.objects.create(**fields)
    article.organizations.set(organizations)
    article.officials.set(officials)
    return article


def make_membership(organization, member, role="member", **fields):
    return Membership.objects.create(organization=organization, member=member, role=role, **fields)


def make_position(official, organization, title="Director", **fields):
    return Position.objects.create(
        official=official, organization=organization, title=title, **fields
    )


def count_queries(client, url, **extra):
    """Issue a GET with a cold cache and return (response, number of SQL queries it ran)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(queries)
