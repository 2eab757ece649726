"""Partners' mirrors: ?updated_since=, cursor walks, tombstones and conditional requests."""

import datetime
import json
import time

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import http_date

from news.models import Article, Status
from organizations.models import Organization
from partners.models import Tombstone

from .factories import (
    make_article,
    make_membership,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **extra):
    response = client.get(url, HTTP_ACCEPT="application/json", **extra)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response


def send(client, method, url, data=None, **extra):
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(url, body, content_type="application/json", **extra)


def walk(client, url):
    """Follow a cursor walk to its end; return the slugs in order and the resume link."""
    slugs, response = [], get(client, url).json()
    while True:
        slugs += [item["slug"] for item in response["results"]]
        if not response["next"]:
            return slugs, response["resume"]
        response = get(client, response["next"]).json()


def backdate(article, moment):
    Article.objects.filter(pk=article.pk).update(updated_at=moment, published_at=moment)


class TestUpdatedSince:
    def test_lists_only_what_changed_at_or_after_the_moment(self, client, db):
        old, recent = make_article(slug="old"), make_article(slug="recent")
        backdate(old, timezone.now() - datetime.timedelta(days=30))
        Article.objects.filter(pk=recent.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=40)
        )
        since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        data = get(client, f"/api/v1/articles/?updated_since={since}").json()
        assert [a["slug"] for a in data["results"]] == ["recent"]

    @pytest.mark.parametrize(
        "endpoint", ["organizations", "officials", "positions", "memberships", "tombstones"]
    )
    def test_every_list_takes_it(self, client, db, endpoint):
        caricc, state = make_organization(slug="caricc"), make_organization(slug="state")
        make_membership(caricc, state)
        make_position(make_official(), caricc)
        future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
        data = get(client, f"/api/v1/{endpoint}/", data={"updated_since": future}).json()
        assert data["results"] == []
        past = "2000-01-01"
        data = get(client, f"/api/v1/{endpoint}/", data={"updated_since": past}).json()
        assert (data["count"] > 0) == (endpoint != "tombstones")

    def test_linking_a_mention_or_adding_a_post_counts_as_a_change(self, client, db):
        official = make_official(slug="kairat-umarov")
        unodc = make_organization(slug="unodc")
        article = make_article(slug="story")
        long_ago = timezone.now() - datetime.timedelta(days=30)
        backdate(article, long_ago)
        Organization.objects.filter(pk=unodc.pk).update(updated_at=long_ago)
        type(official).objects.filter(pk=official.pk).update(updated_at=long_ago)
        since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

        def changed(endpoint):
            data = get(client, f"/api/v1/{endpoint}/", data={"updated_since": since}).json()
            return [item["slug"] for item in data["results"]]

        assert changed("articles") == changed("officials") == []
        article.officials.add(official)
        assert changed("articles") == ["story"]
        backdate(article, long_ago)
        unodc.articles.add(article)
        assert changed("articles") == ["story"]
        backdate(article, long_ago)
        unodc.articles.clear()
        assert changed("articles") == ["story"]
        make_position(official, unodc, title="Adviser")
        assert changed("officials") == ["kairat-umarov"]

    def test_an_unencoded_plus_in_the_offset_is_understood(self, client, db):
        make_article(slug="story")
        data = get(client, "/api/v1/articles/?updated_since=2000-01-01T00:00:00+05:00").json()
        assert data["count"] == 1

    @pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-11-30T25:00", ""])
    def test_a_malformed_moment_is_a_400_naming_the_parameter(self, client, db, value):
        data = get(client, "/api/v1/articles/", 400, data={"updated_since": value}).json()
        assert "updated_since" in data

    def test_a_scheduled_article_counts_as_changed_when_it_appears(self, client, db):
        article = make_article(
            slug="scheduled", published_at=timezone.now() + datetime.timedelta(seconds=1)
        )
        synced_at = timezone.now().isoformat()
        assert get(client, "/api/v1/articles/", data={"updated_since": synced_at}).json() == {
            "count": 0,
            "next": None,
            "previous": None,
            "results": [],
        }
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
            data = get(client, "/api/v1/articles/", data={"updated_since": synced_at}).json()
        assert [a["slug"] for a in data["results"]] == [article.slug]


class TestCursor:
    def test_a_walk_sees_every_article_once_while_editors_publish(self, client, db):
        for n in range(25):
            make_article(slug=f"story-{n:02}")
        seen = []
        response = get(client, "/api/v1/articles/?cursor=&page_size=10").json()
        seen += [item["slug"] for item in response["results"]]
        # Editors publish two stories and correct one already seen, mid-walk.
        make_article(slug="breaking-1")
        make_article(slug="breaking-2")
        corrected = Article.objects.get(slug=seen[0])
        corrected.title = "Corrected"
        corrected.save()
        while response["next"]:
            response = get(client, response["next"]).json()
            seen += [item["slug"] for item in response["results"]]
        assert sorted(set(seen)) == sorted(Article.objects.values_list("slug", flat=True))
        # The corrected story comes once more, in its new version, at the end.
        assert len(seen) == 28
        assert seen[-1] == corrected.slug

    def test_resuming_returns_only_what_changed_since(self, client, db):
        make_article(slug="first")
        slugs, resume = walk(client, "/api/v1/articles/?cursor=")
        assert slugs == ["first"]
        assert get(client, resume).json()["results"] == []
        make_article(slug="second")
        slugs, resume = walk(client, resume)
        assert slugs == ["second"]

    def test_drafts_stay_out_of_anonymous_walks(self, client, db):
        make_article(slug="public")
        make_article(slug="draft", status=Status.DRAFT, published_at=None)
        slugs, _resume = walk(client, "/api/v1/articles/?cursor=")
        assert slugs == ["public"]

    def test_every_list_walks_by_cursor(self, client, db):
        for n in range(5):
            make_organization(slug=f"org-{n}")
        data = get(client, "/api/v1/organizations/?cursor=&page_size=2").json()
        assert set(data) == {"next", "resume", "results"}
        assert len(data["results"]) == 2

    @pytest.mark.parametrize(
        "query",
        ["cursor=not-a-cursor", "cursor=&page=2", "cursor=&ordering=title", "cursor=&page_size=0"],
    )
    def test_bad_cursor_requests_are_a_400(self, client, db, query):
        data = get(client, f"/api/v1/articles/?{query}", 400).json()
        assert set(data) & {"cursor", "page", "ordering", "page_size"}


class TestTombstones:
    def tombstones(self, client, **params):
        return get(client, "/api/v1/tombstones/", data=params).json()["results"]

    def test_deleting_a_published_article_leaves_a_notice(self, client, db):
        make_article(slug="gone").delete()
        [notice] = self.tombstones(client)
        assert notice["kind"] == "article"
        assert notice["identifier"] == "gone"
        assert notice["reason"] == "deleted"
        assert notice["former_url"] == "http://testserver/api/v1/articles/gone/"

    def test_withdrawing_an_article_leaves_a_notice(self, client, db):
        article = make_article(slug="withdrawn")
        article.status = Status.DRAFT
        article.save()
        assert [(n["identifier"], n["reason"]) for n in self.tombstones(client)] == [
            ("withdrawn", "withdrawn")
        ]
        # Published again: the notice no longer holds.
        article.status = Status.PUBLISHED
        article.save()
        assert self.tombstones(client) == []

    def test_renaming_leaves_a_notice_for_the_old_slug(self, client, db):
        organization = make_organization(slug="old-name")
        organization.slug = "new-name"
        organization.save()
        assert [(n["kind"], n["identifier"], n["reason"]) for n in self.tombstones(client)] == [
            ("organization", "old-name", "moved")
        ]

    def test_drafts_never_leave_a_trace(self, client, db):
        make_article(slug="secret-draft", status=Status.DRAFT, published_at=None).delete()
        scheduled = make_article(
            slug="secret-scheduled", published_at=timezone.now() + datetime.timedelta(days=1)
        )
        scheduled.slug = "renamed"
        scheduled.save()
        scheduled.delete()
        assert self.tombstones(client) == []
        assert "secret" not in get(client, "/api/v1/tombstones/").content.decode()

    def test_positions_and_memberships_are_named_by_id(self, client, db):
        caricc, state = make_organization(), make_organization()
        membership = make_membership(caricc, state)
        position = make_position(make_official(), caricc)
        ids = {"membership": str(membership.pk), "position": str(position.pk)}
        membership.delete()
        position.delete()
        notices = self.tombstones(client)
        assert {(n["kind"], n["identifier"]) for n in notices} == set(ids.items())
        assert self.tombstones(client, kind="position")[0]["identifier"] == ids["position"]

    def test_removals_sync_like_the_lists(self, client, db):
        make_article(slug="early").delete()
        Tombstone.objects.update(removed_at=timezone.now() - datetime.timedelta(days=2))
        make_article(slug="late").delete()
        since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
        assert [n["identifier"] for n in self.tombstones(client, updated_since=since)] == ["late"]
        data = get(client, "/api/v1/tombstones/?cursor=&page_size=1").json()
        assert [n["identifier"] for n in data["results"]] == ["early"]
        assert [n["identifier"] for n in get(client, data["next"]).json()["results"]] == ["late"]

    def test_a_bad_kind_is_a_400(self, client, db):
        assert "kind" in get(client, "/api/v1/tombstones/?kind=planet", 400).json()


class TestConditionalGet:
    @pytest.mark.parametrize("cache", ["on", "off"])
    def test_a_list_answers_304_until_something_changes(self, client, db, settings, cache):
        if cache == "off":  # CACHE_URL=dummy://: no generation is kept to build the ETag on
            dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
            settings.CACHES = dict.fromkeys(settings.CACHES, dummy)
        article = make_article(slug="story")
        first = get(client, "/api/v1/articles/")
        etag = first["ETag"]
        again = client.get(
            "/api/v1/articles/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag
        )
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        article.title = "Corrected"
        article.save()
        changed = client.get(
            "/api/v1/articles/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag
        )
        assert changed.status_code == 200
        assert changed["ETag"] != etag
        assert changed.json()["results"][0]["title"] == "Corrected"

    def test_an_object_has_an_etag_and_last_modified(self, client, db):
        article = make_article(slug="story")
        url = "/api/v1/articles/story/"
        response = get(client, url)
        assert response["Last-Modified"] == http_date(int(article.updated_at.timestamp()))
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        later = http_date(time.time() + 60)
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304
        earlier = http_date(article.updated_at.timestamp() - 60)
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200

    def test_renaming_a_mentioned_organization_changes_the_article_etag(self, client, db):
        unodc = make_organization(slug="unodc", name="UNODC")
        make_article(slug="story", organizations=[unodc])
        etag = get(client, "/api/v1/articles/story/")["ETag"]
        unodc.name = "United Nations Office on Drugs and Crime"
        unodc.save()
        response = client.get("/api/v1/articles/story/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response.json()["organizations"][0]["name"].startswith("United Nations")

    def test_linking_an_official_changes_the_article(self, client, db):
        article = make_article(slug="story")
        etag = get(client, "/api/v1/articles/story/")["ETag"]
        article.officials.add(make_official(slug="kairat-umarov"))
        response = client.get("/api/v1/articles/story/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200

    def test_the_etag_differs_by_format_and_language(self, client, db):
        make_article(slug="story")
        etags = {
            get(client, "/api/v1/articles/story/")["ETag"],
            get(client, "/api/v1/articles/story/?format=ninjs")["ETag"],
            get(client, "/api/v1/articles/story/?lang=ru")["ETag"],
        }
        assert len(etags) == 3

    def test_what_is_worked_out_counts_against_the_limit_and_shared_answers_do_not(
        self, client, db, settings
    ):
        from partners.models import PartnerKey

        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                "anon": "3/minute",
                "partner": "3/minute",
            },
        }
        make_article(slug="story")
        # An anonymous answer already cached costs nothing to serve: it is not counted.
        statuses = [client.get("/api/v1/articles/").status_code for _ in range(5)]
        assert statuses == [200] * 5
        # Every answer that has to be worked out is (the first above was one).
        statuses = [client.get(f"/api/v1/articles/?page_size={n}").status_code for n in (1, 2, 3)]
        assert statuses == [200, 200, 429]
        # A partner's key is counted at every request, cached or not.
        _key_object, key = PartnerKey.objects.create_key(name="Mirror", partner="Agency")
        keyed = [
            client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code
            for _ in range(4)
        ]
        assert keyed == [200, 200, 200, 429]


class TestIfMatch:
    def test_a_stale_etag_is_refused_and_nothing_is_overwritten(self, editor_client, db):
        make_article(slug="story", title="Original")
        url = "/api/v1/articles/story/"
        etag = get(editor_client, url)["ETag"]
        first = send(editor_client, "patch", url, {"title": "First edit"}, HTTP_IF_MATCH=etag)
        assert first.status_code == 200
        assert first["ETag"] != etag
        second = send(editor_client, "patch", url, {"title": "Second edit"}, HTTP_IF_MATCH=etag)
        assert second.status_code == 412
        assert "changed since you read it" in second.json()["detail"]
        assert second["ETag"] == first["ETag"]
        assert Article.objects.get(slug="story").title == "First edit"
        # With the new ETag the second editor's change goes through.
        third = send(
            editor_client, "patch", url, {"title": "Second edit"}, HTTP_IF_MATCH=first["ETag"]
        )
        assert third.status_code == 200
        assert Article.objects.get(slug="story").title == "Second edit"

    def test_the_etag_from_a_write_matches_the_next_read(self, editor_client, db):
        make_article(slug="story")
        written = send(editor_client, "patch", "/api/v1/articles/story/", {"title": "New"})
        assert written["ETag"] == get(editor_client, "/api/v1/articles/story/")["ETag"]

    def test_the_etag_from_a_write_matches_the_next_read_whatever_the_object_shows(
        self, editor_client, db
    ):
        # What an answer shows of other objects (an official's posts and their bodies, a
        # body's parent) goes into its ETag, after a write as at a read.
        centre = make_organization(slug="centre", name="Centre")
        agency = make_organization(slug="agency", name="Agency", parent=centre)
        official = make_official(slug="director", name="Director")
        post = make_position(official, agency, title="Head", start_date="2020")
        state = make_organization(slug="state", name="State", classification="state")
        membership = make_membership(centre, state, start_date="2019")
        make_article(slug="story", organizations=[agency], officials=[official])
        writes = [
            ("patch", "/api/v1/articles/story/", {"title": "New"}),
            ("patch", "/api/v1/organizations/agency/", {"name": "Agency renamed"}),
            ("patch", "/api/v1/officials/director/", {"name": "Director renamed"}),
            ("patch", f"/api/v1/positions/{post.pk}/", {"title": "Chief"}),
            ("patch", f"/api/v1/memberships/{membership.pk}/", {"end_date": "2024"}),
            ("post", "/api/v1/articles/", {"title": "T", "slug": "t", "officials": ["director"]}),
        ]
        for method, url, data in writes:
            written = send(editor_client, method, url, data)
            assert written.status_code in (200, 201), (url, written.content[:300])
            read_url = written.json()["url"].removeprefix("http://testserver")
            read = get(editor_client, read_url)
            assert written["ETag"] == read["ETag"], url
            assert written["Last-Modified"] == read["Last-Modified"], url
            # The answer is the object as read, to the time the write stamped on it.
            assert written.json() == read.json(), url

    def test_deleting_with_a_stale_etag_is_refused(self, editor_client, db):
        organization = make_organization(slug="agency", name="Agency")
        url = "/api/v1/organizations/agency/"
        etag = get(editor_client, url)["ETag"]
        organization.name = "Renamed agency"
        organization.save()
        assert send(editor_client, "delete", url, HTTP_IF_MATCH=etag).status_code == 412
        assert Organization.objects.filter(slug="agency").exists()
        fresh = get(editor_client, url)["ETag"]
        assert send(editor_client, "delete", url, HTTP_IF_MATCH=fresh).status_code == 204

    def test_writes_without_if_match_still_work(self, editor_client, db):
        make_article(slug="story")
        response = send(editor_client, "patch", "/api/v1/articles/story/", {"title": "Plain"})
        assert response.status_code == 200
