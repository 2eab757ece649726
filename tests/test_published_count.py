"""The number of public articles the news list and the API list show, whatever wrote the
articles: the ORM, bulk loads, raw SQL, a flush; counted from what the database keeps."""

import datetime
import itertools

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from news.models import Article, Status

from .factories import make_article, make_organization

pytestmark = pytest.mark.django_db


def shown_totals(client):
    """What a reader and a partner are told: the news page's count and the API's."""
    for alias in settings.CACHES:
        caches[alias].clear()  # bulk writes send no signal to renew the public cache
    page = client.get("/news/").content.decode()
    api = client.get("/api/v1/articles/", HTTP_ACCEPT="application/json").json()["count"]
    return page, api


def assert_total(client, expected):
    page, api = shown_totals(client)
    assert api == expected
    noun = "article" if expected == 1 else "articles"
    assert f"{expected:,} {noun}</p>" in page
    # Counted the slow way, as the truth to hold it to.
    assert expected == len(Article.objects.filter(id__gte=0).published())


_batches = itertools.count()


def bulk_articles(n, **fields):
    now, batch = timezone.now(), next(_batches)
    return Article.objects.bulk_create(
        Article(
            title=f"Bulk {i}",
            slug=f"bulk-{batch}-{i}",
            status=fields.get("status", Status.PUBLISHED),
            published_at=fields.get("published_at", now - datetime.timedelta(hours=i + 1)),
        )
        for i in range(n)
    )


def test_every_kind_of_write_reaches_the_total(client):
    assert_total(client, 0)
    first = make_article()
    make_article(status=Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert_total(client, 1)

    # A scheduled article counts once its time comes, without a write.
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert_total(client, 2)

    first.status = Status.DRAFT  # withdrawn
    first.save()
    assert_total(client, 1)
    first.status = Status.PUBLISHED
    first.save()
    assert_total(client, 2)

    bulk_articles(30)
    bulk_articles(4, status=Status.DRAFT)
    assert_total(client, 32)

    Article.objects.filter(title__startswith="Bulk 1").update(status=Status.DRAFT)  # 1, 10-19
    assert_total(client, 21)
    Article.objects.filter(status=Status.DRAFT).update(status=Status.PUBLISHED)
    assert_total(client, 37)

    Article.objects.filter(title__startswith="Bulk 2").delete()  # 2 (twice), 20-29
    first.delete()
    assert_total(client, 24)

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM news_article WHERE title = %s", ["Bulk 3"])  # two
    assert_total(client, 22)


def test_filtered_and_shaped_counts_are_counted_as_asked(client):
    body = make_organization(name="Customs Service", slug="customs")
    make_article(organizations=[body])
    make_article()
    make_article(status=Status.DRAFT, organizations=[body])
    public = Article.objects.published()
    assert public.count() == 2
    assert public.filter(organizations=body).count() == 1
    assert public.mentioning(organization="customs").count() == 1
    assert public.none().count() == 0
    assert public[:1].count() == 1
    assert public.values("status").annotate(n=Count("pk")).count() == 1
    drafts = Article.objects.filter(status=Status.DRAFT).order_by()
    assert public.order_by().union(drafts).count() == 3
    assert body.articles.published().count() == 1
    assert Article.objects.published().published().count() == 2
    assert get_count(client, "/api/v1/articles/?organization=customs") == 1
    assert "1 article</p>" in client.get("/news/?organization=customs").content.decode()


def get_count(client, url):
    return client.get(url, HTTP_ACCEPT="application/json").json()["count"]


def test_a_wrong_or_lost_count_is_made_again_by_migrate(client):
    bulk_articles(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE news_article_published_count SET total = 1000")
        if connection.vendor == "sqlite":
            # What a migration that remakes the table does to its triggers.
            cursor.execute("DROP TRIGGER news_article_published_count_insert")
        else:
            cursor.execute("DROP TRIGGER news_article_published_count_insert ON news_article")
    call_command("migrate", verbosity=0)
    assert_total(client, 5)
    bulk_articles(2)
    assert_total(client, 7)


def test_a_missing_count_is_counted_the_slow_way(client):
    bulk_articles(3)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM news_article_published_count")
    assert_total(client, 3)


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_count(client):
    bulk_articles(3)
    assert_total(client, 3)
    call_command("flush", interactive=False, verbosity=0)
    assert_total(client, 0)
    make_article()
    assert_total(client, 1)
