"""The seed content: every entity the Kazinform story names, exactly as it names them."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from news.models import Article
from organizations.models import Membership, Official, Organization, Position

from .factories import SEED_SLUG

pytestmark = pytest.mark.django_db

SEED_TEXT = (
    Path(__file__).parent / "data" / "kazinform-2023-07-05-caricc-briefing.txt"
).read_text()


def seed_list(label):
    """The names the seed lists after 'member states are' or 'observers are'."""
    match = re.search(rf"{label} are (.+?)(?:, observers are|\.$)", SEED_TEXT.strip())
    names = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", match.group(1))
    return {name.strip() for name in names if name.strip()}


def test_caricc_has_exactly_the_seeds_members_and_observers(seed):
    members = seed_list("member states")
    observers = seed_list("observers")
    assert len(members) == 7 and len(observers) == 19

    caricc = Organization.objects.get(slug="caricc")
    current = Membership.objects.current().filter(organization=caricc)
    assert set(current.filter(role="member").values_list("member__name", flat=True)) == members
    assert set(current.filter(role="observer").values_list("member__name", flat=True)) == observers
    assert Membership.objects.count() == 26


def test_caricc_facts(seed):
    caricc = Organization.objects.get(slug="caricc")
    assert caricc.abbreviation == "CARICC"
    assert caricc.classification == "intergovernmental"
    assert caricc.founding_date == "2009"
    assert caricc.headquarters == "Almaty"
    assert caricc.name in SEED_TEXT


def test_states_have_their_iso_codes_and_interpol_is_not_a_state(seed):
    states = Organization.objects.filter(classification="state")
    assert states.count() == 25
    assert not states.filter(iso_code="").exists()
    assert dict(
        states.filter(slug__in=["kazakhstan", "great-britain", "usa", "turkiye"]).values_list(
            "slug", "iso_code"
        )
    ) == {
        "kazakhstan": "KZ",
        "great-britain": "GB",
        "usa": "US",
        "turkiye": "TR",
    }
    assert Organization.objects.get(slug="interpol").classification == "intergovernmental"


def test_the_other_organizations_and_their_parents(seed):
    def parent(slug):
        organization = Organization.objects.get(slug=slug)
        return organization.parent.slug if organization.parent else None

    assert parent("kazakhstan-ministry-of-foreign-affairs") == "kazakhstan"
    assert parent("kazakhstan-ministry-of-internal-affairs") == "kazakhstan"
    assert parent("kazakhstan-national-security-committee") == "kazakhstan"
    assert parent("unodc-regional-office-for-central-asia") == "unodc"
    assert Organization.objects.get(slug="unodc").abbreviation == "UNODC"
    assert Organization.objects.get(slug="kazinform").classification == "news_agency"
    assert Organization.objects.count() == 33


def test_the_three_officials_and_their_posts(seed):
    posts = {
        (p.official.slug, p.title, p.organization.slug)
        for p in Position.objects.select_related("official", "organization")
    }
    mfa, office = "kazakhstan-ministry-of-foreign-affairs", "unodc-regional-office-for-central-asia"
    assert posts == {
        ("kairat-umarov", "First Deputy Minister of Foreign Affairs", mfa),
        ("atageldy-yazlyev", "Director", "caricc"),
        ("ashita-mittal", "Regional Representative for Central Asia", office),
    }
    for official in Official.objects.all():
        assert official.name in SEED_TEXT
    # The seed gives no dates for posts or memberships; none is invented.
    assert not Position.objects.exclude(start_date="", end_date="").exists()
    assert not Membership.objects.exclude(start_date="", end_date="").exists()


def test_the_seed_article(seed):
    article = Article.objects.get(slug=SEED_SLUG)
    assert article in Article.objects.published()
    assert article.dateline == "Astana"
    assert article.source.slug == "kazinform"
    assert article.published_at.date().isoformat() == "2023-07-05"
    assert article.body.count("<p>") == 6
    assert "date 2023-07-05" not in article.body
    for paragraph in SEED_TEXT.strip().split("\n\n")[1:]:
        assert paragraph.strip() in article.body
    assert set(article.organizations.values_list("slug", flat=True)) == set(
        Organization.objects.values_list("slug", flat=True)
    )
    assert set(article.officials.values_list("slug", flat=True)) == {
        "kairat-umarov",
        "atageldy-yazlyev",
        "ashita-mittal",
    }


def test_loading_the_seed_again_duplicates_nothing(seed):
    counts = [Organization.objects.count(), Membership.objects.count(), Article.objects.count()]
    call_command("loaddata", "caricc", verbosity=0)
    assert [
        Organization.objects.count(),
        Membership.objects.count(),
        Article.objects.count(),
    ] == counts


def test_the_fixture_is_valid_by_the_models_own_rules(seed):
    for model in [Organization, Official, Position, Membership, Article]:
        for instance in model.objects.all():
            instance.full_clean()
