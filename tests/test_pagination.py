"""Paging through long lists: every page, the deepest included, shows its share in order."""

import re

import pytest
from django.db.models import F
from django.utils import timezone

from core.pagination import DeferredJoinPaginator
from news.admin import ArticleAdmin
from news.models import Article, Status
from news.views import ArticleListView

from .factories import count_queries, make_article, make_organization

pytestmark = pytest.mark.django_db

TEASER = re.compile(r'class="teaser-title"[^>]*><a href="/news/([^/]+)/"')


@pytest.fixture(params=["shallow", "deep"])
def news(request, db, monkeypatch):
    """Eleven public articles, four of them published at the same moment, and a draft."""
    # A deep page's ids are read first, then its rows; here every page is taken for one or
    # for the other.
    if request.param == "deep":
        monkeypatch.setattr(DeferredJoinPaginator, "SHALLOW", -1)
    caricc = make_organization(slug="caricc", name="CARICC")
    same_moment = timezone.now() - timezone.timedelta(days=3)
    for n in range(4):
        make_article(slug=f"tied-{n}", published_at=same_moment, organizations=[caricc])
    for n in range(7):
        make_article(slug=f"own-{n}", organizations=[caricc] if n % 2 else [])
    make_article(slug="draft", status=Status.DRAFT)
    return [a.slug for a in Article.objects.published().order_by("-published_at", "-pk")]


def api_pages(client, url):
    slugs, pages = [], 0
    while url:
        data = client.get(url, HTTP_ACCEPT="application/json").json()
        slugs += [article["slug"] for article in data["results"]]
        url, pages = data["next"], pages + 1
    return slugs, pages


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_the_api_pages_add_up_to_the_list_in_its_order(client, news, size):
    # Pages past the middle are read from the end; ties in time are broken the same way.
    slugs, pages = api_pages(client, f"/api/v1/articles/?page_size={size}")
    assert slugs == news
    assert pages == -(-len(news) // size)


@pytest.mark.parametrize("ordering", ["published_at", "-title"])
def test_the_api_pages_of_an_order_the_client_chose(client, news, ordering):
    # The client's order gets the primary key as its last tie-breaker, so the four articles
    # published at the same moment come out the same way read from either end.
    slugs, _ = api_pages(client, f"/api/v1/articles/?ordering={ordering}&page_size=3")
    chosen = Article.objects.published().order_by(ordering, "pk")
    assert slugs == [article.slug for article in chosen]


def test_the_api_pages_of_a_filtered_list(client, news):
    slugs, _ = api_pages(client, "/api/v1/articles/?organization=caricc&page_size=2")
    named = Article.objects.published().filter(organizations__slug="caricc")
    assert slugs == [a.slug for a in named.order_by("-published_at", "-pk")]


@pytest.mark.parametrize("size", [2, 3])
def test_the_news_pages_add_up_to_the_list_in_its_order(client, news, monkeypatch, size):
    monkeypatch.setattr(ArticleListView, "paginate_by", size)
    slugs = []
    for page in range(1, -(-len(news) // size) + 1):
        response = client.get("/news/", {"page": page})
        assert response.status_code == 200
        slugs += TEASER.findall(response.content.decode())
    assert slugs == news


def test_the_last_page_runs_no_more_queries_than_the_first(client, news, monkeypatch):
    monkeypatch.setattr(ArticleListView, "paginate_by", 2)
    _, first = count_queries(client, "/news/?page=1")
    last, deepest = count_queries(client, "/news/?page=last")
    assert TEASER.findall(last.content.decode()) == news[-1:]
    assert deepest <= first
    _, first = count_queries(client, "/api/v1/articles/?page_size=2")
    _, deepest = count_queries(client, "/api/v1/articles/?page_size=2&page=last")
    assert deepest <= first


def test_only_an_order_ending_with_the_primary_key_is_read_from_the_end(db):
    # With ties left, the database may order them one way forwards and another backwards,
    # and a row could then be on two pages or none.
    def reversible(queryset):
        return DeferredJoinPaginator(queryset, 2).ordered_to_the_row()

    assert reversible(Article.objects.all())  # the model's own order, -published_at, -pk
    assert reversible(Article.objects.order_by("title", "-id"))
    assert not reversible(Article.objects.order_by("published_at"))
    assert not reversible(Article.objects.order_by("-pk", "title"))
    assert not reversible(Article.objects.order_by(F("pk").desc()))


def test_the_admin_pages_add_up_to_the_list_in_its_order(admin_client, news, monkeypatch):
    monkeypatch.setattr(ArticleAdmin, "list_per_page", 3)
    everything = list(Article.objects.order_by("-published_at", "-pk").values_list("pk", flat=True))
    shown = []
    for page in range(1, -(-len(everything) // 3) + 1):
        response = admin_client.get("/admin/news/article/", {"p": page})
        assert response.status_code == 200
        shown += [
            int(pk)
            for pk in re.findall(
                r'name="_selected_action" value="(\d+)"', response.content.decode()
            )
        ]
    # Drafts included, the one without a time where the database sorts no time.
    assert shown == everything
