"""Input that used to get a server error: each now gets a clear 4xx or a normal page."""

import json

import pytest
from django.contrib.auth.models import Group

from news.models import Article

from .factories import make_article, make_organization

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/news/", "/organizations/", "/officials/", "/search/", "/ru/news/", "/nowhere/"]
)
@pytest.mark.parametrize("page", ["²", "٣", "1²", "+2", " 2", "99999999999999999999"])
def test_a_page_number_in_other_digits_is_no_server_error(client, path, page):
    response = client.get(path, {"page": page})
    assert response.status_code in (200, 404)
    assert 'rel="canonical"' in response.content.decode()
    assert "page=" not in response.content.decode().split('rel="canonical"')[1].split(">")[0]


@pytest.mark.parametrize("page", ["²", "٣", " 2"])
def test_the_api_refuses_a_page_number_in_other_digits(client, page):
    response = client.get("/api/v1/articles/", {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()


@pytest.mark.parametrize(
    "endpoint", ["articles", "organizations", "officials", "positions", "memberships", "tombstones"]
)
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_moment_outside_utc_is_a_400_on_every_list(client, endpoint, moment):
    response = client.get(f"/api/v1/{endpoint}/", {"updated_since": moment})
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_a_search_of_a_thousand_words_is_a_400_that_says_the_limit(client):
    make_article(title="Heroin seizure")
    response = client.get("/api/v1/articles/", {"search": " ".join(["heroin"] * 1000)})
    assert response.status_code == 400
    assert "at most 10 words" in response.json()["search"][0]
    long_word = client.get("/api/v1/organizations/", {"search": "x" * 101})
    assert long_word.status_code == 400
    fine = client.get("/api/v1/articles/", {"search": "heroin seizure"})
    assert fine.status_code == 200 and fine.json()["count"] == 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/a%00b/",
        "/api/v1/organizations/a%00b/",
        "/api/v1/officials/a%00b/",
        "/api/v1/articles/?organization=a%00b",
        "/api/v1/articles/?search=a%00b",
        "/api/v1/organizations/?parent=a%00b",
    ],
)
def test_a_nul_character_in_the_address_is_a_400_naming_where(client, url):
    response = client.get(url)
    assert response.status_code == 400
    where = url.split("?")[1].split("=")[0] if "?" in url else "detail"
    assert "NUL" in response.json()[where][0 if where != "detail" else slice(None)]


def test_a_nul_character_in_a_page_address_is_no_server_error(client):
    make_article(title="Heroin seizure", organizations=[make_organization(slug="unodc")])
    assert client.get("/news/a%00b/").status_code == 404
    assert "Heroin seizure" in client.get("/search/?q=hero%00in").content.decode()
    assert client.get("/news/?q=%00&organization=un%00odc").status_code == 200


def test_a_nul_character_in_a_written_reference_is_a_field_error(editor_client):
    response = editor_client.post(
        "/api/v1/articles/",
        {"title": "T", "slug": "t", "source": "a\x00b"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "source" in response.json()


@pytest.mark.parametrize("endpoint", ["articles", "organizations", "positions", "memberships"])
def test_the_browsable_api_works_for_editors(editor_client, endpoint):
    make_organization(slug="unodc", name="UNODC")
    response = editor_client.get(f"/api/v1/{endpoint}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "<form" in response.content.decode()


def test_json_nested_too_deeply_is_a_400(editor_client):
    body = "[" * 100_000 + "]" * 100_000
    response = editor_client.post(
        "/api/v1/articles/", body, content_type="application/json", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    "moment", ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31"]
)
def test_a_publication_time_out_of_range_is_a_field_error(editor_client, moment):
    response = editor_client.post(
        "/api/v1/articles/",
        json.dumps({"title": "T", "slug": "t", "published_at": moment}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "published_at" in response.json()
    assert not Article.objects.exists()


@pytest.mark.parametrize("year", ["1", "0", "9999", "10000", "²"])
@pytest.mark.parametrize(
    "changelist, field",
    [
        ("/admin/news/article/", "published_at"),
        ("/admin/caricc_site/change/", "revision__date_created"),
        ("/admin/partners/tombstone/", "removed_at"),
    ],
)
def test_the_admin_date_drilldown_refuses_years_without_a_utc_equivalent(
    superuser_client, year, changelist, field
):
    make_article()
    response = superuser_client.get(changelist, {f"{field}__year": year})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_author_can_use_the_browsable_api_too(client, django_user_model):
    author = django_user_model.objects.create_user("author", is_staff=True)
    author.groups.add(Group.objects.get(name="Authors"))
    client.force_login(author)
    assert client.get("/api/v1/articles/", HTTP_ACCEPT="text/html").status_code == 200


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/memberships/null%2Cnull/", "/api/v1/positions/abc/"])
def test_an_id_that_is_no_number_is_not_found(editor_client, method, path):
    if method == "get":
        response = editor_client.get(path)
    else:
        response = getattr(editor_client, method)(path, "{}", content_type="application/json")
    assert response.status_code == 404


def test_writes_take_values_of_the_kind_the_schema_names(editor_client):
    make_organization(slug="unodc")
    response = editor_client.post(
        "/api/v1/officials/",
        json.dumps({"name": "Someone", "slug": "someone", "biography": 0}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "biography" in response.json()
    response = editor_client.post(
        "/api/v1/articles/",
        json.dumps({"title": "T", "slug": "t", "officials": {}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "officials" in response.json()
    assert not Article.objects.exists()


def test_writes_are_json(editor_client):
    make_organization(slug="unodc")
    response = editor_client.patch(
        "/api/v1/organizations/unodc/",
        b"--x\r\n[]--x--\r\n",
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 415


@pytest.mark.parametrize("value", ["%", "%s", "%(value)s", "100%\U000f0143T"])
def test_a_wrong_choice_with_a_percent_sign_is_still_a_400(client, value):
    response = client.get("/api/v1/tombstones/", {"reason": value})
    assert response.status_code == 400
    assert value in response.json()["reason"][0]


def test_options_describe_an_object_to_an_editor(editor_client):
    """OPTIONS asks for the object as if to write it: no row lock outside a transaction."""
    from organizations.models import Membership

    make_article(slug="story")
    membership = Membership.objects.create(
        organization=make_organization(slug="body"), member=make_organization(), role="member"
    )
    for path in ["/api/v1/articles/story/", f"/api/v1/memberships/{membership.pk}/"]:
        response = editor_client.options(path)
        assert response.status_code == 200, path
        assert "PUT" in response.json()["actions"]


@pytest.mark.parametrize("aliases", [["A\x00B"], ["Two\nlines"], "A string", [1]])
def test_aliases_are_a_list_of_plain_names(editor_client, aliases):
    make_organization(slug="unodc", aliases="Before")
    response = editor_client.patch(
        "/api/v1/organizations/unodc/",
        json.dumps({"aliases": aliases}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "aliases" in response.json()
    from organizations.models import Organization

    assert Organization.objects.get(slug="unodc").aliases == "Before"


def test_names_in_the_news_filter_lists_are_escaped(client, db):
    from .factories import make_organization

    make_organization(name='<script>alert("x")</script> & Co', slug="hostile-name")
    page = client.get("/news/").content.decode()
    assert (
        '<option value="hostile-name">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
        "&amp; Co</option>" in page
    )
    assert "<script>alert" not in page
    chosen = client.get("/news/", {"organization": "hostile-name"}).content.decode()
    assert '<option value="hostile-name" selected>' in chosen
