"""The editors' admin: every page renders, and mistakes become form errors."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article, Status
from organizations.models import Membership, NotAMention, Official, Organization, Position

from .factories import (
    SEED_SLUG,
    make_article,
    make_membership,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db

MODELS = [
    ("news", "article"),
    ("organizations", "organization"),
    ("organizations", "official"),
    ("organizations", "position"),
    ("organizations", "membership"),
    ("organizations", "notamention"),
]


def test_the_editors_group_has_exactly_the_content_permissions(db):
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {
        (app, f"{action}_{model}")
        for app, model in MODELS
        for action in ["add", "change", "delete", "view"]
    } | {("news", "publish_article"), ("caricc_site", "view_change")}
    expected |= {
        ("partners", "add_partnerkey"),
        ("partners", "change_partnerkey"),
        ("partners", "view_partnerkey"),
        ("partners", "view_tombstone"),
    }
    assert codenames == expected


def test_the_authors_group_writes_articles_and_only_reads_the_register(db):
    group = Group.objects.get(name="Authors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {
        ("news", "add_article"),
        ("news", "change_article"),
        ("news", "delete_article"),
        ("news", "view_article"),
    } | {("organizations", f"view_{model}") for _, model in MODELS[1:]}


@pytest.mark.parametrize(("app", "model"), MODELS)
@pytest.mark.parametrize("who", ["editor_client", "superuser_client"])
def test_changelist_add_and_change_pages_render(request, seed, who, app, model):
    client = request.getfixturevalue(who)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code == 200
    instance = {
        "article": lambda: Article.objects.get(slug=SEED_SLUG),
        "organization": lambda: Organization.objects.get(slug="caricc"),
        "official": lambda: Official.objects.get(slug="kairat-umarov"),
        "position": lambda: Position.objects.first(),
        "membership": lambda: Membership.objects.first(),
        "notamention": lambda: NotAMention.objects.create(
            phrase="Mittal Steel", official=Official.objects.get(slug="ashita-mittal")
        ),
    }[model]()
    change = client.get(reverse(f"admin:{app}_{model}_change", args=[instance.pk]))
    assert change.status_code == 200
    assert str(instance) in change.content.decode()


def test_a_reader_without_staff_status_is_sent_to_the_login(client, db):
    response = client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_article_list_searches_filters_and_shows_publication_state(editor_client, db):
    import datetime

    from django.utils import timezone

    make_article(title="Heroin seizure in Osh")
    make_article(title="Draft about precursors", status=Status.DRAFT)
    make_article(
        title="Scheduled briefing", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    url = reverse("admin:news_article_changelist")
    page = editor_client.get(url).content.decode()
    assert "Draft about precursors" in page
    assert '<td class="field-publication_state">Scheduled</td>' in page
    assert '<td class="field-publication_state">Draft</td>' in page
    assert '<td class="field-publication_state">Published</td>' in page
    found = editor_client.get(url, {"q": "heroin"}).content.decode()
    assert "Heroin seizure in Osh" in found and "Draft about precursors" not in found
    drafts = editor_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "Draft about precursors" in drafts and "Heroin seizure" not in drafts


def test_organization_and_membership_lists_filter_and_search(editor_client, seed):
    url = reverse("admin:organizations_organization_changelist")
    states = editor_client.get(url, {"classification__exact": "state"}).content.decode()
    assert "Turkiye" in states and "Kazinform" not in states
    found = editor_client.get(url, {"q": "UNODC"}).content.decode()
    assert "UNODC Regional Office for Central Asia" in found and "Interpol" not in found
    memberships = reverse("admin:organizations_membership_changelist")
    observers = editor_client.get(memberships, {"role__exact": "observer"}).content.decode()
    assert "Interpol" in observers and "Uzbekistan" not in observers
    current = editor_client.get(memberships, {"period": "current", "q": "sweden"}).content.decode()
    assert "Sweden" in current


def test_autocomplete_finds_organizations_for_the_article_form(editor_client, seed):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "unodc",
            "app_label": "news",
            "model_name": "article",
            "field_name": "organizations",
        },
    )
    assert response.status_code == 200
    names = {result["text"] for result in response.json()["results"]}
    assert names == {
        "United Nations Office on Drugs and Crime",
        "UNODC Regional Office for Central Asia",
    }


def test_an_editor_adds_an_article_with_a_sanitised_body(editor_client, seed):
    caricc = Organization.objects.get(slug="caricc")
    umarov = Official.objects.get(slug="kairat-umarov")
    response = editor_client.post(
        reverse("admin:news_article_add"),
        {
            "title_en": "CARICC meets donors",
            "slug": "caricc-meets-donors",
            "summary_en": "Donors meet the centre.",
            "body_en": "Paragraph one.\n\nParagraph <b onmouseover=x()>two</b>.",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "dateline": "Almaty",
            "source": Organization.objects.get(slug="kazinform").pk,
            "organizations": [caricc.pk],
            "officials": [umarov.pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get(slug="caricc-meets-donors")
    assert article.body == "<p>Paragraph one.</p>\n\n<p>Paragraph <strong>two</strong>.</p>"
    assert article.published_at is not None
    assert list(article.organizations.all()) == [caricc]
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_admin_shows_broken_rules_as_field_errors(editor_client, seed):
    caricc = Organization.objects.get(slug="caricc")
    response = editor_client.post(
        reverse("admin:organizations_membership_add"),
        {
            "organization": caricc.pk,
            "member": caricc.pk,
            "role": "member",
            "start_date": "2010",
            "end_date": "2009",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["member"] == ["An organization cannot be a member of itself."]
    assert errors["end_date"] == ["The end date cannot precede the start date."]
    response = editor_client.post(
        reverse("admin:organizations_membership_add"),
        {
            "organization": caricc.pk,
            "member": Organization.objects.get(slug="usa").pk,
            "role": "member",
            "start_date": "2024",
            "end_date": "",
        },
    )
    assert response.status_code == 200
    assert "already holds a role" in response.context["adminform"].form.errors["start_date"][0]
    assert Membership.objects.filter(member__slug="usa").count() == 1


def organization_form(organization, **overrides):
    """The change form of an organization as the admin would submit it, inlines included."""
    data = {
        "name_en": organization.name,
        "abbreviation": organization.abbreviation,
        "slug": organization.slug,
        "classification": organization.classification,
        "parent": organization.parent_id or "",
        "iso_code": organization.iso_code,
        "founding_date": organization.founding_date,
        "dissolution_date": organization.dissolution_date,
        "headquarters": organization.headquarters,
        "website": organization.website,
        "description_en": organization.description,
    }
    for prefix, rows in [
        ("memberships", organization.memberships.all()),
        ("memberships_held", organization.memberships_held.all()),
        ("positions", organization.positions.all()),
    ]:
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[
                f"{prefix}-{index}-organization"
                if prefix != "memberships"
                else f"{prefix}-{index}-member"
            ] = row.member_id if prefix == "memberships" else row.organization_id
    data.update(overrides)
    return data


def test_inline_memberships_are_added_and_checked_against_each_other(editor_client, db):
    body = make_organization(name="Body", slug="body")
    first, second = make_organization(name="First"), make_organization(name="Second")
    url = reverse("admin:organizations_organization_change", args=[body.pk])
    data = organization_form(body)
    data.update(
        {
            "memberships-TOTAL_FORMS": 2,
            "memberships-0-member": first.pk,
            "memberships-0-role": "member",
            "memberships-0-start_date": "2009",
            "memberships-0-end_date": "",
            "memberships-1-member": second.pk,
            "memberships-1-role": "observer",
            "memberships-1-start_date": "",
            "memberships-1-end_date": "",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert set(body.memberships.values_list("member__name", "role")) == {
        ("First", "member"),
        ("Second", "observer"),
    }

    other = make_organization(name="Other", slug="other")
    data = organization_form(other)
    data.update(
        {
            "memberships-TOTAL_FORMS": 2,
            "memberships-0-member": first.pk,
            "memberships-0-role": "member",
            "memberships-0-start_date": "2009",
            "memberships-1-member": first.pk,
            "memberships-1-role": "observer",
            "memberships-1-start_date": "2012",
        }
    )
    response = editor_client.post(
        reverse("admin:organizations_organization_change", args=[other.pk]), data
    )
    assert response.status_code == 200
    assert "First is entered twice for overlapping periods." in response.content.decode()
    assert not other.memberships.exists()


def test_the_publish_action_publishes_drafts(editor_client, db):
    draft = make_article(status=Status.DRAFT, published_at=None)
    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    assert Article.objects.published().filter(pk=draft.pk).exists()


def test_official_change_page_lists_posts_inline(editor_client, db):
    official = make_official(name="Ashita Mittal")
    make_position(official, make_organization(name="UNODC"), title="Regional Representative")
    make_membership(make_organization(), make_organization())
    page = editor_client.get(
        reverse("admin:organizations_official_change", args=[official.pk])
    ).content.decode()
    assert 'value="Regional Representative"' in page


class TestAdminLanguage:
    def test_the_admin_speaks_the_editors_browser_language(self, editor_client):
        page = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert '<html lang="ru"' in page
        assert "Администрирование сайта ЦАРИКЦ" in page
        assert '<option value="ru" lang="ru" selected>Русский</option>' in page

    def test_an_editor_chooses_the_admin_language_for_their_account(self, editor_client, editor):
        response = editor_client.post(
            "/admin/language/", {"language": "kk", "next": "/admin/news/article/"}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/news/article/"
        assert editor.editor_preference.language == "kk"
        page = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert '<html lang="kk"' in page
        assert editor_client.post("/admin/language/", {"language": "xx"}).status_code == 400
        response = editor_client.post(
            "/admin/language/", {"language": "en", "next": "https://evil.example/"}
        )
        assert response["Location"] == "/admin/"

    def test_the_public_site_keeps_its_own_language_rules(self, client):
        assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_the_article_form_writes_in_the_editor_with_the_pages_nonce(editor_client, seed):
    response = editor_client.get(reverse("admin:news_article_add"))
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in page
    assert page.count("data-django-prose-editor-configurable") == 3  # a body per language
    assert 'src="/static/core/admin/language-tabs.js" data-label="Language of the text"' in page
    for name in ["_save", "_continue", "_link_mentions"]:
        assert f'name="{name}"' in page.split('class="submit-row"')[-1]  # one row of buttons
    listing = editor_client.get(reverse("admin:news_article_changelist")).content.decode()
    assert ">EN RU KK<" in listing  # the seed article is written in all three


def test_public_pages_carry_no_nonce(client, seed):
    assert "nonce" not in client.get("/")["Content-Security-Policy"]
