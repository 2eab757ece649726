"""Clients that forge their address, host, credentials or preconditions get nothing by it."""

import json

import pytest
from django.test import Client

from partners.models import PartnerKey

from .factories import make_article

pytestmark = pytest.mark.django_db


class TestClientAddress:
    def test_a_new_forwarded_for_on_each_request_does_not_escape_the_limit(
        self, client, low_limits
    ):
        # Each a different list: every one is worked out, none served from the shared cache.
        codes = [
            client.get(
                f"/api/v1/organizations/?page_size={n + 1}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
            ).status_code
            for n in range(4)
        ]
        assert codes == [200, 200, 429, 429]

    def test_behind_one_trusted_proxy_the_address_it_saw_counts(self, client, low_limits, settings):
        settings.PROXY_COUNT = 1

        asked = iter(range(1, 100))

        def get(forwarded):
            path = f"/api/v1/organizations/?page_size={next(asked)}"
            return client.get(path, HTTP_X_FORWARDED_FOR=forwarded)

        # A client that prepends its own X-Forwarded-For still has the proxy's word last.
        codes = [get(f"10.0.0.{n}, 192.0.2.7").status_code for n in range(3)]
        assert codes == [200, 200, 429]
        assert get("192.0.2.8").status_code == 200

    def test_the_login_lock_out_reads_the_same_address(self, client, editor, settings):
        settings.AXES_FAILURE_LIMIT = 2
        for n in range(3):
            client.post(
                "/admin/login/?next=/admin/",
                {"username": "editor", "password": "wrong"},
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            )
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": "pw-editor-1"},
            HTTP_X_FORWARDED_FOR="10.0.0.99",
        )
        assert response.status_code == 429

    def test_the_request_log_names_the_client(self, client, caplog, settings):
        settings.PROXY_COUNT = 1
        client.get("/health/live", HTTP_X_FORWARDED_FOR="203.0.113.5")
        record = next(r for r in caplog.records if r.name == "caricc.request")
        assert record.client == "203.0.113.5"


class TestHosts:
    @pytest.fixture(autouse=True)
    def hosts(self, settings):
        settings.ALLOWED_HOSTS = ["caricc.example.org", "mirror.example.org", "testserver"]

    @pytest.mark.parametrize("path", ["/news/", "/api/v1/articles/"])
    def test_a_page_cached_for_one_host_is_not_served_to_another(self, path):
        make_article(slug="story")
        Client().get(path, HTTP_HOST="mirror.example.org")
        response = Client().get(path, HTTP_HOST="caricc.example.org")
        body = response.content.decode()
        assert "mirror.example.org" not in body
        assert "caricc.example.org" in body

    def test_a_path_that_starts_with_two_slashes_links_only_to_this_site(self, client):
        # The test client would read "//evil.example/" as a host; a raw request line does not.
        response = client.get("/", PATH_INFO="//evil.example/", HTTP_HOST="caricc.example.org")
        assert response.status_code == 404
        body = response.content.decode()
        assert "evil.example/" in body  # the path, shown as this site's
        assert '"//evil.example' not in body
        assert "http://evil.example" not in body


class TestKeys:
    @pytest.mark.parametrize("scheme", ["api-key", "API-KEY", "bearer", "BEARER", "Api-key"])
    def test_the_scheme_is_read_in_any_case(self, client, scheme):
        key_object, key = PartnerKey.objects.create_key(name="Mirror", partner="UNODC")
        assert (
            client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"{scheme} {key}").status_code == 200
        )
        key_object.revoked = True
        key_object.save()
        response = client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"{scheme} {key}")
        assert response.status_code == 401

    def test_guessing_keys_is_rate_limited_by_address(self, client, low_limits):
        codes = [
            client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key guess.{n}").status_code
            for n in range(5)
        ]
        assert codes == [401, 401, 401, 429, 429]
        _key_object, key = PartnerKey.objects.create_key(name="Mirror", partner="UNODC")
        other = Client(REMOTE_ADDR="192.0.2.50")
        assert (
            other.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 200
        )


class TestPreconditions:
    @pytest.mark.parametrize("if_match", ["abc", "", "W/", '"unterminated'])
    def test_a_malformed_if_match_is_refused_and_nothing_is_written(self, editor_client, if_match):
        article = make_article(slug="story", title="Before")
        response = editor_client.patch(
            "/api/v1/articles/story/",
            json.dumps({"title": "After"}),
            content_type="application/json",
            HTTP_IF_MATCH=if_match,
        )
        assert response.status_code == 400
        assert "If-Match" in response.json()
        article.refresh_from_db()
        assert article.title == "Before"

    def test_a_quoted_current_etag_and_a_star_still_write(self, editor_client):
        make_article(slug="story", title="Before")
        etag = editor_client.get("/api/v1/articles/story/")["ETag"]
        for if_match, title in [(etag, "After"), ("*", "Again")]:
            response = editor_client.patch(
                "/api/v1/articles/story/",
                json.dumps({"title": title}),
                content_type="application/json",
                HTTP_IF_MATCH=if_match,
            )
            assert response.status_code == 200, response.content
