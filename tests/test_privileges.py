"""Who may do what: the newsroom's rule in the admin and the API, reverts and backups."""

import io
import json

import pytest
import reversion
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from caricc_site.backup import LEFT_OUT, backed_up_labels
from news.models import Article, Status
from news.wire import import_story
from organizations.models import Membership, Organization
from partners.models import PartnerKey, Tombstone

from .factories import make_article, make_membership, make_organization

pytestmark = pytest.mark.django_db

STORY = (
    b"date 2024-03-01 ALMATY. Steppe Wire Service - CARICC hosted a meeting on precursors.\n\n"
    b"Officials of Kazakhstan attended."
)


def signed_in(client, django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="pw-1-" + username)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def author(client, django_user_model):
    return signed_in(client, django_user_model, "author", "Authors")


@pytest.fixture
def another_editor(django_user_model):
    from django.test import Client

    return signed_in(Client(), django_user_model, "chief", "Editors")


def send(client, method, url, data):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


class TestTheNewsroomRule:
    def test_authors_cannot_choose_the_publication_time_through_the_api(self, author):
        response = send(
            author,
            "post",
            "/api/v1/articles/",
            {"title": "T", "slug": "t", "published_at": "2020-01-01T00:00:00Z"},
        )
        assert response.status_code == 403
        assert not Article.objects.exists()
        assert (
            send(author, "post", "/api/v1/articles/", {"title": "T", "slug": "t"}).status_code
            == 201
        )
        response = send(
            author, "patch", "/api/v1/articles/t/", {"published_at": "2030-01-01T00:00:00Z"}
        )
        assert response.status_code == 403
        assert Article.objects.get(slug="t").published_at is None

    def test_an_author_changes_their_own_drafts_only(self, author, django_user_model):
        mine = send(author, "post", "/api/v1/articles/", {"title": "Mine", "slug": "mine"})
        assert mine.status_code == 201
        assert Article.objects.get(slug="mine").created_by == author.user
        theirs = make_article(slug="theirs", status=Status.DRAFT)
        assert send(author, "patch", "/api/v1/articles/mine/", {"title": "M"}).status_code == 200
        assert send(author, "patch", "/api/v1/articles/theirs/", {"title": "X"}).status_code == 403
        assert author.delete("/api/v1/articles/theirs/").status_code == 403
        change = reverse("admin:news_article_change", args=[theirs.pk])
        author.post(change, {"title_en": "Vandalised", "slug": "theirs"})
        assert Article.objects.get(slug="theirs").title != "Vandalised"

    def test_a_draft_an_editor_withdrew_is_the_editors(self, author, another_editor):
        response = send(
            author, "post", "/api/v1/articles/", {"title": "Mine", "slug": "mine", "summary": "S."}
        )
        assert response.status_code == 201
        published = send(another_editor, "patch", "/api/v1/articles/mine/", {"status": "published"})
        assert published.status_code == 200
        send(another_editor, "patch", "/api/v1/articles/mine/", {"status": "draft"})
        article = Article.objects.get(slug="mine")
        assert article.status == Status.DRAFT and article.first_published_at is not None
        assert send(author, "patch", "/api/v1/articles/mine/", {"title": "X"}).status_code == 403
        assert author.delete("/api/v1/articles/mine/").status_code == 403
        delete = reverse("admin:news_article_delete", args=[article.pk])
        assert author.post(delete, {"post": "yes"}).status_code == 403
        assert Article.objects.filter(slug="mine").exists()

    def test_bulk_delete_refuses_drafts_that_are_not_the_authors(self, author):
        mine = make_article(slug="mine", status=Status.DRAFT, created_by=author.user)
        theirs = make_article(slug="theirs", status=Status.DRAFT)
        response = author.post(
            reverse("admin:news_article_changelist"),
            {"action": "delete_selected", "_selected_action": [mine.pk, theirs.pk], "post": "yes"},
        )
        assert response.status_code == 403
        assert Article.objects.count() == 2

    def test_an_author_importing_an_unknown_source_adds_nothing_to_the_register(self, author):
        result = import_story(STORY, user=author.user)
        assert result.article.source is None
        assert result.unknown_source == "Steppe Wire Service"
        assert not Organization.objects.filter(name="Steppe Wire Service").exists()
        assert result.article.created_by == author.user

    def test_an_editor_importing_adds_the_source_in_a_revision_of_its_own(self, editor):
        result = import_story(STORY, user=editor)
        source = result.article.source
        assert source.name == "Steppe Wire Service"
        article_revision = Version.objects.get_for_object(result.article).get().revision
        assert [v.object for v in article_revision.version_set.all()] == [result.article]
        assert Version.objects.get_for_object(source).exists()


class TestReverts:
    def test_an_author_reverting_an_article_touches_nothing_else(
        self, author, another_editor, settings
    ):
        body = make_organization(slug="body", name="Body", classification="intergovernmental")
        with reversion.create_revision():
            agency = Organization.objects.create(
                name="Steppe Wire Service", slug="steppe", classification="news_agency"
            )
            article = Article.objects.create(
                title="Imported", slug="imported", source=agency, created_by=author.user
            )
        first_version = Version.objects.get_for_object(article).get()
        # An editor corrects the agency and gives it a membership.
        agency.name = "Steppe News Agency"
        with reversion.create_revision():
            agency.save()
        membership = make_membership(body, agency, role="observer")
        url = reverse("admin:news_article_revision", args=[article.pk, first_version.pk])
        page = author.get(url)
        assert page.status_code == 200
        response = author.post(url, {"title_en": "Imported again", "slug": "imported"})
        assert response.status_code == 302
        agency.refresh_from_db()
        assert agency.name == "Steppe News Agency"
        assert Membership.objects.filter(pk=membership.pk).exists()
        assert Article.objects.get(pk=article.pk).title == "Imported again"

    def test_an_editor_may_still_revert_a_whole_revision(self, editor_client):
        with reversion.create_revision():
            agency = Organization.objects.create(
                name="Agency", slug="agency", classification="news_agency"
            )
        version = Version.objects.get_for_object(agency).get()
        agency.name = "Renamed"
        agency.save()
        url = reverse("admin:organizations_organization_revision", args=[agency.pk, version.pk])
        form = editor_client.get(url)
        assert form.status_code == 200
        assert "Agency" in form.content.decode()


class TestBackups:
    def test_every_model_is_backed_up_or_left_out_for_a_stated_reason(self):
        concrete = {
            model._meta.label_lower
            for model in apps.get_models()
            if not model._meta.proxy and model._meta.managed
        }
        backed_up = set(backed_up_labels())
        assert backed_up | set(LEFT_OUT) == concrete
        assert not backed_up & set(LEFT_OUT)
        assert all(LEFT_OUT.values())

    def test_keys_notices_and_the_admin_log_survive_a_restore(self, editor_client, tmp_path):
        key_object, key = PartnerKey.objects.create_key(name="Mirror", partner="UNODC")
        article = make_article(slug="gone")
        editor_client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
        assert Tombstone.objects.filter(identifier="gone").exists()
        assert LogEntry.objects.exists()
        before = {
            label: apps.get_model(label)._default_manager.count() for label in backed_up_labels()
        }
        path = tmp_path / "backup.tar.gz"
        call_command("backup", str(path), stdout=io.StringIO())
        for label in reversed(backed_up_labels()):
            apps.get_model(label)._default_manager.all().delete()
        call_command("restore", str(path), stdout=io.StringIO())
        after = {
            label: apps.get_model(label)._default_manager.count() for label in backed_up_labels()
        }
        assert after == before
        assert PartnerKey.objects.get_from_key(key).pk == key_object.pk
        assert Tombstone.objects.filter(identifier="gone").exists()
        assert LogEntry.objects.filter(object_repr=article.title).exists()
