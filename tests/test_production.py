"""Production behaviour: the shared cache, security headers, login limits, health, logs."""

import datetime
import json
import logging
import re

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from news.models import Article, Status

from .factories import make_article
from .processes import local_environment, run_python

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["configured", "mapped file"])
def versions_kept(request, settings, tmp_path):
    """The cache's promises hold with the versions where the suite keeps them (this
    process's memory, or Redis) and in the file that workers map without a cache server."""
    if request.param == "mapped file":
        settings.CACHES = {
            **settings.CACHES,
            "versions": {
                "BACKEND": "core.cache_backends.VersionMap",
                "LOCATION": str(tmp_path / "versions"),
            },
        }


@pytest.mark.usefixtures("versions_kept")
class TestPublicCache:
    def test_pages_are_served_from_the_cache_until_an_editor_corrects_them(self, client):
        article = make_article(title="Original headline")
        first = client.get("/news/")
        assert first["X-Cache"] == "miss"
        second = client.get("/news/")
        assert second["X-Cache"] == "hit"
        assert "Original headline" in second.content.decode()

        article.title = "Corrected headline"
        article.save()
        after = client.get("/news/")
        assert after["X-Cache"] == "miss"
        assert "Corrected headline" in after.content.decode()
        assert "Original headline" not in after.content.decode()

    def test_api_responses_are_cached_and_invalidated_too(self, editor_client):
        from django.test import Client

        client = Client()
        make_article(slug="story", title="Before")
        assert (
            client.get("/api/v1/articles/story/", HTTP_ACCEPT="application/json")["X-Cache"]
            == "miss"
        )
        assert (
            client.get("/api/v1/articles/story/", HTTP_ACCEPT="application/json")["X-Cache"]
            == "hit"
        )
        editor_client.patch(
            "/api/v1/articles/story/",
            json.dumps({"title": "After"}),
            content_type="application/json",
        )
        data = client.get("/api/v1/articles/story/", HTTP_ACCEPT="application/json").json()
        assert data["title"] == "After"

    def test_unpublishing_and_linking_invalidate(self, client):
        from organizations.models import Organization

        article = make_article(title="Soon withdrawn")
        unodc = Organization.objects.create(name="UNODC", slug="unodc", classification="un_agency")
        client.get(unodc.get_absolute_url())
        article.organizations.add(unodc)
        assert "Soon withdrawn" in client.get(unodc.get_absolute_url()).content.decode()
        client.get(article.get_absolute_url())
        Article.objects.get(pk=article.pk).delete()
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_what_the_public_cannot_see_leaves_the_cache_warm(self, client):
        from organizations.models import Organization

        make_article(title="Public story")
        draft = make_article(title="Draft story", status=Status.DRAFT, published_at=None)
        unodc = Organization.objects.create(name="UNODC", slug="unodc", classification="other")
        client.get("/news/")
        assert client.get("/news/")["X-Cache"] == "hit"
        draft = Article.objects.get(pk=draft.pk)
        draft.title = "Draft, rewritten"
        draft.save()
        draft.organizations.add(unodc)
        make_article(title="Another draft", status=Status.DRAFT, published_at=None)
        Article.objects.get(pk=draft.pk).delete()
        assert client.get("/news/")["X-Cache"] == "hit"

        scheduled = make_article(title="Draft story")  # published: the public sees it
        page = client.get("/news/")
        assert page["X-Cache"] == "miss" and "Draft story" in page.content.decode()
        scheduled = Article.objects.get(pk=scheduled.pk)
        scheduled.status = Status.DRAFT  # withdrawn: the public must stop seeing it
        scheduled.save()
        page = client.get("/news/")
        assert page["X-Cache"] == "miss" and "Draft story" not in page.content.decode()

    def test_a_scheduled_article_appears_on_time_despite_the_cache(self, client):
        make_article(
            title="Scheduled story", published_at=timezone.now() + datetime.timedelta(seconds=1)
        )
        assert "Scheduled story" not in client.get("/news/").content.decode()
        assert client.get("/news/")["X-Cache"] == "hit"
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
            assert "Scheduled story" in client.get("/news/").content.decode()

    def test_signed_in_editors_never_get_cached_pages(self, editor_client):
        from django.test import Client

        make_article(slug="draft", status=Status.DRAFT)
        anonymous = Client().get("/api/v1/articles/", HTTP_ACCEPT="application/json")
        assert anonymous.json()["count"] == 0 and anonymous["X-Cache"] == "miss"
        response = editor_client.get("/api/v1/articles/", HTTP_ACCEPT="application/json")
        assert "X-Cache" not in response
        assert response.json()["count"] == 1

    def test_conditional_requests_get_304_from_the_cache(self, client):
        make_article()
        etag = client.get("/news/")["ETag"]
        response = client.get("/news/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response.content == b""

    def test_revalidating_clients_fill_an_empty_cache(self, client):
        make_article(slug="story")
        # (A list's ETag names the content generation, which a Redis cleared here would lose.)
        for path in ("/news/", "/api/v1/articles/story/"):
            etag = client.get(path, HTTP_ACCEPT="application/json")["ETag"]
            cache.clear()  # a worker that has just started
            response = client.get(path, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag)
            assert response.status_code == 304, path
            assert response["ETag"] == etag
            # The answer was worked out whole and kept: the next reader gets it from the cache.
            assert client.get(path, HTTP_ACCEPT="application/json")["X-Cache"] == "hit", path

    def test_errors_and_admin_pages_are_not_cached(self, client):
        client.get("/news/missing/")
        assert "X-Cache" not in client.get("/news/missing/")
        assert "X-Cache" not in client.get(reverse("admin:login"))


@pytest.mark.usefixtures("versions_kept")
class TestWhatAChangeInvalidates:
    """Publishing or editing an article leaves warm what cannot show it; a change to the
    register renews everything."""

    NEWS_PAGES = ["/", "/news/", "/ru/news/", "/api/v1/articles/", "/news/feed/"]
    REGISTER_PAGES = [
        "/organizations/",
        "/kk/officials/",
        "/api/v1/organizations/",
        "/api/v1/officials/",
        "/api/v1/positions/",
        "/api/v1/memberships/",
        "/api/v1/popolo/",
    ]

    def warm(self, client, paths):
        for path in paths:
            client.get(path, HTTP_ACCEPT=self.accept(path))
        return {p: client.get(p, HTTP_ACCEPT=self.accept(p))["X-Cache"] for p in paths}

    def accept(self, path):
        return "application/json" if path.startswith("/api/") else "text/html"

    def page(self, client, path):
        """What a reader gets, asked as warm() asks (the cache keeps each Accept apart)."""
        return client.get(path, HTTP_ACCEPT=self.accept(path))

    def caches_after(self, client, paths):
        return {p: client.get(p, HTTP_ACCEPT=self.accept(p))["X-Cache"] for p in paths}

    def test_an_article_change_leaves_the_register_warm(self, client):
        from organizations.models import Organization

        body = Organization.objects.create(name="UNODC", slug="unodc", classification="un_agency")
        article = make_article(title="First version", organizations=[body])
        paths = [*self.NEWS_PAGES, *self.REGISTER_PAGES, "/organizations/unodc/"]
        assert set(self.warm(client, paths).values()) == {"hit"}

        article.title = "Second version"
        article.save()
        after = self.caches_after(client, paths)
        assert {p: after[p] for p in self.REGISTER_PAGES} == dict.fromkeys(
            self.REGISTER_PAGES, "hit"
        )
        news = [*self.NEWS_PAGES, "/organizations/unodc/"]  # its page lists the news about it
        assert {p: after[p] for p in news} == dict.fromkeys(news, "miss")
        assert "Second version" in client.get("/news/").content.decode()

        # Linking and publishing are changes to the news too.
        article.organizations.remove(body)
        assert "Second version" not in client.get("/organizations/unodc/").content.decode()
        make_article(title="Another story")
        after = self.caches_after(client, [*self.REGISTER_PAGES, "/"])
        assert after.pop("/") == "miss" and set(after.values()) == {"hit"}

    def test_an_article_change_leaves_warm_the_pages_that_cannot_show_it(self, client):
        from organizations.models import Organization

        from .factories import make_official

        unodc = Organization.objects.create(name="UNODC", slug="unodc", classification="other")
        interpol = Organization.objects.create(
            name="Interpol", slug="interpol", classification="other"
        )
        minister = make_official(name="Ermek Sagimbayev", slug="sagimbayev")
        story = make_article(slug="story", title="First version", organizations=[unodc])
        make_article(slug="related", title="Also about UNODC", organizations=[unodc])
        make_article(
            slug="apart", title="About Interpol", organizations=[interpol], officials=[minister]
        )
        shows_the_story = [
            "/news/story/",
            "/ru/news/story/",
            "/kk/news/story/",
            "/api/v1/articles/story/",
            "/news/related/",  # related news: the story shares UNODC
            "/organizations/unodc/",
            "/ru/organizations/unodc/",
        ]
        cannot_show_it = [
            "/news/apart/",
            "/kk/news/apart/",
            "/api/v1/articles/apart/",
            "/api/v1/articles/related/",
            "/organizations/interpol/",
            "/officials/sagimbayev/",
            "/kk/officials/sagimbayev/",
        ]
        assert set(self.warm(client, shows_the_story + cannot_show_it).values()) == {"hit"}

        story.title_en = "Second version"  # (the last page read left Kazakh active)
        story.save()
        after = self.caches_after(client, shows_the_story + cannot_show_it)
        assert {p: after[p] for p in shows_the_story} == dict.fromkeys(shows_the_story, "miss")
        assert {p: after[p] for p in cannot_show_it} == dict.fromkeys(cannot_show_it, "hit")
        for path in ["/news/related/", "/organizations/unodc/", "/news/story/"]:
            assert "Second version" in self.page(client, path).content.decode(), path

        # Linked to Interpol: now its page and the article beside it there can show it.
        story.organizations.add(interpol)
        after = self.caches_after(client, ["/organizations/interpol/", "/news/apart/"])
        assert after == dict.fromkeys(after, "miss")
        assert "Second version" in self.page(client, "/organizations/interpol/").content.decode()
        assert "Second version" in self.page(client, "/news/apart/").content.decode()
        assert self.caches_after(client, ["/officials/sagimbayev/"]) == {
            "/officials/sagimbayev/": "hit"
        }

        # Unlinked again, from either side: its pages no longer list it.
        story.organizations.remove(interpol)
        assert (
            "Second version" not in self.page(client, "/organizations/interpol/").content.decode()
        )
        interpol.articles.add(story)
        assert "Second version" in self.page(client, "/organizations/interpol/").content.decode()
        interpol.articles.clear()
        assert "Second version" not in self.page(client, "/news/apart/").content.decode()

        # A new address: the old one leads there, not to the page kept from before.
        self.warm(client, ["/news/story/", "/api/v1/articles/story/"])
        story = Article.objects.get(pk=story.pk)
        story.slug = "story-renamed"
        story.save()
        assert self.page(client, "/news/story/").status_code == 301
        assert self.page(client, "/api/v1/articles/story/").status_code == 301

        # Withdrawn, then deleted: gone from every page that showed it. (Its removal notice
        # for partners' mirrors leaves the register warm too.)
        self.warm(client, ["/news/story-renamed/", "/organizations/unodc/", "/news/related/"])
        self.warm(client, self.REGISTER_PAGES)
        story.status = Status.DRAFT
        story.save()
        assert set(self.caches_after(client, self.REGISTER_PAGES).values()) == {"hit"}
        assert self.page(client, "/news/story-renamed/").status_code == 404
        for path in ["/organizations/unodc/", "/news/related/"]:
            assert "Second version" not in self.page(client, path).content.decode(), path
        self.warm(client, ["/news/related/", "/organizations/unodc/", "/news/apart/"])
        Article.objects.get(slug="related").delete()
        assert self.page(client, "/news/related/").status_code == 404
        assert "Also about UNODC" not in self.page(client, "/organizations/unodc/").content.decode()
        assert self.caches_after(client, ["/news/apart/"]) == {"/news/apart/": "hit"}

    def test_a_revision_restored_leaves_no_page_at_the_address_it_undid(self, client):
        import reversion
        from reversion.models import Version

        with reversion.create_revision():
            story = make_article(slug="first-address", title="Story")
        story.slug = "second-address"
        story.save()
        assert self.warm(client, ["/news/second-address/"]) == {"/news/second-address/": "hit"}
        Version.objects.get_for_object(story).get().revert()  # a raw save, as restoring does
        gone = self.page(client, "/news/second-address/")
        assert gone.status_code == 404
        assert self.page(client, "/news/first-address/").status_code == 200

    def test_a_partners_cached_article_follows_its_edits_alone(self, client):
        from partners.models import PartnerKey

        _, key = PartnerKey.objects.create_key(name="Agency feed")
        keyed = {"HTTP_AUTHORIZATION": f"Api-Key {key}", "HTTP_ACCEPT": "application/json"}
        story = make_article(slug="story", title="First version")
        make_article(slug="other", title="Other story")
        for path in ["/api/v1/articles/story/", "/api/v1/articles/other/"]:
            client.get(path, **keyed)
            assert client.get(path, **keyed)["X-Cache"] == "hit"
        story.title = "Second version"
        story.save()
        response = client.get("/api/v1/articles/story/", **keyed)
        assert response["X-Cache"] == "miss" and response.json()["title"] == "Second version"
        assert client.get("/api/v1/articles/other/", **keyed)["X-Cache"] == "hit"

    def test_a_register_change_renews_everything(self, client):
        from organizations.models import Organization

        body = Organization.objects.create(name="UNODC", slug="unodc", classification="un_agency")
        make_article(organizations=[body])
        paths = [*self.NEWS_PAGES, *self.REGISTER_PAGES]
        self.warm(client, paths)
        body.name = "UN Office on Drugs and Crime"
        body.save()
        assert set(self.caches_after(client, paths).values()) == {"miss"}

    def test_a_partners_304_never_hides_a_new_article(self, client):
        make_article(title="First")
        etag = client.get("/api/v1/articles/", HTTP_ACCEPT="application/json")["ETag"]
        organizations_etag = client.get("/api/v1/organizations/")["ETag"]
        make_article(title="Second")
        response = client.get(
            "/api/v1/articles/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag
        )
        assert response.status_code == 200 and response.json()["count"] == 2
        # The register's answers did not change: their ETag holds.
        response = client.get("/api/v1/organizations/", HTTP_IF_NONE_MATCH=organizations_etag)
        assert response.status_code == 304

    def test_an_article_scheduled_after_pages_were_cached_appears_on_time(self, client):
        make_article(title="Now")
        client.get("/news/")
        assert client.get("/news/")["X-Cache"] == "hit"
        make_article(
            title="Scheduled later", published_at=timezone.now() + datetime.timedelta(seconds=5)
        )
        assert "Scheduled later" not in client.get("/news/").content.decode()
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=6)):
            assert "Scheduled later" in client.get("/news/").content.decode()


class TestCompressedAnswers:
    """Cached answers go gzipped to clients that take it, made once when stored."""

    def get(self, client, path, gzip=True, **headers):
        if gzip:
            headers["HTTP_ACCEPT_ENCODING"] = "gzip, deflate, br"
        return client.get(path, **headers)

    @pytest.mark.parametrize(
        ("path", "accept"),
        [
            ("/news/", "text/html"),
            ("/ru/organizations/", "text/html"),
            ("/api/v1/articles/", "application/json"),
            ("/api/v1/articles/?format=ninjs", "application/ninjs+json"),
            ("/news/feed/", "*/*"),
        ],
    )
    def test_a_miss_and_a_hit_are_gzipped_to_the_same_text(self, client, seed, path, accept):
        import gzip

        plain = self.get(client, path, gzip=False, HTTP_ACCEPT=accept)
        assert plain.status_code == 200 and "Content-Encoding" not in plain
        for expected in ("hit", "hit"):
            zipped = self.get(client, path, HTTP_ACCEPT=accept)
            assert zipped["X-Cache"] == expected
            assert zipped["Content-Encoding"] == "gzip"
            assert gzip.decompress(zipped.content) == plain.content
            assert len(zipped.content) < len(plain.content)
            assert "accept-encoding" in zipped["Vary"].lower()
            assert "accept-encoding" in plain["Vary"].lower()
            assert zipped["ETag"] == "W/" + plain["ETag"]
            assert zipped["Content-Type"] == plain["Content-Type"]

    def test_with_the_cache_off_answers_go_as_the_view_made_them(self, client, seed, settings):
        # CACHE_URL=dummy://: nothing is kept, so nothing is copied or compressed to be kept
        # at every request, the cold path the benchmark's uncached phase measures.
        dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        settings.CACHES = dict.fromkeys(settings.CACHES, dummy)
        for path in ("/news/", "/api/v1/articles/"):
            response = self.get(client, path)
            assert response.status_code == 200 and response["X-Cache"] == "miss"
            assert "Content-Encoding" not in response
            assert "accept-encoding" not in response.get("Vary", "").lower()
            assert response.has_header("ETag")

    def test_a_miss_is_gzipped_too_and_its_length_is_the_gzipped_one(self, client, seed):
        zipped = self.get(client, "/news/")
        assert zipped["X-Cache"] == "miss" and zipped["Content-Encoding"] == "gzip"
        assert int(zipped["Content-Length"]) == len(zipped.content)
        plain = self.get(client, "/news/", gzip=False)
        assert plain["X-Cache"] == "hit" and "Content-Encoding" not in plain
        assert int(plain["Content-Length"]) == len(plain.content)

    def test_either_etag_gets_a_304_from_either_form(self, client, seed):
        plain = self.get(client, "/news/", gzip=False)
        zipped = self.get(client, "/news/")
        for etag in (plain["ETag"], zipped["ETag"]):
            for gzip in (True, False):
                again = self.get(client, "/news/", gzip=gzip, HTTP_IF_NONE_MATCH=etag)
                assert again.status_code == 304

    def test_a_change_reaches_the_gzipped_form(self, client, seed):
        import gzip

        article = make_article(title="Before the correction")
        assert b"Before the correction" in gzip.decompress(self.get(client, "/news/").content)
        article.title = "After the correction"
        article.save()
        text = gzip.decompress(self.get(client, "/news/").content)
        assert b"After the correction" in text and b"Before the correction" not in text

    def test_small_answers_and_personal_pages_are_sent_as_they_are(self, client, admin_client):
        make_article(slug="story", title="A story")
        path = "/api/v1/articles/story/?fields=slug"
        self.get(client, path, HTTP_ACCEPT="application/json")
        small = self.get(client, path, HTTP_ACCEPT="application/json")
        assert small["X-Cache"] == "hit" and "Content-Encoding" not in small
        assert small.json() == {"slug": "story"}
        personal = self.get(admin_client, "/news/")
        assert "X-Cache" not in personal and "Content-Encoding" not in personal


class TestSecurityHeaders:
    def test_every_page_sends_the_security_headers(self, client):
        response = client.get("/")
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_hsts_over_https(self, client, settings):
        settings.SECURE_HSTS_SECONDS = 31536000
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        response = client.get("/", secure=True)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")

    def test_public_pages_carry_no_inline_script(self, client, seed):
        from .factories import SEED_SLUG

        for url in ["/", "/news/", f"/news/{SEED_SLUG}/", "/organizations/caricc/", "/api/docs/"]:
            page = client.get(url).content.decode()
            assert re.findall(r"<script(?![^>]*(src=|application/ld\+json))", page) == []


class TestLoginRateLimit:
    def test_the_admin_login_locks_out_after_repeated_failures(self, client, editor):
        url = reverse("admin:login")
        for _ in range(4):
            response = client.post(url, {"username": "editor", "password": "wrong"})
            assert response.status_code == 200
        assert client.post(url, {"username": "editor", "password": "wrong"}).status_code == 429
        response = client.post(url, {"username": "editor", "password": "pw-editor-1"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_correct_login_before_the_limit_works(self, client, editor):
        url = reverse("admin:login")
        client.post(url, {"username": "editor", "password": "wrong"})
        response = client.post(url, {"username": "editor", "password": "pw-editor-1"})
        assert response.status_code == 302
        assert client.login(request=HttpRequest(), username="editor", password="pw-editor-1")


class TestHealth:
    def test_liveness_answers_without_touching_the_database(
        self, client, django_assert_num_queries
    ):
        with django_assert_num_queries(0):
            response = client.get("/health/live")
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert "no-cache" in response["Cache-Control"]

    def test_readiness_checks_database_and_cache(self, client):
        response = client.get("/health/ready")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "ok"}

    def test_readiness_fails_when_the_cache_is_unreachable(self, client, settings):
        # Nothing listens on port 1: a real connection failure.
        settings.CACHES = {
            **settings.CACHES,
            "shared": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            },
        }
        response = client.get("/health/ready")
        assert response.status_code == 503
        assert response.json() == {"database": "ok", "cache": "unreachable"}

    def test_readiness_fails_when_the_versions_file_cannot_be_made(
        self, client, settings, tmp_path
    ):
        (tmp_path / "not-a-folder").write_text("")
        settings.CACHES = {
            **settings.CACHES,
            "versions": {
                "BACKEND": "core.cache_backends.VersionMap",
                "LOCATION": str(tmp_path / "not-a-folder" / "versions"),
            },
        }
        response = client.get("/health/ready")
        assert response.status_code == 503
        assert response.json() == {"database": "ok", "cache": "unreachable"}


class TestRequestLogs:
    def test_each_request_is_logged_once_as_structured_fields(self, client, caplog):
        from caricc_site.logging import JSONFormatter

        with caplog.at_level(logging.INFO, logger="caricc.request"):
            client.get("/news/?year=2023")
        records = [r for r in caplog.records if r.name == "caricc.request"]
        assert len(records) == 1
        line = json.loads(JSONFormatter().format(records[0]))
        assert line["method"] == "GET"
        assert line["path"] == "/news/"
        assert line["query"] == "year=2023"
        assert line["status"] == 200
        assert isinstance(line["duration_ms"], float)
        assert line["level"] == "INFO"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_generate_content_creates_linked_volume_data(client):
    from django.core.management import call_command

    from organizations.models import Membership, Organization

    client.get("/news/")
    call_command("generate_content", "--articles", "60", "--states", "5", "--officials", "10")
    assert Article.objects.count() == 60
    assert Organization.objects.filter(classification="state").count() == 5
    assert Membership.objects.exists()
    published = Article.objects.published()
    assert 0 < published.count() <= 60
    sample = published.first()
    assert sample.organizations.count() == 3 and sample.officials.count() == 2
    assert sample.body.startswith("<p>")
    response = client.get("/news/")
    assert response["X-Cache"] == "miss"
    assert published.order_by("-published_at").first().title in response.content.decode()


def test_without_a_cache_server_every_worker_sees_a_change_at_once(tmp_path):
    """Workers are processes: each reads the content generation from the shared folder."""

    def in_another_worker(code):
        return run_python(
            "manage.py", "shell", "-v0", "-c", f"from core import cache; {code}",
            environment=local_environment(DJANGO_CACHE_DIR=str(tmp_path / "cache")),
        )  # fmt: skip

    first = in_another_worker("print(cache.generation())")
    assert in_another_worker("print(cache.generation())") == first
    in_another_worker("cache.invalidate()")
    assert in_another_worker("print(cache.generation())") != first


def test_a_worker_keeps_what_it_loaded_out_of_the_collectors_passes():
    """A WSGI server's worker, once it has the application, has frozen what it loaded:
    full collections walk only what requests made since."""
    output = run_python(
        "-c",
        "import gc; before = gc.get_freeze_count(); import caricc_site.wsgi; "
        "print(before, gc.get_freeze_count())",
        environment=local_environment(),
    )
    before, after = map(int, output.split())
    assert before == 0
    # Django, the apps and their libraries: tens of thousands of objects.
    assert after > 20_000


def test_the_planner_has_statistics_after_a_bulk_load(client):
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    call_command("generate_content", "--articles", "30", "--states", "3", "--officials", "3")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"news_article", "news_article_organizations"} <= analysed


def test_postgresql_keeps_precise_statistics_on_the_mention_links(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no statistics target")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attstattarget FROM pg_attribute "
            "WHERE attname IN ('organization_id', 'official_id') AND attrelid IN "
            "('news_article_organizations'::regclass, 'news_article_officials'::regclass)"
        )
        targets = {(table, column): target for table, column, target in cursor.fetchall()}
    assert targets == {
        ("news_article_organizations", "organization_id"): 1000,
        ("news_article_officials", "official_id"): 1000,
    }


def test_the_mention_links_are_indexed_by_entity_then_article(db):
    """What reads an entity's articles (its page's news, related news, the news filter)
    finds them in the index alone, on either database."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table, column in [
            ("news_article_organizations", "organization_id"),
            ("news_article_officials", "official_id"),
        ]:
            indexes = connection.introspection.get_constraints(cursor, table)
            assert [column, "article_id"] in [i["columns"] for i in indexes.values() if i["index"]]
