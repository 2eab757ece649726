"""The article page beside the text: who held which post, what was mentioned, related news."""

import datetime

import pytest
from django.utils import timezone

from news.models import Article
from organizations.models import Organization

from .factories import (
    SEED_SLUG,
    count_queries,
    make_article,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db


def aside(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return page[page.index('<aside class="article-aside">') :]


def test_officials_are_shown_with_the_post_they_held_that_day(client, seed):
    article = Article.objects.get(slug=SEED_SLUG)
    html = aside(client, article)
    post = '</a><span class="post"><span lang="en">{}</span>, '
    assert "Kairat Umarov" + post.format("First Deputy Minister of Foreign Affairs") in html
    assert "Atageldy Yazlyev" + post.format("Director") in html


def test_a_post_held_before_or_after_the_article_is_not_shown(client, db):
    centre = make_organization(name="Centre")
    official = make_official(name="Aibek Nurov")
    make_position(official, centre, title="Director", start_date="2019", end_date="2022-06")
    make_position(official, centre, title="Adviser", start_date="2022-07")
    article = make_article(
        officials=[official], published_at=timezone.make_aware(datetime.datetime(2022, 3, 1))
    )
    html = aside(client, article)
    assert ">Director</span>, " in html and "Adviser" not in html


def test_organizations_are_grouped_and_the_source_is_not_a_mention(client, seed):
    article = Article.objects.get(slug=SEED_SLUG)
    article.organizations.add(Organization.objects.get(slug="kazinform"))
    html = aside(client, article)
    groups = ["The centre and its bodies", "Member states", "Observers", "Other organizations"]
    positions = [html.index(f"<h3>{group}</h3>") for group in groups]
    assert positions == sorted(positions)
    member_states = html[positions[1] : positions[2]]
    assert ">Kazakhstan<" in member_states and ">Austria<" not in member_states
    assert ">Austria<" in html[positions[2] : positions[3]]
    assert "/organizations/kazinform/" not in html  # shown as the source above the text


def test_related_news_shares_the_most_mentions(client, db):
    a, b, c = (make_organization() for _ in range(3))
    official = make_official()
    article = make_article(organizations=[a, b], officials=[official])
    closest = make_article(title="Closest", organizations=[a, b], officials=[official])
    make_article(title="Loosely", organizations=[a])
    make_article(title="Unrelated", organizations=[c])
    make_article(title="Draft", organizations=[a, b], status="draft", published_at=None)
    html = aside(client, article)
    assert html.index("Closest") < html.index("Loosely")
    assert "Unrelated" not in html and "Draft" not in html
    assert closest.get_absolute_url() in html


def test_related_news_among_equals_is_the_latest_published_first(client, db):
    a = make_organization()
    article = make_article(organizations=[a])
    now, day = timezone.now(), datetime.timedelta(days=1)
    # Written in the opposite order to their publication: the order is by time, not by id.
    make_article(title="Latest", organizations=[a], published_at=now - day)
    make_article(title="Older", organizations=[a], published_at=now - 9 * day)
    make_article(title="Oldest", organizations=[a], published_at=now - 30 * day)
    make_article(title="Scheduled", organizations=[a], published_at=now + day)
    html = aside(client, article)
    assert html.index("Latest") < html.index("Older") < html.index("Oldest")
    assert "Scheduled" not in html


def test_the_page_runs_a_fixed_number_of_queries(client, db):
    def queries_for(n):
        organizations = [make_organization() for _ in range(n)]
        officials = [make_official() for _ in range(n)]
        for official in officials:
            make_position(official, organizations[0])
        article = make_article(organizations=organizations, officials=officials)
        for _ in range(n):
            make_article(organizations=organizations[:2])
        return count_queries(client, article.get_absolute_url())[1]

    assert queries_for(2) == queries_for(12)


def test_no_mentions_no_aside_sections(client, db):
    html = aside(client, make_article())
    assert "<section" not in html


def test_the_api_gives_the_posts_held_at_publication(client, seed):
    item = client.get(f"/api/v1/articles/{SEED_SLUG}/", HTTP_ACCEPT="application/json").json()
    assert {
        "official": "kairat-umarov",
        "title": "First Deputy Minister of Foreign Affairs",
        "organization": "kazakhstan-ministry-of-foreign-affairs",
    } in item["posts_at_publication"]
    russian = client.get(
        f"/api/v1/articles/{SEED_SLUG}/", {"lang": "ru"}, HTTP_ACCEPT="application/json"
    ).json()
    titles = {post["title"] for post in russian["posts_at_publication"]}
    assert "Первый заместитель министра иностранных дел" in titles


def test_the_api_object_runs_a_fixed_number_of_queries_and_its_etag_follows_posts(client, db):
    def detail(n):
        officials = [make_official() for _ in range(n)]
        posts = [make_position(official, make_organization()) for official in officials]
        article = make_article(officials=officials)
        url = f"/api/v1/articles/{article.slug}/"
        response, queries = count_queries(client, url, HTTP_ACCEPT="application/json")
        return url, posts, response, queries

    _url, _posts, _response, few = detail(2)
    url, posts, response, many = detail(9)
    assert few == many
    posts[0].title = "Acting Director"
    posts[0].save()
    changed = client.get(url, HTTP_ACCEPT="application/json")
    assert changed["ETag"] != response["ETag"]
    assert "Acting Director" in {p["title"] for p in changed.json()["posts_at_publication"]}
