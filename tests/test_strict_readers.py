"""What crawlers, feed readers and partners' validators hold the site to."""

import datetime
import json
from xml.etree import ElementTree

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.http import parse_http_date

from news.models import Status
from organizations.models import Organization

from .factories import make_article, make_membership, make_official, make_organization

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class TestPublicationCountsAsAChange:
    def test_a_scheduled_article_is_new_to_crawlers_when_it_goes_live(self, client):
        article = make_article(
            slug="soon", published_at=timezone.now() + datetime.timedelta(hours=1)
        )
        edited = article.updated_at
        with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
            response = client.get("/sitemap-news.xml")
            last_modified = parse_http_date(response["Last-Modified"])
            assert last_modified > edited.timestamp() + 3000
            index = ElementTree.fromstring(client.get("/sitemap.xml").content)
            assert any(
                datetime.datetime.fromisoformat(e.text) > edited
                for e in index.iter(f"{SITEMAP}lastmod")
            )
            entry = ElementTree.fromstring(client.get("/news/feed/atom/").content).find(
                f"{ATOM}entry"
            )
            published = entry.find(f"{ATOM}published").text
            updated = entry.find(f"{ATOM}updated").text
            assert updated >= published
            api = client.get("/api/v1/articles/soon/").json()
            assert datetime.datetime.fromisoformat(api["updated_at"]) > edited


class TestFeeds:
    def test_every_atom_entry_has_an_author(self, client):
        make_article(title="No source")
        feed = ElementTree.fromstring(client.get("/news/feed/atom/").content)
        entry = feed.find(f"{ATOM}entry")
        assert (entry.find(f"{ATOM}author") or feed.find(f"{ATOM}author")) is not None

    @pytest.mark.parametrize(
        "url, field", [("/news/feed/", "description"), ("/news/feed/atom/", "summary")]
    )
    def test_a_plain_summary_reaches_readers_as_text(self, client, url, field):
        make_article(summary="Q&A: <Heroin> seizures")
        root = ElementTree.fromstring(client.get(url).content)
        texts = [e.text for e in root.iter() if e.tag.endswith(field) and e.text]
        # What a reader renders as HTML shows the words, angle brackets included.
        assert "Q&amp;A: &lt;Heroin&gt; seizures" in texts

    def test_renaming_a_slug_keeps_the_entry_id(self, client):
        article = make_article(slug="before")
        first = ElementTree.fromstring(client.get("/news/feed/atom/").content)
        article.slug = "after"
        article.save()
        second = ElementTree.fromstring(client.get("/news/feed/atom/").content)
        ids = [root.find(f"{ATOM}entry/{ATOM}id").text for root in (first, second)]
        assert ids[0] == ids[1]
        assert ids[0].startswith("tag:")


class TestOldSlugs:
    def test_pages_and_the_api_redirect_from_a_former_slug(self, client):
        article = make_article(slug="before")
        article.slug = "after"
        article.save()
        response = client.get("/news/before/")
        assert response.status_code == 301 and response["Location"] == "/news/after/"
        assert client.get("/ru/news/before/")["Location"] == "/ru/news/after/"
        api = client.get("/api/v1/articles/before/?lang=ru")
        assert api.status_code == 301
        assert api["Location"].endswith("/api/v1/articles/after/?lang=ru")

    def test_the_register_redirects_too(self, client):
        organization = make_organization(slug="old-name")
        organization.slug = "new-name"
        organization.save()
        official = make_official(slug="old-person")
        official.slug = "new-person"
        official.save()
        assert client.get("/organizations/old-name/")["Location"] == "/organizations/new-name/"
        assert client.get("/officials/old-person/")["Location"] == "/officials/new-person/"
        assert client.get("/api/v1/organizations/old-name/").status_code == 301

    def test_a_former_slug_never_leads_to_a_draft(self, client):
        article = make_article(slug="before")
        article.slug = "after"
        article.status = Status.DRAFT
        article.save()
        assert client.get("/news/before/").status_code == 404
        assert client.get("/api/v1/articles/before/").status_code == 404

    def test_a_slug_taken_again_is_the_new_objects(self, client):
        first = make_article(slug="story", title="First")
        first.slug = "first-story"
        first.save()
        make_article(slug="story", title="Second")
        assert "Second" in client.get("/news/story/").content.decode()


class TestCrawlers:
    def test_every_page_names_its_languages_and_a_default(self, client):
        page = client.get("/news/?q=heroin&page=2").content.decode()
        assert 'hreflang="x-default" href="http://testserver/news/?page=2"' in page
        assert 'hreflang="ru" href="http://testserver/ru/news/?page=2"' in page
        assert "q=heroin" not in page.split('rel="canonical"')[1].split("<meta")[0]

    def test_a_month_has_one_address(self, client):
        make_article(published_at=datetime.datetime(2023, 7, 5, 12, tzinfo=datetime.UTC))
        assert client.get("/news/2023/07/").status_code == 200
        response = client.get("/news/2023/7/")
        assert response.status_code == 301 and response["Location"] == "/news/2023/07/"
        assert client.get("/news/0001/").status_code == 404
        assert client.get("/news/2023/13/").status_code == 404

    def test_robots_keeps_crawlers_out_of_search_and_previews_in_every_language(self, client):
        robots = client.get("/robots.txt").content.decode()
        for path in [
            "/search/",
            "/ru/search/",
            "/kk/search/",
            "/news/preview/",
            "/ru/news/preview/",
        ]:
            assert f"Disallow: {path}\n" in robots

    def test_lead_images_are_stored_under_names_no_one_can_guess(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        from .test_newsroom import png

        article = make_article(status=Status.DRAFT, lead_image_alt="A picture")
        article.lead_image = SimpleUploadedFile("seizure-2024.png", png().read())
        article.save()
        name = article.lead_image.name
        assert "seizure" not in name and len(name.split("/")[-1]) >= 32


class TestApiConsistency:
    def test_unknown_dates_are_null_and_aliases_a_list(self, client, editor_client):
        organization = make_organization(slug="agency", aliases="The Agency\nAG")
        data = client.get("/api/v1/organizations/agency/").json()
        assert data["founding_date"] is None and data["dissolution_date"] is None
        assert data["aliases"] == ["The Agency", "AG"]
        response = editor_client.patch(
            "/api/v1/organizations/agency/",
            json.dumps({"aliases": ["One", "Two"], "founding_date": None}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        organization.refresh_from_db()
        assert organization.aliases == "One\nTwo" and organization.founding_date == ""
        body = make_organization(slug="body")
        make_membership(body, organization, start_date="2009")
        membership = client.get("/api/v1/memberships/").json()["results"][0]
        assert membership["start_date"] == "2009" and membership["end_date"] is None

    def test_a_wrong_choice_lists_the_right_ones(self, client, editor_client):
        response = client.get("/api/v1/organizations/", {"classification": "State"})
        assert response.status_code == 400
        assert "state, intergovernmental" in response.json()["classification"][0]
        response = editor_client.post(
            "/api/v1/organizations/",
            json.dumps({"name": "X", "slug": "x", "classification": "State"}),
            content_type="application/json",
        )
        assert "state, intergovernmental" in response.json()["classification"][0]


class TestOpenAPI:
    @pytest.fixture
    def schema(self, client):
        return client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def test_no_one_of_that_an_empty_string_matches_twice(self, schema):
        def walk(node):
            if isinstance(node, dict):
                for alternative in node.get("oneOf", []):
                    assert alternative.get("maxLength") != 0, node
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(schema)
        website = schema["components"]["schemas"]["Organization"]["properties"]["website"]
        assert "anyOf" in website

    def test_references_are_written_as_a_slug_or_an_object(self, schema):
        source = schema["components"]["schemas"]["ArticleRequest"]["properties"]["source"]
        kinds = {alternative.get("type") for alternative in source["oneOf"]}
        assert kinds == {"string", "object"}

    def test_ninjs_answers_are_their_own_kind(self, schema):
        operation = schema["paths"]["/api/v1/articles/{slug}/"]["get"]
        ninjs = operation["responses"]["200"]["content"]["application/ninjs+json"]["schema"]
        assert ninjs == {"$ref": "#/components/schemas/NinjsItem"}
        writes = schema["paths"]["/api/v1/articles/"]["post"]["responses"]["201"]["content"]
        assert list(writes) == ["application/json"]

    def test_a_real_organization_validates_against_its_schema(self, client, schema):
        import jsonschema

        make_organization(slug="agency", website="")
        Organization.objects.filter(slug="agency").update(website="")
        component = schema["components"]["schemas"]["Organization"]
        data = client.get("/api/v1/organizations/agency/").json()

        def nullable_to_json_schema(node):
            if isinstance(node, dict):
                node = {k: nullable_to_json_schema(v) for k, v in node.items()}
                if node.pop("nullable", False) and "type" in node:
                    node["type"] = [node["type"], "null"]
                return node
            if isinstance(node, list):
                return [nullable_to_json_schema(v) for v in node]
            return node

        assert component["properties"]["website"]
        document = nullable_to_json_schema(schema)
        jsonschema.validate(
            data,
            {**document, "$ref": "#/components/schemas/Organization"},
            format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER,
        )
