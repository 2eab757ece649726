"""The partner API: the contract in DESIGN.md, its filters, errors and permissions."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.utils import timezone

from caricc_site.urls import router
from news.models import Article, Status
from organizations.models import Membership, Organization

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


def get_json(client, url, status=200, **extra):
    response = client.get(url, HTTP_ACCEPT="application/json", **extra)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response.json()


def send_json(client, method, url, data, **extra):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json", **extra)


class TestContract:
    def test_article_fields(self, client, seed):
        data = get_json(client, "/api/v1/articles/")
        assert set(data) == {"count", "next", "previous", "results"}
        assert data["count"] == 1
        article = data["results"][0]
        assert article["slug"] == SEED_SLUG
        assert article["dateline"] == "Astana"
        assert article["source"] == {"slug": "kazinform", "name": "Kazinform"}
        assert article["published_at"] == "2023-07-05T12:00:00+06:00"
        assert article["url"] == f"http://testserver/api/v1/articles/{SEED_SLUG}/"
        assert article["web_url"] == f"http://testserver/news/{SEED_SLUG}/"
        assert article["body_html"].startswith("<p>Kairat Umarov, First Deputy Minister")
        assert {"slug": "interpol", "name": "Interpol"} in article["organizations"]
        assert len(article["organizations"]) == 33
        assert [o["slug"] for o in article["officials"]] == [
            "ashita-mittal",
            "atageldy-yazlyev",
            "kairat-umarov",
        ]
        for field in ["title", "summary", "status", "updated_at"]:
            assert field in article

    def test_organization_fields(self, client, seed):
        data = get_json(client, "/api/v1/organizations/kazakhstan-ministry-of-foreign-affairs/")
        assert data["parent"] == {"slug": "kazakhstan", "name": "Kazakhstan"}
        assert data["classification"] == "ministry"
        assert data["abbreviation"] == "MFA"
        caricc = get_json(client, "/api/v1/organizations/caricc/")
        assert caricc["founding_date"] == "2009"
        assert caricc["headquarters"] == "Almaty"
        assert caricc["parent"] is None
        assert caricc["web_url"] == "http://testserver/organizations/caricc/"
        for field in ["iso_code", "dissolution_date", "description", "website", "name", "slug"]:
            assert field in caricc

    def test_official_fields(self, client, seed):
        data = get_json(client, "/api/v1/officials/kairat-umarov/")
        assert data["name"] == "Kairat Umarov"
        assert data["positions"] == [
            {
                "title": "First Deputy Minister of Foreign Affairs",
                "organization": {
                    "slug": "kazakhstan-ministry-of-foreign-affairs",
                    "name": "Ministry of Foreign Affairs of the Republic of Kazakhstan",
                },
                "start_date": None,
                "end_date": None,
            }
        ]

    def test_membership_and_position_fields(self, client, seed):
        data = get_json(client, "/api/v1/memberships/?member=interpol")
        assert data["count"] == 1
        membership = data["results"][0]
        assert membership["organization"]["slug"] == "caricc"
        assert membership["organization"]["classification"] == "intergovernmental"
        assert membership["member"] == {
            "slug": "interpol",
            "name": "Interpol",
            "classification": "intergovernmental",
        }
        assert membership["role"] == "observer"
        positions = get_json(client, "/api/v1/positions/?official=atageldy-yazlyev")["results"]
        assert [(p["title"], p["organization"]["slug"]) for p in positions] == [
            ("Director", "caricc")
        ]

    def test_api_root_lists_every_endpoint(self, client, db):
        data = get_json(client, "/api/v1/")
        assert set(data) == {
            "articles", "organizations", "officials", "positions", "memberships", "tombstones"
        }  # fmt: skip

    @pytest.mark.parametrize("host", ["testserver", "localhost:8000"])
    def test_every_item_links_to_its_own_answer(self, client, seed, settings, host):
        settings.ALLOWED_HOSTS = ["testserver", "localhost"]
        for endpoint in ["articles", "organizations", "officials", "positions", "memberships"]:
            items = get_json(client, f"/api/v1/{endpoint}/?page_size=100", HTTP_HOST=host)
            assert items["results"], endpoint
            for item in items["results"]:
                assert item["url"].startswith(f"http://{host}/api/v1/{endpoint}/"), item["url"]
                path = item["url"].removeprefix(f"http://{host}")
                assert get_json(client, path, HTTP_HOST=host) == item

    def test_browsable_api_renders(self, client, seed):
        response = client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert SEED_SLUG in response.content.decode()


class TestFilters:
    @pytest.mark.parametrize(
        "viewset", [viewset for _, viewset, _ in router.registry if viewset.filterset_class]
    )
    def test_no_parameters_means_no_filter(self, db, rf, viewset):
        # A request without parameters skips the filters (core.filters.FilterBackend):
        # right only while every filter, given nothing, leaves the list as it is.
        request = rf.get("/")
        request.user = AnonymousUser()
        queryset = viewset(request=request, kwargs={}, action="list").get_queryset()
        filtered = viewset.filterset_class(data={}, queryset=queryset, request=request)
        assert filtered.is_valid()
        assert str(filtered.qs.query) == str(queryset.query)

    def test_article_filters(self, client, db):
        unodc = make_organization(slug="unodc")
        mittal = make_official(slug="ashita-mittal")
        old = make_article(
            slug="old", published_at=datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
        )
        mid = make_article(
            slug="mid",
            organizations=[unodc],
            published_at=datetime.datetime(2022, 6, 1, 12, tzinfo=datetime.UTC),
        )
        new = make_article(slug="new", officials=[mittal], title="Heroin seizures")

        def slugs(query):
            return [a["slug"] for a in get_json(client, "/api/v1/articles/" + query)["results"]]

        assert slugs("") == [new.slug, mid.slug, old.slug]
        assert slugs("?organization=unodc") == ["mid"]
        assert slugs("?official=ashita-mittal") == ["new"]
        assert slugs("?published_after=2021-01-01") == ["new", "mid"]
        assert slugs("?published_before=2022-06-01") == ["mid", "old"]
        assert slugs("?published_after=2020-01-01&published_before=2020-01-01") == ["old"]
        assert slugs("?search=heroin") == ["new"]
        assert slugs("?ordering=published_at") == ["old", "mid", "new"]
        titles = dict(Article.objects.values_list("slug", "title"))
        assert slugs("?ordering=title") == sorted(titles, key=titles.get)
        assert slugs("?ordering=-title") == sorted(titles, key=titles.get, reverse=True)

    def test_organization_filters(self, client, seed):
        def slugs(query):
            data = get_json(client, "/api/v1/organizations/" + query + "&page_size=100")
            return {o["slug"] for o in data["results"]}

        members = slugs("?member_of=caricc")
        assert members == {
            "kazakhstan", "azerbaijan", "kyrgyzstan", "russia", "tajikistan", "turkmenistan",
            "uzbekistan",
        }  # fmt: skip
        observers = slugs("?observer_of=caricc")
        assert len(observers) == 19 and "interpol" in observers and "usa" in observers
        assert slugs("?classification=news_agency") == {"kazinform"}
        assert slugs("?classification=state&observer_of=caricc") == observers - {"interpol"}
        assert slugs("?search=UNODC") == {"unodc", "unodc-regional-office-for-central-asia"}
        assert slugs("?parent=kazakhstan") == {
            "kazakhstan-ministry-of-foreign-affairs",
            "kazakhstan-ministry-of-internal-affairs",
            "kazakhstan-national-security-committee",
        }

    def test_official_position_and_membership_filters(self, client, seed):
        officials = get_json(client, "/api/v1/officials/?organization=caricc")["results"]
        assert [o["slug"] for o in officials] == ["atageldy-yazlyev"]
        assert get_json(client, "/api/v1/officials/?search=mittal")["count"] == 1
        assert get_json(client, "/api/v1/memberships/?organization=caricc")["count"] == 26
        assert get_json(client, "/api/v1/memberships/?role=observer")["count"] == 19
        assert get_json(client, "/api/v1/memberships/?member=kazakhstan&role=member")["count"] == 1
        assert get_json(client, "/api/v1/memberships/?current=false")["count"] == 0
        assert get_json(client, "/api/v1/positions/?organization=caricc&current=true")["count"] == 1

    def test_pagination_and_page_size(self, client, db):
        for _ in range(25):
            make_article()
        first = get_json(client, "/api/v1/articles/")
        assert first["count"] == 25 and len(first["results"]) == 20
        assert first["next"] == "http://testserver/api/v1/articles/?page=2"
        assert len(get_json(client, "/api/v1/articles/?page=2")["results"]) == 5
        assert len(get_json(client, "/api/v1/articles/?page_size=100")["results"]) == 25
        assert len(get_json(client, "/api/v1/articles/?page_size=7")["results"]) == 7

    @pytest.mark.parametrize(
        ("url", "parameter"),
        [
            ("/api/v1/articles/?page=abc", "page"),
            ("/api/v1/articles/?page=0", "page"),
            ("/api/v1/articles/?page_size=abc", "page_size"),
            ("/api/v1/articles/?page_size=101", "page_size"),
            ("/api/v1/articles/?published_after=notadate", "published_after"),
            ("/api/v1/articles/?published_before=2023-02-30", "published_before"),
            ("/api/v1/articles/?organization=no-such-org", "organization"),
            ("/api/v1/articles/?official=nobody", "official"),
            ("/api/v1/articles/?ordering=secret", "ordering"),
            ("/api/v1/organizations/?classification=bogus", "classification"),
            ("/api/v1/organizations/?member_of=nowhere", "member_of"),
            ("/api/v1/officials/?organization=%00", "organization"),
            ("/api/v1/memberships/?role=king", "role"),
            ("/api/v1/memberships/?current=perhaps", "current"),
        ],
    )
    def test_malformed_parameters_get_a_400_naming_them(self, client, db, url, parameter):
        data = get_json(client, url, status=400)
        assert parameter in data
        assert data[parameter] and isinstance(data[parameter][0], str)

    def test_a_page_past_the_end_is_not_found(self, client, db):
        data = get_json(client, "/api/v1/articles/?page=9", status=404)
        assert "There is no page 9." in data["detail"]

    def test_unknown_slugs_are_404(self, client, db):
        for url in [
            "/api/v1/articles/nope/",
            "/api/v1/organizations/nope/",
            "/api/v1/officials/nope/",
            "/api/v1/memberships/999/",
            "/api/v1/positions/abc/",
        ]:
            get_json(client, url, status=404)


class TestVisibility:
    def test_anonymous_clients_never_see_drafts_or_scheduled_articles(self, client, db):
        public = make_article(slug="public")
        draft = make_article(slug="draft", status=Status.DRAFT)
        scheduled = make_article(
            slug="scheduled", published_at=timezone.now() + datetime.timedelta(hours=1)
        )
        data = get_json(client, "/api/v1/articles/")
        assert [a["slug"] for a in data["results"]] == [public.slug]
        for article in [draft, scheduled]:
            get_json(client, f"/api/v1/articles/{article.slug}/", status=404)
        unodc = make_organization(slug="unodc")
        draft.organizations.set([unodc])
        assert get_json(client, "/api/v1/articles/?organization=unodc")["count"] == 0

    def test_an_account_without_edit_rights_sees_only_published(
        self, client, db, django_user_model
    ):
        make_article(slug="draft", status=Status.DRAFT)
        client.force_login(django_user_model.objects.create_user("partner"))
        assert get_json(client, "/api/v1/articles/")["count"] == 0

    def test_editors_see_drafts(self, editor_client):
        make_article(slug="draft", status=Status.DRAFT)
        assert get_json(editor_client, "/api/v1/articles/draft/")["status"] == "draft"


class TestWrites:
    def test_anonymous_writes_are_refused(self, client, db):
        response = send_json(client, "post", "/api/v1/organizations/", {"name": "X", "slug": "x"})
        assert response.status_code in (401, 403)
        assert not Organization.objects.filter(slug="x").exists()

    def test_accounts_without_the_model_permission_cannot_write(
        self, client, django_user_model, db
    ):
        user = django_user_model.objects.create_user("reader")
        client.force_login(user)
        response = send_json(
            client,
            "post",
            "/api/v1/organizations/",
            {"name": "X", "slug": "x", "classification": "other"},
        )
        assert response.status_code == 403
        user.user_permissions.add(Permission.objects.get(codename="add_organization"))
        client.force_login(user)
        response = send_json(
            client,
            "post",
            "/api/v1/organizations/",
            {"name": "X", "slug": "x", "classification": "other"},
        )
        assert response.status_code == 201

    def test_an_editor_creates_an_article_with_links_and_a_sanitised_body(
        self, editor_client, seed
    ):
        response = send_json(
            editor_client,
            "post",
            "/api/v1/articles/",
            {
                "title": "New briefing",
                "slug": "new-briefing",
                "summary": "The centre briefs partners.",
                "status": "published",
                "source": "kazinform",
                "organizations": ["caricc", {"slug": "unodc"}],
                "officials": ["kairat-umarov"],
                "body_html": "First paragraph.\n\n<script>alert(1)</script>Second.",
            },
        )
        assert response.status_code == 201, response.content
        data = response.json()
        assert "script" not in data["body_html"]
        assert data["source"] == {"slug": "kazinform", "name": "Kazinform"}
        article = Article.objects.get(slug="new-briefing")
        assert article.published_at is not None
        assert set(article.organizations.values_list("slug", flat=True)) == {"caricc", "unodc"}
        assert "<script>" not in article.body
        assert Article.objects.published().filter(slug="new-briefing").exists()

    def test_changing_what_an_article_mentions_answers_with_the_mentions_as_written(
        self, editor_client, db
    ):
        agency, bureau = make_organization(slug="agency"), make_organization(slug="bureau")
        head, deputy = make_official(slug="head"), make_official(slug="deputy")
        make_article(slug="story", organizations=[agency], officials=[head])
        response = send_json(
            editor_client,
            "patch",
            "/api/v1/articles/story/",
            {"organizations": ["bureau"], "officials": ["deputy"]},
        )
        assert response.status_code == 200, response.content
        data = response.json()
        assert [o["slug"] for o in data["organizations"]] == [bureau.slug]
        assert [o["slug"] for o in data["officials"]] == [deputy.slug]
        # As the next read shows it, to the time the change of links stamped on it.
        assert data == get_json(editor_client, "/api/v1/articles/story/")
        article = Article.objects.get(slug="story")
        assert list(article.organizations.all()) == [bureau]
        assert list(article.officials.all()) == [deputy]

    def test_an_editor_corrects_and_deletes(self, editor_client, seed):
        response = send_json(
            editor_client, "patch", "/api/v1/organizations/caricc/", {"headquarters": "Almaty city"}
        )
        assert response.status_code == 200
        assert Organization.objects.get(slug="caricc").headquarters == "Almaty city"
        membership = Membership.objects.get(member__slug="interpol")
        response = editor_client.delete(f"/api/v1/memberships/{membership.pk}/")
        assert response.status_code == 204
        assert not Membership.objects.filter(pk=membership.pk).exists()

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"organization": "caricc", "member": "caricc", "role": "member"}, "member"),
            (
                {
                    "organization": "caricc",
                    "member": "unodc",
                    "role": "observer",
                    "start_date": "2010",
                    "end_date": "2009",
                },
                "end_date",
            ),
            (
                {
                    "organization": "caricc",
                    "member": "unodc",
                    "role": "observer",
                    "start_date": "2009-13",
                },
                "start_date",
            ),
            (
                {
                    "organization": "caricc",
                    "member": "kazakhstan",
                    "role": "observer",
                    "start_date": "2020",
                },
                "start_date",
            ),
            ({"organization": "caricc", "member": "atlantis", "role": "member"}, "member"),
            ({"organization": "caricc", "member": 12, "role": "member"}, "member"),
            ({"organization": "caricc", "member": "unodc", "role": "king"}, "role"),
        ],
    )
    def test_invalid_memberships_get_field_errors(self, editor_client, seed, payload, field):
        before = Membership.objects.count()
        response = send_json(editor_client, "post", "/api/v1/memberships/", payload)
        assert response.status_code == 400, response.content
        assert field in response.json(), response.json()
        assert Membership.objects.count() == before

    def test_the_same_rules_hold_on_update(self, editor_client, seed):
        response = send_json(
            editor_client,
            "patch",
            "/api/v1/organizations/caricc/",
            {"founding_date": "2009", "dissolution_date": "2008"},
        )
        assert response.status_code == 400
        assert response.json() == {
            "dissolution_date": ["The dissolution date cannot precede the founding date."]
        }
        response = send_json(
            editor_client, "patch", "/api/v1/organizations/caricc/", {"parent": "caricc"}
        )
        assert response.status_code == 400 and "parent" in response.json()
        response = send_json(
            editor_client, "patch", "/api/v1/organizations/caricc/", {"slug": "interpol"}
        )
        assert response.status_code == 400 and "slug" in response.json()
        response = send_json(
            editor_client, "patch", "/api/v1/organizations/usa/", {"iso_code": "KZ"}
        )
        assert response.status_code == 400
        assert "ISO code" in response.json()["iso_code"][0]

    def test_malformed_bodies_get_a_400(self, editor_client, db):
        response = editor_client.post(
            "/api/v1/articles/", "{not json", content_type="application/json"
        )
        assert response.status_code == 400
        response = send_json(editor_client, "post", "/api/v1/articles/", ["a", "list"])
        assert response.status_code == 400
        response = send_json(
            editor_client,
            "post",
            "/api/v1/articles/",
            {"title": "T", "slug": "bad slug!", "published_at": "yesterday"},
        )
        assert response.status_code == 400
        assert set(response.json()) == {"slug", "published_at"}


class TestQueryBudgets:
    @pytest.mark.parametrize(
        ("url", "build"),
        [
            ("/api/v1/articles/?page_size=100", "articles"),
            ("/api/v1/organizations/?page_size=100", "organizations"),
            ("/api/v1/officials/?page_size=100", "officials"),
            ("/api/v1/positions/?page_size=100", "positions"),
            ("/api/v1/memberships/?page_size=100", "memberships"),
        ],
    )
    def test_lists_run_a_fixed_number_of_queries(self, client, db, url, build):
        source = make_organization()
        body = make_organization()

        def add(n):
            for _ in range(n):
                if build == "articles":
                    make_article(
                        source=source,
                        organizations=[make_organization(), body],
                        officials=[make_official()],
                    )
                elif build == "organizations":
                    make_organization(parent=make_organization())
                elif build == "officials":
                    official = make_official()
                    make_position(official, make_organization())
                    make_position(official, body)
                elif build == "positions":
                    make_position(make_official(), make_organization())
                else:
                    make_membership(body, make_organization())

        add(3)
        _, small = count_queries(client, url, HTTP_ACCEPT="application/json")
        add(27)
        _, large = count_queries(client, url, HTTP_ACCEPT="application/json")
        assert small == large <= 6


class TestSchemaAndDocs:
    def test_openapi_schema_describes_every_endpoint_and_filter(self, client, db):
        response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
        assert response.status_code == 200
        schema = json.loads(response.content)
        assert schema["openapi"].startswith("3.")
        for path in [
            "/api/v1/articles/",
            "/api/v1/articles/{slug}/",
            "/api/v1/organizations/",
            "/api/v1/officials/",
            "/api/v1/positions/",
            "/api/v1/memberships/",
        ]:
            assert path in schema["paths"], path
        parameters = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
        assert {"organization", "official", "published_after", "published_before", "search",
                "ordering", "page", "page_size"} <= parameters  # fmt: skip

    def test_docs_are_served_from_the_project_without_a_cdn(self, client, db):
        response = client.get("/api/docs/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
        assert "cdn" not in page.lower()
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []  # no inline script, for CSP
        script = client.get("/api/docs/", {"script": ""})
        assert script.status_code == 200
        assert "/api/schema/" in script.content.decode()
