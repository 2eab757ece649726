"""Standards and shaping: IPTC ninjs, Popolo, ?fields= and ?expand=, validated against the
published JSON Schemas vendored in tests/data/schemas."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.utils import timezone, translation
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from news.models import Article, Status
from organizations.models import Official, Organization

from .factories import (
    SEED_SLUG,
    count_queries,
    make_article,
    make_membership,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "data" / "schemas"


def load(path):
    return json.loads((SCHEMAS / path).read_text())


def ninjs_validator():
    schema = load("ninjs/ninjs-schema_2.1.json")
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def popolo_validators():
    registry = Registry()
    for path in (SCHEMAS / "popolo").glob("*.json"):
        schema = json.loads(path.read_text())
        registry = registry.with_resource(schema["id"], Resource(schema, specification=DRAFT3))
    return {
        name: jsonschema.Draft3Validator(
            load(f"popolo/{name}.json"),
            registry=registry,
            format_checker=jsonschema.Draft3Validator.FORMAT_CHECKER,
        )
        for name in ["organization", "person", "post", "membership"]
    }


def assert_valid(validator, instance):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


class TestNinjs:
    def test_the_seed_article_is_valid_ninjs(self, client, seed):
        # With its original story, which ninjs gives as an association.
        Article.objects.filter(slug=SEED_SLUG).update(source_url="https://www.inform.kz/en/x")
        response = client.get(f"/api/v1/articles/{SEED_SLUG}/?format=ninjs")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ninjs+json"
        item = response.json()
        assert_valid(ninjs_validator(), item)
        assert item["uri"] == f"http://testserver/news/{SEED_SLUG}/"
        assert item["headlines"] == [
            {
                "role": "main",
                "value": "Kazakhstan and CARICC brief diplomats in Astana on countering "
                "drug trafficking",
            }
        ]
        assert item["bodies"][0]["contenttype"] == "text/html"
        assert item["bodies"][0]["value"].startswith("<p>Kairat Umarov, First Deputy Minister")
        assert item["located"] == "Astana"
        assert item["infosources"][0]["name"] == "Kazinform"
        assert item["infosources"][0]["uri"] == "http://testserver/organizations/kazinform/"
        assert {p["literal"] for p in item["people"]} == {
            "kairat-umarov",
            "atageldy-yazlyev",
            "ashita-mittal",
        }
        assert {"name": "Interpol", "literal": "interpol"}.items() <= next(
            o for o in item["organisations"] if o["literal"] == "interpol"
        ).items()
        assert item["language"] == "en"
        assert item["firstcreated"] == "2023-07-05T06:00:00+00:00"
        assert item["pubstatus"] == "usable"

    def test_the_media_type_asks_for_it_too(self, client, seed):
        response = client.get(
            f"/api/v1/articles/{SEED_SLUG}/", HTTP_ACCEPT="application/ninjs+json"
        )
        assert response["Content-Type"] == "application/ninjs+json"
        assert "headlines" in response.json()

    def test_lists_hold_valid_ninjs_items_and_no_drafts(self, client, db):
        make_article(slug="plain", dateline="", summary="", source=None)
        make_article(slug="secret", status=Status.DRAFT, published_at=None)
        data = client.get("/api/v1/articles/?format=ninjs").json()
        validator = ninjs_validator()
        assert [item["slugline"] for item in data["results"]] == ["plain"]
        for item in data["results"]:
            assert_valid(validator, item)

    def test_a_russian_reader_gets_the_russian_text_and_language(self, client, db):
        make_article(slug="story", title="Briefing", title_ru="Брифинг")
        item = client.get("/api/v1/articles/story/?format=ninjs&lang=ru").json()
        assert item["headlines"][0]["value"] == "Брифинг"
        assert item["language"] == "ru"
        assert_valid(ninjs_validator(), item)

    def test_editors_see_scheduled_articles_as_embargoed(self, editor_client, db):
        later = timezone.now() + timezone.timedelta(days=1)
        make_article(slug="soon", published_at=later)
        item = editor_client.get("/api/v1/articles/soon/?format=ninjs").json()
        assert item["pubstatus"] == "withheld"
        assert item["embargoed"] == later.isoformat()
        assert_valid(ninjs_validator(), item)

    def test_ninjs_is_for_reading(self, editor_client, db):
        make_article(slug="story")
        response = editor_client.patch(
            "/api/v1/articles/story/?format=ninjs", "{}", content_type="application/json"
        )
        assert response.status_code == 400
        assert "format" in response.json()


class TestPopolo:
    def test_the_register_is_a_valid_popolo_document(self, client, seed):
        response = client.get("/api/v1/popolo/")
        assert response.status_code == 200
        document = response.json()
        validators = popolo_validators()
        for collection, kind in [
            ("organizations", "organization"),
            ("persons", "person"),
            ("posts", "post"),
            ("memberships", "membership"),
        ]:
            assert document[collection], collection
            for item in document[collection]:
                assert_valid(validators[kind], item)

    def test_it_says_what_the_seed_says(self, client, seed):
        document = client.get("/api/v1/popolo/").json()
        caricc = next(o for o in document["organizations"] if o["id"] == "caricc")
        assert caricc["founding_date"] == "2009"
        body = [m for m in document["memberships"] if m["organization_id"] == "caricc"]
        roles = [m["role"] for m in body if "member" in m]
        assert roles.count("member") == 7
        assert roles.count("observer") == 19
        assert {"@type": "Organization", "id": "interpol"} in [m.get("member") for m in body]
        umarov = next(p for p in document["persons"] if p["id"] == "kairat-umarov")
        assert umarov["name"] == "Kairat Umarov"
        held = next(m for m in document["memberships"] if m.get("person_id") == "kairat-umarov")
        post = next(p for p in document["posts"] if p["id"] == held["post_id"])
        assert post["label"] == "First Deputy Minister of Foreign Affairs"
        assert post["organization_id"] == held["organization_id"]
        ids = [item["id"] for c in document.values() for item in c]
        assert len(ids) == len(set(ids)), "ids are unique across the document"

    def test_translated_names_become_other_names(self, client, db):
        make_organization(slug="mfa", name="Ministry", name_ru="Министерство", aliases="MFA")
        [organization] = client.get("/api/v1/popolo/").json()["organizations"]
        assert {"name": "Министерство", "note": "Russian"} in organization["other_names"]
        assert "MFA" in [n["name"] for n in organization["other_names"]]
        assert_valid(popolo_validators()["organization"], organization)

    @pytest.mark.parametrize("language", ["en", "ru", "kk"])
    def test_names_and_pages_are_the_readers_as_on_the_site(self, client, db, language):
        caricc = make_organization(slug="caricc", name="CARICC", name_ru="ЦАРИКЦ")
        make_organization(slug="mfa", name="Ministry", name_kk="Министрлік", parent=caricc)
        official = make_official(slug="umarov", name="Umarov", name_ru="Умаров")
        make_position(official, caricc, title="Director", title_ru="Директор")
        document = client.get("/api/v1/popolo/", {"lang": language}).json()
        with translation.override(language):
            for collection, model in [("organizations", Organization), ("persons", Official)]:
                for item in document[collection]:
                    entry = model.objects.get(slug=item["id"])
                    assert item["name"] == entry.name
                    assert item["sources"] == [
                        {"url": "http://testserver" + entry.get_absolute_url()}
                    ]
            [post] = document["posts"]
            assert post["label"] == official.positions.get().title
        assert document["organizations"][1]["parent_id"] == "caricc"
        assert document["persons"][0]["biography"] is None

    def test_it_is_conditional_and_its_query_count_is_fixed(self, client, db):
        caricc = make_organization(slug="caricc")
        response, few = count_queries(client, "/api/v1/popolo/")
        assert client.get("/api/v1/popolo/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        for n in range(10):
            make_position(make_official(), make_organization(parent=caricc), title=f"Post {n}")
        _response, many = count_queries(client, "/api/v1/popolo/")
        assert many == few


class TestShaping:
    def test_fields_picks_fields(self, client, db):
        make_article(slug="story")
        data = client.get("/api/v1/articles/?fields=slug,title").json()
        assert data["results"] == [{"slug": "story", "title": data["results"][0]["title"]}]
        detail = client.get("/api/v1/articles/story/?fields=slug, web_url").json()
        assert detail == {"slug": "story", "web_url": "http://testserver/news/story/"}

    @pytest.mark.parametrize(
        "query, parameter",
        [
            ("fields=slug,password", "fields"),
            ("expand=author", "expand"),
            ("expand=slug", "expand"),
        ],
    )
    def test_unknown_names_are_a_400_naming_the_parameter(self, client, db, query, parameter):
        make_article(slug="story")
        response = client.get(f"/api/v1/articles/?{query}")
        assert response.status_code == 400
        assert parameter in response.json()

    def test_expand_embeds_related_objects_in_full(self, client, db):
        caricc = make_organization(slug="caricc", name="CARICC")
        agency = make_organization(slug="kazinform", name="Kazinform", parent=caricc)
        official = make_official(slug="kairat-umarov")
        make_position(official, caricc, title="Director")
        make_article(slug="story", source=agency, officials=[official], organizations=[caricc])
        item = client.get("/api/v1/articles/story/?expand=source,officials").json()
        assert item["source"]["parent"] == {"slug": "caricc", "name": "CARICC"}
        assert item["source"]["web_url"] == "http://testserver/organizations/kazinform/"
        assert item["officials"][0]["positions"][0]["title"] == "Director"
        assert item["organizations"] == [{"slug": "caricc", "name": "CARICC"}]

    def test_expanding_a_related_object_changes_with_it(self, client, db):
        caricc = make_organization(slug="caricc", name="CARICC")
        agency = make_organization(slug="agency", parent=caricc)
        make_article(slug="story", source=agency)
        url = "/api/v1/articles/story/?expand=source"
        etag = client.get(url)["ETag"]
        caricc.name = "CARICC, Almaty"
        caricc.save()
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response.json()["source"]["parent"]["name"] == "CARICC, Almaty"

    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/articles/?expand=source,organizations,officials",
            "/api/v1/positions/?expand=official,organization",
            "/api/v1/memberships/?expand=organization,member",
            "/api/v1/organizations/?expand=parent",
        ],
    )
    def test_expanded_lists_run_a_fixed_number_of_queries(self, client, db, url):
        def build(n):
            parent = make_organization()
            for _ in range(n):
                organization = make_organization(parent=parent)
                official = make_official()
                make_position(official, organization)
                make_position(official, parent, title="Adviser")
                make_membership(parent, organization)
                make_article(
                    source=organization, organizations=[organization], officials=[official]
                )

        build(2)
        _response, few = count_queries(client, url)
        build(12)
        _response, many = count_queries(client, url)
        assert many == few, (url, few, many)
        assert many <= 8
