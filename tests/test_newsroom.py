"""The newsroom: wire import, linking, the publishing workflow, previews, images, history."""

import datetime
import io
import json
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from news.models import Article, Status
from news.wire import WireFormatError, import_story, parse_wire
from organizations.mentions import find_mentions
from organizations.models import Membership, Organization

from .factories import SEED_SLUG, make_article, make_official, make_organization

pytestmark = pytest.mark.django_db

SEED_FILE = Path(__file__).parent / "data" / "kazinform-2023-07-05-caricc-briefing.txt"

OTHER_STORY = """date 2024-03-12 TASHKENT. TREND - Uzbekistan and CARICC signed a plan on joint \
operations against synthetic drugs, the Uzbek MFA said on Tuesday.

Director Yazlyev said the plan covers precursors.

The UNODC welcomed the plan.
"""


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.fixture
def author_client(client, django_user_model, db):
    user = django_user_model.objects.create_user("author", password="pw-author-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Authors"))
    client.force_login(user)
    client.user = user
    return client


class TestWireFormat:
    def test_the_seed_story_is_read_field_by_field(self):
        story = parse_wire(SEED_FILE.read_bytes())
        assert story.date == datetime.date(2023, 7, 5)
        assert story.dateline == "Astana"
        assert story.source == "KAZINFORM"
        assert len(story.paragraphs) == 6
        assert story.paragraphs[0].startswith("Kairat Umarov, First Deputy Minister")
        assert story.headline.startswith("Kairat Umarov, First Deputy Minister of Foreign Affairs")
        assert len(story.headline) <= 120

    def test_datelines_come_in_normal_case(self):
        story = parse_wire(b"date 2024-01-02 NUR-SULTAN. TASS - Text.\n")
        assert story.dateline == "Nur-Sultan" and story.source == "TASS"
        story = parse_wire(b"date 2024-01-02 ST. PETERSBURG. TASS - Text.")
        assert story.dateline == "St. Petersburg"

    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            (b"", "empty"),
            (b"   \n\n  ", "empty"),
            (b"\xff\xfe\x00bad", "not UTF-8"),
            (b"Just some text\n\nwithout a first line", "first line"),
            (b"date 2023-02-30 ASTANA. KAZINFORM - Text", "not a date"),
            (b"date 05.07.2023 ASTANA. KAZINFORM - Text", "not a date"),
            (b"date 2023-07-05 ASTANA KAZINFORM - Text", "DATELINE. SOURCE"),
        ],
    )
    def test_unreadable_files_say_why(self, content, reason):
        with pytest.raises(WireFormatError) as error:
            parse_wire(content)
        assert reason in str(error.value)


class TestImportCommand:
    def test_importing_the_seed_file_creates_a_linked_draft(self, seed_entities, tmp_path, capsys):
        call_command("import_articles", str(SEED_FILE))
        article = Article.objects.get(
            wire_fingerprint=parse_wire(SEED_FILE.read_bytes()).fingerprint
        )
        assert article.status == Status.DRAFT
        assert article not in Article.objects.published()
        assert article.dateline == "Astana"
        assert article.source.slug == "kazinform"
        assert article.published_at.date() == datetime.date(2023, 7, 5)
        assert article.body.count("<p>") == 6
        assert article.organizations.count() == 33
        assert set(article.officials.values_list("slug", flat=True)) == {
            "kairat-umarov",
            "atageldy-yazlyev",
            "ashita-mittal",
        }
        assert "imported as" in capsys.readouterr().out
        assert Version.objects.get_for_object(article).exists()

    def test_publish_option_publishes(self, seed_entities, tmp_path):
        story = tmp_path / "short.txt"
        story.write_text(
            "date 2024-03-01 ALMATY. Kazinform - Customs seized heroin in Almaty. "
            "CARICC helped.\n\nMore to follow."
        )
        call_command("import_articles", "--publish", str(story))
        article = Article.objects.published().get()
        assert article.title == "Customs seized heroin in Almaty"
        assert article.summary == "Customs seized heroin in Almaty. CARICC helped."

    def test_publish_option_keeps_a_cut_headline_as_a_draft(self, seed_entities, capsys):
        call_command("import_articles", "--publish", str(SEED_FILE))
        article = Article.objects.get()
        assert article.status == Status.DRAFT and article.drafted_headline
        assert article.title.endswith("…") and len(article.title) <= 120
        assert not article.title.endswith(" …")
        assert "kept as a draft: Write a headline" in capsys.readouterr().out

    def test_importing_twice_changes_nothing(self, seed_entities, capsys):
        call_command("import_articles", str(SEED_FILE))
        article = Article.objects.get()
        before = (article.updated_at, Article.objects.count(), Organization.objects.count())
        call_command("import_articles", str(SEED_FILE))
        article.refresh_from_db()
        assert (article.updated_at, Article.objects.count(), Organization.objects.count()) == before
        assert "already imported" in capsys.readouterr().out

    def test_the_seed_article_itself_is_recognised(self, seed, capsys):
        call_command("import_articles", str(SEED_FILE))
        assert Article.objects.count() == 1
        assert f"already imported as {SEED_SLUG}" in capsys.readouterr().out

    def test_bad_files_are_reported_and_the_rest_still_import(
        self, seed_entities, tmp_path, capsys
    ):
        good = write(tmp_path, "good.txt", OTHER_STORY)
        bad_date = write(tmp_path, "bad-date.txt", "date 2024-13-01 ASTANA. KAZINFORM - Text")
        empty = write(tmp_path, "empty.txt", "")
        latin1 = write(
            tmp_path, "latin1.txt", "date 2024-01-01 ALMATY. KAZINFORM - Caf\xe9".encode("latin-1")
        )
        missing = tmp_path / "missing.txt"
        with pytest.raises(CommandError) as error:
            call_command("import_articles", *map(str, [bad_date, good, empty, latin1, missing]))
        assert "4 of 5 file(s) could not be imported" in str(error.value)
        errors = capsys.readouterr().err
        assert f"{bad_date}: not imported: “2024-13-01” is not a date" in errors
        assert f"{empty}: not imported: the file is empty." in errors
        assert f"{latin1}: not imported: the file is not UTF-8" in errors
        assert f"{missing}: not imported" in errors
        assert Article.objects.count() == 1
        assert Article.objects.get().dateline == "Tashkent"

    def test_an_unknown_source_becomes_a_news_agency(self, seed_entities, tmp_path):
        call_command("import_articles", str(write(tmp_path, "s.txt", OTHER_STORY)))
        trend = Organization.objects.get(name="TREND")
        assert trend.classification == "news_agency"
        assert Article.objects.get().source == trend

    def test_the_source_is_found_by_name_abbreviation_or_alias_ignoring_case(self, db, tmp_path):
        agency = make_organization(
            name="Kazakh news agency", abbreviation="KZN", aliases="Qazinform\nKaz-Inform"
        )
        for n, source in enumerate(["KZN", "kazakh NEWS agency", "QAZINFORM", "kaz-inform"]):
            path = write(
                tmp_path, f"{n}.txt", f"date 2024-01-0{n + 1} ALMATY. {source} - Story {n}."
            )
            call_command("import_articles", str(path))
        assert set(Article.objects.values_list("source", flat=True)) == {agency.pk}
        assert Organization.objects.count() == 1


@pytest.fixture
def seed_entities(seed):
    """The seed's organizations and officials without its article."""
    Article.objects.all().delete()


class TestEntityLinking:
    def test_names_abbreviations_and_aliases_are_found(self, seed_entities):
        mentions = find_mentions(
            "The Kazakh MFA, the UNODC, Interpol and Umarov met in Republic of Kazakhstan."
        )
        assert {o.slug for o in mentions.organizations} == {
            "kazakhstan-ministry-of-foreign-affairs",
            "unodc",
            "interpol",
            "kazakhstan",
        }
        assert [o.slug for o in mentions.officials] == ["kairat-umarov"]

    def test_what_is_not_there_is_never_linked(self, seed_entities):
        text = (
            "Russian and Iranian delegates, a unodc-style office, the Uzbek MFA, Italian "
            "neighbours and an Interpolation of data. Mittalization. Chinatown."
        )
        mentions = find_mentions(text)
        assert {o.slug for o in mentions.organizations} == set()
        assert mentions.officials == []

    def test_an_abbreviation_of_a_sub_organization_needs_its_parent(self, seed_entities):
        assert find_mentions("The MFA said so.").organizations == []
        found = find_mentions("Kazakhstan's MFA said so.").organizations
        assert {o.slug for o in found} == {"kazakhstan", "kazakhstan-ministry-of-foreign-affairs"}

    def test_the_longest_mention_wins_and_shared_names_link_nothing(self, db):
        office = make_organization(name="Regional Office", aliases="UN Office in Central Asia")
        agency = make_organization(name="UN Office", abbreviation="UNO")
        office.parent = agency
        office.save()
        found = find_mentions("The UN Office in Central Asia (UNO) said.").organizations
        assert set(found) == {office, agency}
        make_official(name="A. Smith", aliases="Smith")
        make_official(name="B. Smith", aliases="Smith")
        assert find_mentions("Smith spoke.").officials == []

    def test_html_is_read_as_text(self, seed_entities):
        mentions = find_mentions("<p>Statement by <a href='x'>Ashita&nbsp;Mittal</a></p>")
        assert [o.slug for o in mentions.officials] == ["ashita-mittal"]


class TestAdminNewsroom:
    def test_upload_page_imports_files_and_reports_failures(self, editor_client, seed_entities):
        url = reverse("admin:news_article_import")
        assert editor_client.get(url).status_code == 200
        response = editor_client.post(
            url,
            {
                "files": [
                    SimpleUploadedFile("seed.txt", SEED_FILE.read_bytes()),
                    SimpleUploadedFile("broken.txt", b"no wire here"),
                ],
                "publish": "on",
            },
            follow=True,
        )
        page = response.content.decode()
        assert "Imported seed.txt as" in page
        assert "Could not import broken.txt: the first line does not start with" in page
        # Its first sentence is too long for a headline: a draft until an editor writes one.
        assert "Kept seed.txt as a draft: Write a headline" in page
        assert Article.objects.published().count() == 0

    def test_authors_may_import_but_not_publish(self, author_client, seed_entities):
        url = reverse("admin:news_article_import")
        assert "Publish at once" not in author_client.get(url).content.decode()
        author_client.post(
            url, {"files": [SimpleUploadedFile("s.txt", SEED_FILE.read_bytes())], "publish": "on"}
        )
        assert Article.objects.get().status == Status.DRAFT

    def test_an_editor_links_what_a_pasted_story_mentions_in_one_click(
        self, editor_client, seed_entities
    ):
        article = make_article(status=Status.DRAFT, body="Old text.")
        change = reverse("admin:news_article_change", args=[article.pk])
        form = editor_client.get(change).context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and k not in {"lead_image"}}
        data.update(
            body_en="Umarov and the UNODC met Interpol in Astana.",
            organizations=[],
            officials=[],
            published_at_0="",
            published_at_1="",
            source="",
            _link_mentions="1",
        )
        response = editor_client.post(change, data)
        assert response.status_code == 302, response.context["adminform"].errors
        assert response["Location"] == change
        assert {o.slug for o in article.organizations.all()} == {"unodc", "interpol"}
        assert [o.slug for o in article.officials.all()] == ["kairat-umarov"]
        page = editor_client.get(change).content.decode()
        assert "Every organization and official the text mentions is linked." in page

    def test_the_change_page_lists_mentions_not_yet_linked(self, editor_client, seed_entities):
        article = make_article(status=Status.DRAFT, body="Interpol and Mittal.")
        page = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
        assert "Interpol, Ashita Mittal" in page.content.decode()


class TestWorkflow:
    def article_form(self, client, article, **changes):
        form = (
            client.get(reverse("admin:news_article_change", args=[article.pk]))
            .context["adminform"]
            .form
        )
        data = {k: v for k, v in form.initial.items() if v is not None and k != "lead_image"}
        data.update(organizations=[], officials=[], source="", **changes)
        return data

    def test_an_author_writes_drafts_but_cannot_publish_in_the_admin(self, author_client, db):
        response = author_client.post(
            reverse("admin:news_article_add"),
            {
                "title_en": "By an author",
                "slug": "by-author",
                "status": "published",
                "body_en": "x",
            },
        )
        assert response.status_code == 302
        article = Article.objects.get(slug="by-author")
        assert article.status == Status.DRAFT
        changelist = reverse("admin:news_article_changelist")
        response = author_client.post(
            changelist, {"action": "publish", "_selected_action": [article.pk]}
        )
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_an_author_cannot_change_or_delete_a_published_article(self, author_client, db):
        article = make_article(title="Published")
        change = reverse("admin:news_article_change", args=[article.pk])
        page = author_client.get(change)
        assert page.status_code == 200
        assert 'name="title"' not in page.content.decode()
        author_client.post(change, {"title_en": "Vandalised", "slug": article.slug})
        assert Article.objects.get(pk=article.pk).title == "Published"
        delete = reverse("admin:news_article_delete", args=[article.pk])
        assert author_client.post(delete, {"post": "yes"}).status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()

    def test_an_author_can_delete_their_draft(self, author_client, db):
        draft = make_article(status=Status.DRAFT, created_by=author_client.user)
        delete = reverse("admin:news_article_delete", args=[draft.pk])
        assert author_client.post(delete, {"post": "yes"}).status_code == 302
        assert not Article.objects.filter(pk=draft.pk).exists()

    def test_an_editor_publishes_and_schedules(self, editor_client, db):
        draft = make_article(status=Status.DRAFT, published_at=None)
        later = timezone.localtime() + datetime.timedelta(days=1)
        data = self.article_form(
            editor_client,
            draft,
            status="published",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        )
        response = editor_client.post(reverse("admin:news_article_change", args=[draft.pk]), data)
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.status == Status.PUBLISHED
        assert draft not in Article.objects.published()
        listing = editor_client.get(
            reverse("admin:news_article_changelist"), {"state": "scheduled"}
        )
        assert draft.title in listing.content.decode()

    def test_a_scheduled_article_appears_exactly_when_its_time_comes(self, client, db):
        article = make_article(published_at=timezone.now() + datetime.timedelta(seconds=1))
        assert client.get(article.get_absolute_url()).status_code == 404
        assert article.title not in client.get("/news/").content.decode()
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
            assert client.get(article.get_absolute_url()).status_code == 200
            assert article.title in client.get("/news/").content.decode()

    def test_the_api_enforces_the_same_rule(self, client, django_user_model, db):
        import json

        author = django_user_model.objects.create_user("author2", is_staff=True)
        author.groups.add(Group.objects.get(name="Authors"))
        client.force_login(author)

        def send(method, url, data):
            return getattr(client, method)(url, json.dumps(data), content_type="application/json")

        response = send(
            "post",
            "/api/v1/articles/",
            {"title": "T", "slug": "t", "summary": "S.", "status": "published"},
        )
        assert response.status_code == 403
        assert not Article.objects.filter(slug="t").exists()
        assert send("post", "/api/v1/articles/", {"title": "T", "slug": "t"}).status_code == 201
        assert send("patch", "/api/v1/articles/t/", {"status": "published"}).status_code == 403
        assert Article.objects.get(slug="t").status == Status.DRAFT
        published = make_article(slug="live")
        assert send("patch", "/api/v1/articles/live/", {"title": "Changed"}).status_code == 403
        assert client.delete("/api/v1/articles/live/").status_code == 403
        assert Article.objects.get(pk=published.pk).title == published.title
        assert client.delete("/api/v1/articles/t/").status_code == 204


class TestPreview:
    def test_staff_preview_a_never_published_draft(self, editor_client, db):
        draft = make_article(
            status=Status.DRAFT, published_at=None, title="Secret draft", dateline="Dushanbe"
        )
        response = editor_client.get(draft.get_preview_url())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Secret draft" in page
        assert "This draft is not published." in page
        # Not yet dated: the meta line says where, not an empty time.
        assert "<time" not in page
        assert '<p class="meta"><span class="dateline">Dushanbe</span></p>' in page
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_scheduled_articles_preview_with_their_time(self, editor_client, db):
        article = make_article(published_at=timezone.now() + datetime.timedelta(days=2))
        page = editor_client.get(article.get_preview_url()).content.decode()
        assert "Scheduled: the public sees this from" in page

    def test_the_public_cannot_use_a_preview_link(self, client, db):
        draft = make_article(status=Status.DRAFT, title="Secret draft")
        response = client.get(draft.get_preview_url())
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    def test_tampered_and_expired_links_are_not_found(self, editor_client, db, settings):
        draft = make_article(status=Status.DRAFT, title="Secret draft")
        other = make_article(status=Status.DRAFT, title="Other draft")
        url = draft.get_preview_url()
        token = url.rstrip("/").rsplit("/", 1)[1]
        forged = token.replace(f"{draft.pk}:", f"{other.pk}:", 1)
        response = editor_client.get(reverse("news:article-preview", args=[forged]))
        assert response.status_code == 404
        assert (
            editor_client.get(reverse("news:article-preview", args=["nonsense"])).status_code == 404
        )
        settings.ARTICLE_PREVIEW_MAX_AGE = -1
        response = editor_client.get(url)
        assert response.status_code == 404
        assert "Secret draft" not in response.content.decode()

    def test_view_on_site_in_the_admin_points_to_the_preview_for_drafts(self, editor_client, db):
        draft = make_article(status=Status.DRAFT)
        page = editor_client.get(reverse("admin:news_article_change", args=[draft.pk]))
        assert "/news/preview/" in page.content.decode()


def png(width=2000, height=1000):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


class TestLeadImage:
    def add(self, client, **fields):
        data = {
            "title_en": "With image",
            "slug": "with-image",
            "summary_en": "A picture.",
            "status": "published",
            "body_en": "x",
        }
        data.update(fields)
        return client.post(reverse("admin:news_article_add"), data)

    def test_an_image_needs_a_description(self, editor_client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        response = self.add(editor_client, lead_image=png(), lead_image_alt="")
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["lead_image_alt"] == ["Describe the image for readers who cannot see it."]
        assert not Article.objects.exists()

    def test_images_are_resized_into_renditions_and_shown(
        self, editor_client, client, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        response = self.add(
            editor_client,
            lead_image=png(),
            lead_image_alt="Delegates at the briefing",
            lead_image_caption="The briefing in Astana.",
        )
        assert response.status_code == 302
        article = Article.objects.get()
        for rendition, width in [
            (article.lead_image_small, 480),
            (article.lead_image_medium, 960),
            (article.lead_image_large, 1600),
        ]:
            with Image.open(Path(tmp_path) / rendition.name) as image:
                assert image.size == (width, width // 2)
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'alt="Delegates at the briefing"' in page
        assert "<figcaption>The briefing in Astana.</figcaption>" in page
        assert "480w" in page and "1600w" in page

    def test_a_file_that_is_not_an_image_is_refused(self, editor_client, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        fake = SimpleUploadedFile("photo.png", b"<script>not an image</script>", "image/png")
        response = self.add(editor_client, lead_image=fake, lead_image_alt="x")
        assert response.status_code == 200
        assert "lead_image" in response.context["adminform"].form.errors


class TestHistory:
    def test_every_admin_change_keeps_a_revision_with_who_and_what(self, editor_client, seed):
        caricc = Organization.objects.get(slug="caricc")
        change = reverse("admin:organizations_organization_change", args=[caricc.pk])
        form = editor_client.get(change).context["adminform"].form
        data = {k: ("" if v is None else v) for k, v in form.initial.items()}
        data["headquarters"] = "Almaty, Kazakhstan"
        for prefix in ["memberships", "memberships_held", "positions"]:
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        response = editor_client.post(change, data)
        assert response.status_code == 302, response.context["adminform"].errors
        versions = Version.objects.get_for_object(caricc)
        assert versions.count() == 1
        assert versions[0].revision.user.username == "editor"
        assert "Headquarters" in versions[0].revision.comment
        history = editor_client.get(
            reverse("admin:organizations_organization_history", args=[caricc.pk])
        )
        assert history.status_code == 200

    def test_compare_two_revisions_and_restore_one(self, editor_client, seed):
        import reversion

        article = Article.objects.get(slug=SEED_SLUG)
        for title in ["First title", "Second title"]:
            with reversion.create_revision():
                article.title = title
                article.save()
        first, second = Version.objects.get_for_object(article).order_by("pk")
        compare = editor_client.get(
            reverse("admin:news_article_compare", args=[article.pk]),
            {"version_id1": first.pk, "version_id2": second.pk},
        )
        assert compare.status_code == 200
        assert "First title" in compare.content.decode()
        assert "Second title" in compare.content.decode()
        revert = reverse("admin:news_article_revision", args=[article.pk, first.pk])
        form = editor_client.get(revert)
        assert form.status_code == 200
        data = {
            k: ("" if v is None else v) for k, v in form.context["adminform"].form.initial.items()
        }
        data.pop("lead_image", None)
        data["organizations"] = list(article.organizations.values_list("pk", flat=True))
        data["officials"] = list(article.officials.values_list("pk", flat=True))
        response = editor_client.post(revert, data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "First title"

    def test_a_deleted_organization_can_be_recovered_with_its_memberships(self, editor_client, db):
        body = make_organization(name="Body")
        member = make_organization(name="Member")
        Membership.objects.create(organization=body, member=member, role="member")
        delete = reverse("admin:organizations_organization_delete", args=[body.pk])
        assert editor_client.post(delete, {"post": "yes"}).status_code == 302
        assert not Organization.objects.filter(name="Body").exists()
        assert not Membership.objects.exists()
        recover_list = editor_client.get(reverse("admin:organizations_organization_recoverlist"))
        assert "Body" in recover_list.content.decode()
        version = Version.objects.get_deleted(Organization).get(object_repr="Body")
        recover = reverse("admin:organizations_organization_recover", args=[version.pk])
        form = editor_client.get(recover).context["adminform"].form
        data = {k: ("" if v is None else v) for k, v in form.initial.items()}
        for prefix in ["memberships", "memberships_held", "positions"]:
            data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
        response = editor_client.post(recover, data)
        assert response.status_code == 302, response.context["adminform"].errors
        assert Organization.objects.filter(name="Body").exists()
        assert Membership.objects.filter(organization__name="Body", member=member).exists()

    def test_api_writes_and_deletes_are_kept_too(self, editor_client, seed):
        import json

        response = editor_client.patch(
            "/api/v1/organizations/interpol/",
            json.dumps({"headquarters": "Lyon"}),
            content_type="application/json",
        )
        assert response.status_code == 200
        interpol = Organization.objects.get(slug="interpol")
        assert Version.objects.get_for_object(interpol)[0].revision.user.username == "editor"
        membership = Membership.objects.get(member=interpol)
        assert editor_client.delete(f"/api/v1/memberships/{membership.pk}/").status_code == 204
        assert Version.objects.get_deleted(Membership).count() == 1
        response = editor_client.delete("/api/v1/organizations/kazakhstan/")
        assert response.status_code == 409
        assert "cannot be deleted" in response.json()["detail"]

    def test_the_audit_trail_lists_recent_changes_across_the_site(self, editor_client, seed):
        import json

        editor_client.patch(
            "/api/v1/officials/ashita-mittal/",
            json.dumps({"biography": "UNODC."}),
            content_type="application/json",
        )
        editor_client.patch(
            f"/api/v1/articles/{SEED_SLUG}/",
            json.dumps({"summary": "Shorter."}),
            content_type="application/json",
        )
        page = editor_client.get(reverse("admin:caricc_site_change_changelist")).content.decode()
        assert "Ashita Mittal" in page
        assert "Kazakhstan and CARICC brief diplomats" in page
        assert "Changed through the API." in page

    def test_authors_do_not_see_the_audit_trail(self, author_client, db):
        response = author_client.get(reverse("admin:caricc_site_change_changelist"))
        assert response.status_code == 403


class TestPublishingNothingHalfDone:
    def test_a_drafted_headline_is_whole_words_and_the_summary_whole_sentences(self):
        lead = (
            "Kairat Umarov, First Deputy Minister of Foreign Affairs of Kazakhstan, and "
            "Atageldy Yazlyev, Director of CARICC, chaired a briefing on the centre's work for "
            "diplomats in Astana this week. The ministry said so. It added more."
        )
        story = parse_wire(f"date 2024-03-01 ASTANA. Kazinform - {lead}".encode())
        head = story.headline.removesuffix("…")
        assert story.headline.endswith("…") and len(story.headline) <= 120
        assert lead.startswith(head) and not lead[len(head)].isalnum()  # cut between words
        assert story.summary.endswith("this week. The ministry said so. It added more.")

    def test_an_editor_cannot_publish_a_cut_headline_until_it_is_rewritten(
        self, editor_client, seed_entities
    ):
        article = import_story(SEED_FILE.read_bytes()).article
        form = TestWorkflow.article_form(TestWorkflow(), editor_client, article, status="published")
        url = reverse("admin:news_article_change", args=[article.pk])
        response = editor_client.post(url, form)
        assert response.status_code == 200
        assert "Write a headline" in response.content.decode()
        assert Article.objects.get(pk=article.pk).status == Status.DRAFT
        form["title_en"] = "CARICC briefs diplomats in Astana"
        assert editor_client.post(url, form).status_code == 302
        published = Article.objects.get(pk=article.pk)
        assert published.status == Status.PUBLISHED and not published.drafted_headline

    def test_no_summary_no_publication_in_the_api_and_the_bulk_action(self, editor_client, db):
        draft = make_article(status=Status.DRAFT, published_at=None, summary="")
        response = editor_client.patch(
            f"/api/v1/articles/{draft.slug}/",
            json.dumps({"status": "published"}),
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "Write a summary" in response.json()["status"][0]
        response = editor_client.post(
            reverse("admin:news_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
            follow=True,
        )
        assert "was not published: Write a summary" in response.content.decode()
        assert Article.objects.get(pk=draft.pk).status == Status.DRAFT

    def test_a_published_article_without_a_summary_can_still_be_corrected(self, editor_client, db):
        old = make_article(summary="")
        response = editor_client.patch(
            f"/api/v1/articles/{old.slug}/",
            json.dumps({"title": "Corrected"}),
            content_type="application/json",
        )
        assert response.status_code == 200


class TestOriginalStory:
    def test_the_original_story_is_linked_on_the_page_in_ninjs_and_json_ld(self, client, seed):
        article = Article.objects.get(slug=SEED_SLUG)
        article.source_url = "https://www.inform.kz/en/caricc-briefing"
        article.save()
        page = client.get(article.get_absolute_url()).content.decode()
        assert (
            '<a href="https://www.inform.kz/en/caricc-briefing" rel="noopener noreferrer">' in page
        )
        assert '"isBasedOn": "https://www.inform.kz/en/caricc-briefing"' in page
        ninjs = client.get(
            f"/api/v1/articles/{SEED_SLUG}/", {"format": "ninjs"}, HTTP_ACCEPT="application/json"
        ).json()
        assert ninjs["associations"] == [
            {
                "name": "original",
                "uri": "https://www.inform.kz/en/caricc-briefing",
                "type": "text",
                "representationtype": "partial",
            }
        ]
        api = client.get(f"/api/v1/articles/{SEED_SLUG}/", HTTP_ACCEPT="application/json").json()
        assert api["source_url"] == "https://www.inform.kz/en/caricc-briefing"

    @pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.org/a", "not a url"])
    def test_only_web_addresses_are_taken(self, editor_client, seed, url):
        response = editor_client.patch(
            f"/api/v1/articles/{SEED_SLUG}/",
            json.dumps({"source_url": url}),
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "source_url" in response.json()
        assert Article.objects.get(slug=SEED_SLUG).source_url == ""


@pytest.mark.parametrize(
    ("headline", "rest"),
    [
        ("U.S. officials met CARICC in Almaty", "They agreed a plan."),
        ("Mr. Umarov and J. Smith spoke in Astana", "Others listened."),
        ("Seizures grew by 5", "Then they fell."),
        ("Директор ЦАРИКЦ провёл встречу в г. Алматы", "Она прошла успешно."),
    ],
)
def test_a_drafted_headline_is_the_whole_first_sentence(headline, rest):
    lead = f"{headline}. {rest}"
    story = parse_wire(f"date 2024-03-01 ALMATY. Kazinform - {lead}".encode())
    assert story.headline == headline
    assert story.summary == lead
