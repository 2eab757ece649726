"""Business rules on the models: what is public, what is valid, what is safe."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.partial_dates import format_partial_date, precedes, validate_partial_date
from news.html import sanitize_body
from news.models import Article, Status
from organizations.models import Membership, Organization, Position

from .factories import (
    make_article,
    make_membership,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db


class TestPublished:
    def test_only_published_articles_whose_time_has_come_are_public(self):
        now = timezone.now()
        public = make_article(published_at=now - datetime.timedelta(minutes=1))
        make_article(status=Status.DRAFT, published_at=now - datetime.timedelta(days=1))
        make_article(published_at=now + datetime.timedelta(minutes=5))
        make_article(status=Status.DRAFT, published_at=None)

        assert list(Article.objects.published()) == [public]

    def test_a_scheduled_article_becomes_public_when_its_time_comes(self):
        article = make_article(published_at=timezone.now() + datetime.timedelta(seconds=30))
        assert not Article.objects.published().exists()
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert list(Article.objects.published()) == [article]

    def test_publishing_without_a_time_publishes_now(self):
        before = timezone.now()
        article = make_article(published_at=None)
        assert before <= article.published_at <= timezone.now()
        assert list(Article.objects.published()) == [article]

    def test_the_database_refuses_a_published_article_without_a_time(self):
        article = make_article(status=Status.DRAFT, published_at=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)

    def test_drafts_are_visible_only_to_those_who_may_edit(self, editor, django_user_model):
        draft = make_article(status=Status.DRAFT)
        reader = django_user_model.objects.create_user("reader")
        assert draft not in Article.objects.visible_to(reader)
        assert draft in Article.objects.visible_to(editor)


class TestSanitisedBody:
    def test_scripts_event_handlers_and_javascript_urls_are_removed_on_save(self):
        article = make_article(
            body='<p onclick="steal()">Hello <script>alert(1)</script>'
            '<a href="javascript:alert(2)">link</a> <a href="https://example.org/">ok</a></p>'
            '<iframe src="https://evil.example/"></iframe><style>body{}</style>'
        )
        article.refresh_from_db()
        assert "script" not in article.body
        assert "onclick" not in article.body
        assert "javascript:" not in article.body
        assert "iframe" not in article.body
        assert "<style" not in article.body
        assert '<a href="https://example.org/" rel="noopener noreferrer">ok</a>' in article.body

    def test_safe_markup_is_kept(self):
        html = "<h2>Title</h2><p>One <strong>two</strong> <em>three</em></p><ul><li>x</li></ul>"
        assert sanitize_body(html) == html

    def test_plain_text_becomes_paragraphs_and_is_escaped(self):
        text = "First paragraph, with 5 < 6 & more.\n\nSecond paragraph\nwith a line break."
        assert sanitize_body(text) == (
            "<p>First paragraph, with 5 &lt; 6 &amp; more.</p>\n\n"
            "<p>Second paragraph<br>with a line break.</p>"
        )

    def test_updates_through_save_are_sanitised_too(self):
        article = make_article()
        article.body = "<p>Hi<img src=x onerror=alert(1)></p>"
        article.save()
        article.refresh_from_db()
        assert article.body == "<p>Hi</p>"  # pictures are lead images, not part of the text

    def test_what_the_editor_writes_is_kept_as_written(self):
        # As django-prose-editor serialises a body using every tool it offers.
        written = (
            "<h2>Heading</h2><h3>Sub</h3><p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> "
            "H<sub>2</sub>O m<sup>2</sup><br>next line "
            '<a href="https://example.org/" rel="noopener noreferrer">link</a></p>'
            "<ul><li><p>one</p></li></ul><ol><li><p>two</p></li></ol>"
            "<blockquote><p>quote</p></blockquote><hr>"
            '<table><tbody><tr><th colspan="1" rowspan="1"><p>h</p></th></tr>'
            '<tr><td colspan="1" rowspan="1"><p>d</p></td></tr></tbody></table>'
        )
        assert sanitize_body(written) == written
        assert sanitize_body(sanitize_body(written)) == written

    def test_older_and_pasted_markup_becomes_the_editors(self):
        pasted = (
            '<p style="color:red" class="MsoNormal"><b>Bold</b> <i>it</i> '
            '<span lang="ru">текст</span> <a href="https://x.org/" target="_blank" '
            'rel="nofollow">x</a></p><h1>Top</h1><font face="Arial">old</font>'
        )
        assert sanitize_body(pasted) == (
            '<p><strong>Bold</strong> <em>it</em> текст <a href="https://x.org/" '
            'rel="noopener noreferrer">x</a></p><h2>Top</h2>old'
        )

    def test_raw_saves_as_in_loaddata_are_sanitised(self):
        article = Article(
            title="Raw",
            slug="raw",
            status=Status.DRAFT,
            body="<p>Raw<script>alert(1)</script></p>",
            created_at=timezone.now(),
            updated_at=timezone.now(),
        )
        article.save_base(raw=True)
        assert Article.objects.get(slug="raw").body == "<p>Raw</p>"


class TestPartialDates:
    @pytest.mark.parametrize("value", ["2009", "2009-05", "2009-05-14", "2024-02-29"])
    def test_valid_partial_dates(self, value):
        validate_partial_date(value)

    @pytest.mark.parametrize(
        "value",
        ["09", "2009-13", "2009-02-30", "2023-02-29", "2009/05", "May 2009", "2009-5", "0000"],
    )
    def test_invalid_partial_dates_say_what_is_expected(self, value):
        with pytest.raises(ValidationError):
            validate_partial_date(value)

    def test_dates_are_shown_as_precisely_as_known(self):
        assert format_partial_date("2009") == "2009"
        assert format_partial_date("2009-05") == "May 2009"
        assert format_partial_date("2009-05-14") == "May 14, 2009"
        assert format_partial_date("") == ""

    def test_dates_of_different_precision_compare_on_what_they_share(self):
        assert precedes("2008", "2009-05")
        assert precedes("2009-04-30", "2009-05")
        assert not precedes("2009", "2009-05")
        assert not precedes("2009-05", "2009")
        assert not precedes("", "2009")

    def test_organization_dates_are_validated(self):
        organization = make_organization(founding_date="2009")
        organization.dissolution_date = "2008-12"
        with pytest.raises(ValidationError) as error:
            organization.full_clean()
        assert "dissolution_date" in error.value.message_dict
        organization.dissolution_date = "2009-13"
        with pytest.raises(ValidationError) as error:
            organization.full_clean()
        assert "dissolution_date" in error.value.message_dict

    def test_partial_dates_sort_chronologically(self):
        official = make_official()
        body = make_organization()
        for start in ["2010", "2009-05-14", "2009", "2011-01"]:
            make_position(official, body, title=f"Post {start}", start_date=start)
        starts = list(Position.objects.order_by("start_date").values_list("start_date", flat=True))
        assert starts == ["2009", "2009-05-14", "2010", "2011-01"]


class TestMemberships:
    def test_an_organization_is_never_its_own_member(self):
        body = make_organization()
        membership = Membership(organization=body, member=body, role="member")
        with pytest.raises(ValidationError) as error:
            membership.full_clean()
        assert "member" in error.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            membership.save()

    def test_end_never_precedes_start(self):
        body, state = make_organization(), make_organization()
        membership = Membership(
            organization=body, member=state, role="member", start_date="2010", end_date="2009-12"
        )
        with pytest.raises(ValidationError) as error:
            membership.full_clean()
        assert error.value.message_dict["end_date"] == [
            "The end date cannot precede the start date."
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            membership.save()

    def test_same_year_at_different_precision_is_a_valid_period(self):
        body, state = make_organization(), make_organization()
        membership = make_membership(body, state, start_date="2010-06", end_date="2010")
        membership.full_clean()

    def test_a_member_holds_one_role_in_a_body_at_a_time(self):
        body, state = make_organization(), make_organization()
        make_membership(body, state, role="observer", start_date="2009")
        clash = Membership(organization=body, member=state, role="member", start_date="2015")
        with pytest.raises(ValidationError) as error:
            clash.full_clean()
        assert "already holds a role" in error.value.message_dict["start_date"][0]

    def test_a_role_can_follow_another_that_ended(self):
        body, state = make_organization(), make_organization()
        make_membership(body, state, role="observer", start_date="2009", end_date="2015")
        later = Membership(organization=body, member=state, role="member", start_date="2015")
        later.full_clean()
        later.save()
        assert list(Organization.objects.holding_role_in(body, "member")) == [state]
        assert list(Organization.objects.holding_role_in(body, "observer")) == []

    def test_the_same_membership_twice_is_refused_by_the_database(self):
        body, state = make_organization(), make_organization()
        make_membership(body, state)
        with pytest.raises(IntegrityError), transaction.atomic():
            make_membership(body, state, role="observer")

    def test_current_follows_dates_as_precisely_as_known(self):
        body = make_organization()
        today = timezone.localdate()
        ongoing = make_membership(body, make_organization(), start_date="2009")
        ending_this_year = make_membership(
            body, make_organization(), end_date=today.isoformat()[:4]
        )
        ended = make_membership(body, make_organization(), end_date=str(today.year - 1))
        future = make_membership(body, make_organization(), start_date=str(today.year + 1))
        current = set(Membership.objects.current())
        assert current == {ongoing, ending_this_year}
        assert ongoing.is_current and ending_this_year.is_current
        assert not ended.is_current and not future.is_current


class TestOrganizations:
    def test_an_organization_cannot_be_its_own_ancestor(self):
        state = make_organization()
        ministry = make_organization(parent=state)
        state.parent = ministry
        with pytest.raises(ValidationError) as error:
            state.full_clean()
        assert "parent" in error.value.message_dict

    def test_iso_codes_are_unique_and_only_for_states(self):
        make_organization(classification="state", iso_code="KZ")
        twin = Organization(name="Twin", slug="twin", classification="state", iso_code="KZ")
        with pytest.raises(ValidationError) as error:
            twin.full_clean()
        assert error.value.message_dict["iso_code"] == [
            "Another organization already has this ISO code."
        ]
        agency = Organization(name="A", slug="a", classification="agency", iso_code="AA")
        with pytest.raises(ValidationError) as error:
            agency.full_clean()
        assert "iso_code" in error.value.message_dict

    def test_many_organizations_may_have_no_iso_code(self):
        make_organization()
        make_organization()
        assert Organization.objects.filter(iso_code="").count() == 2

    def test_a_state_with_ministries_cannot_be_deleted_by_accident(self):
        from django.db.models import ProtectedError

        state = make_organization(classification="state")
        make_organization(parent=state)
        with pytest.raises(ProtectedError):
            state.delete()
