"""What a reader sees on the public pages."""

import datetime
import re

import pytest
from django.utils import timezone

from news.models import Status

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


def text(response):
    return response.content.decode()


class TestHome:
    def test_home_shows_latest_news_and_the_centre_with_its_members(self, client, seed):
        response = client.get("/")
        assert response.status_code == 200
        page = text(response)
        assert "Central Asian Regional Information and Coordination Centre" in page
        assert "Kazakhstan and CARICC brief diplomats in Astana" in page
        assert f'href="/news/{SEED_SLUG}/"' in page
        assert 'href="/organizations/uzbekistan/"' in page
        assert 'href="/organizations/interpol/"' in page

    def test_home_works_on_an_empty_site(self, client, db):
        response = client.get("/")
        assert response.status_code == 200
        assert "No news has been published yet." in text(response)

    def test_home_hides_drafts_and_scheduled_news(self, client, db):
        make_article(title="Draft headline", status=Status.DRAFT)
        make_article(
            title="Scheduled headline", published_at=timezone.now() + datetime.timedelta(hours=1)
        )
        page = text(client.get("/"))
        assert "Draft headline" not in page
        assert "Scheduled headline" not in page


class TestNewsList:
    def test_newest_first_and_paginated_by_twenty(self, client, db):
        for hours in range(25):
            make_article(
                title=f"Story {hours:02d}",
                published_at=timezone.now() - datetime.timedelta(hours=hours + 1),
            )
        first = text(client.get("/news/"))
        assert "25 articles" in first
        assert first.index("Story 00") < first.index("Story 01") < first.index("Story 19")
        assert "Story 20" not in first
        assert "Page 1 of 2" in first
        second = text(client.get("/news/?page=2"))
        assert "Story 24" in second and "Story 00" not in second

    def test_drafts_and_future_articles_are_absent(self, client, db):
        make_article(title="Visible story")
        make_article(title="Draft story", status=Status.DRAFT)
        make_article(title="Future story", published_at=timezone.now() + datetime.timedelta(days=1))
        page = text(client.get("/news/"))
        assert "Visible story" in page
        assert "Draft story" not in page and "Future story" not in page
        assert "1 article" in page

    def test_filter_by_organization_official_year_and_text(self, client, db):
        unodc = make_organization(name="UNODC", slug="unodc")
        mittal = make_official(name="Ashita Mittal", slug="ashita-mittal")
        make_article(title="About UNODC", organizations=[unodc])
        make_article(title="About Mittal", officials=[mittal], body="Heroin seizures rose.")
        make_article(
            title="From 2019", published_at=datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC)
        )

        def titles(query):
            page = text(client.get("/news/" + query))
            return {t for t in ["About UNODC", "About Mittal", "From 2019"] if t in page}

        assert titles("?organization=unodc") == {"About UNODC"}
        assert titles("?official=ashita-mittal") == {"About Mittal"}
        assert titles("?year=2019") == {"From 2019"}
        assert titles("?q=heroin") == {"About Mittal"}
        assert titles("?q=unodc&organization=unodc") == {"About UNODC"}
        assert titles("?q=unodc&official=ashita-mittal") == set()

    @pytest.mark.parametrize(
        "query",
        [
            "?page=abc",
            "?page=-1",
            "?page=99999",
            "?page=",
            "?year=abc",
            "?year=99999999999999999999",
            "?organization=no-such-org",
            "?official=%00",
            "?q=" + "x" * 5000,
            "?q=%27%22%3Cscript%3E",
        ],
    )
    def test_bad_parameters_get_a_normal_page(self, client, db, query):
        make_article(title="Only story")
        response = client.get("/news/" + query)
        assert response.status_code == 200
        assert "<h1>News</h1>" in text(response)
        assert "<script>" not in text(response)

    def test_bad_filters_are_explained_beside_the_field(self, client, db):
        page = text(client.get("/news/?year=abc&organization=nowhere"))
        assert "Some filters could not be understood" in page
        assert "Enter a whole number." in page
        assert "Select a valid choice." in page

    def test_query_count_does_not_grow_with_the_list(self, client, db):
        organizations = [make_organization() for _ in range(3)]
        officials = [make_official() for _ in range(2)]
        source = make_organization(classification="news_agency")

        def build(n):
            for _ in range(n):
                make_article(organizations=organizations, officials=officials, source=source)

        build(3)
        # The directory's lists are read once, then while it is unchanged only its stamps.
        count_queries(client, "/news/")
        _, small = count_queries(client, "/news/")
        build(27)
        _, large = count_queries(client, "/news/?organization=" + organizations[0].slug)
        _, large_plain = count_queries(client, "/news/")
        assert large_plain == small
        assert large <= small + 1  # the filter's own lookup of the organization
        assert small <= 7


class TestArticlePage:
    def test_the_seed_article_shows_dateline_source_date_and_every_mention_linked(
        self, client, seed
    ):
        from news.models import Article

        response = client.get(f"/news/{SEED_SLUG}/")
        assert response.status_code == 200
        page = text(response)
        assert '<span class="dateline">Astana</span>' in page
        assert 'href="/organizations/kazinform/" lang="en">Kazinform</a>' in page
        assert '<time datetime="2023-07-05T12:00:00+06:00">July 5, 2023</time>' in page
        assert "no country can solve the drug problem alone" in page
        article = Article.objects.get(slug=SEED_SLUG)
        for organization in article.organizations.all():
            assert f'href="{organization.get_absolute_url()}"' in page
        for slug in ["kairat-umarov", "atageldy-yazlyev", "ashita-mittal"]:
            assert f'href="/officials/{slug}/"' in page

    def test_drafts_and_scheduled_articles_are_not_found(self, client, db):
        draft = make_article(status=Status.DRAFT)
        scheduled = make_article(published_at=timezone.now() + datetime.timedelta(minutes=1))
        for article in [draft, scheduled]:
            response = client.get(article.get_absolute_url())
            assert response.status_code == 404
            assert article.title not in text(response)

    def test_unknown_slugs_get_the_sites_404_page(self, client, db):
        for url in ["/news/no-such-story/", "/organizations/nowhere/", "/officials/nobody/"]:
            response = client.get(url)
            assert response.status_code == 404
            assert "Page not found" in text(response)
            assert 'href="/news/"' in text(response)

    def test_the_body_is_served_sanitised(self, client, db):
        article = make_article(body='<p>Safe</p><script>alert("x")</script>')
        page = text(client.get(article.get_absolute_url()))
        assert "<p>Safe</p>" in page
        assert 'alert("x")' not in page


class TestOrganizations:
    def test_list_is_grouped_by_classification(self, client, seed):
        page = text(client.get("/organizations/"))
        groups = ["Intergovernmental organization", "UN agency", "State", "Ministry"]
        positions = [page.index(f">{group}</h2>") for group in groups]
        assert positions == sorted(positions)
        state_section = page[positions[2] : positions[3]]
        assert "Kazakhstan" in state_section and "Turkiye" in state_section
        assert "Interpol" not in state_section

    def test_caricc_page_shows_members_observers_officials_and_news(self, client, seed):
        page = text(client.get("/organizations/caricc/"))
        assert "Founded</dt><dd>2009</dd>" in page
        assert "Headquarters</dt><dd>Almaty</dd>" in page
        members = page[page.index('id="members-heading"') : page.index('id="observers-heading"')]
        observers = page[page.index('id="observers-heading"') :]
        assert 'Members <span class="count">7</span>' in page
        assert 'Observers <span class="count">19</span>' in page
        assert "/organizations/tajikistan/" in members
        assert "/organizations/interpol/" not in members
        assert "/organizations/interpol/" in observers
        yazlyev = 'href="/officials/atageldy-yazlyev/" lang="en">Atageldy Yazlyev</a>'
        assert yazlyev + ', <span lang="en">Director</span>' in page
        assert f'href="/news/{SEED_SLUG}/"' in page

    def test_organization_page_shows_parent_children_and_memberships_held(self, client, seed):
        state = text(client.get("/organizations/kazakhstan/"))
        assert "/organizations/kazakhstan-ministry-of-foreign-affairs/" in state
        assert "Member of" in state and 'href="/organizations/caricc/"' in state
        ministry = text(client.get("/organizations/kazakhstan-ministry-of-foreign-affairs/"))
        assert (
            'Part of</dt><dd><a href="/organizations/kazakhstan/" lang="en">Kazakhstan</a>'
            in ministry
        )
        post = '<span lang="en">First Deputy Minister of Foreign Affairs</span>'
        assert "Kairat Umarov</a>, " + post in ministry
        office = text(client.get("/organizations/unodc-regional-office-for-central-asia/"))
        assert 'href="/organizations/unodc/"' in office

    def test_dates_are_shown_as_precisely_as_known_and_past_members_apart(self, client, db):
        body = make_organization(name="Body")
        make_membership(body, make_organization(name="Early"), start_date="2009-05")
        make_membership(
            body,
            make_organization(name="Gone"),
            role="observer",
            start_date="2010",
            end_date="2012",
        )
        page = text(client.get(body.get_absolute_url()))
        assert "since May 2009" in page
        assert "Former members and observers" in page
        assert "2010 – 2012" in page
        assert "Observers <span" not in page

    def test_a_page_links_to_all_news_when_there_is_more_than_it_shows(self, client, db):
        body = make_organization(slug="busy")
        for _ in range(12):
            make_article(organizations=[body])
        page = text(client.get(body.get_absolute_url()))
        assert 'href="/news/?organization=busy">All 12 articles</a>' in page
        assert page.count('class="teaser"') == 10

    def test_query_counts_do_not_grow_with_the_lists(self, client, db):
        def build(n):
            for _ in range(n):
                parent = make_organization(classification="state")
                make_organization(parent=parent, classification="ministry")

        build(3)
        _, small = count_queries(client, "/organizations/")
        build(27)
        _, large = count_queries(client, "/organizations/")
        assert small == large <= 5

    def test_organization_page_query_count_does_not_grow(self, client, db):
        body = make_organization()

        def build(n):
            for _ in range(n):
                make_membership(body, make_organization(parent=make_organization()))
                make_membership(make_organization(), body, role="observer")
                make_position(make_official(), body)
                make_organization(parent=body)
                make_article(organizations=[body], source=make_organization())

        build(3)
        _, small = count_queries(client, body.get_absolute_url())
        build(27)
        _, large = count_queries(client, body.get_absolute_url())
        assert small == large <= 8


class TestOfficials:
    def test_list_shows_current_posts_only(self, client, db):
        official = make_official(name="Atageldy Yazlyev")
        body = make_organization(name="CARICC")
        make_position(official, body, title="Director", start_date="2019")
        make_position(official, body, title="Deputy Director", start_date="2012", end_date="2018")
        page = text(client.get("/officials/"))
        assert "Atageldy Yazlyev" in page
        assert ">Director</span>, <a" in page
        assert "Deputy Director" not in page

    def test_official_page_shows_posts_and_news(self, client, seed):
        page = text(client.get("/officials/ashita-mittal/"))
        assert "Regional Representative for Central Asia" in page
        assert 'href="/organizations/unodc-regional-office-for-central-asia/"' in page
        assert f'href="/news/{SEED_SLUG}/"' in page

    def test_query_counts_do_not_grow_with_the_lists(self, client, db):
        def build(n):
            for _ in range(n):
                official = make_official()
                make_position(official, make_organization(), title="Minister")
                make_position(official, make_organization(), title="Envoy", end_date="2001")

        build(3)
        _, small = count_queries(client, "/officials/")
        build(27)
        _, large = count_queries(client, "/officials/")
        assert small == large <= 5

    def test_official_page_query_count_does_not_grow(self, client, db):
        official = make_official()

        def build(n):
            for _ in range(n):
                make_position(official, make_organization(), title="Post")
                make_article(officials=[official], source=make_organization())

        build(3)
        _, small = count_queries(client, official.get_absolute_url())
        build(27)
        _, large = count_queries(client, official.get_absolute_url())
        assert small == large <= 5


def test_pages_are_plain_accessible_html_with_one_local_stylesheet(client, seed):
    for url in ["/", "/news/", f"/news/{SEED_SLUG}/", "/organizations/", "/officials/"]:
        page = text(client.get(url))
        assert page.startswith("<!doctype html>")
        assert '<html lang="en">' in page
        assert '<meta name="viewport"' in page
        assert '<a class="skip-link" href="#main">' in page
        assert '<main id="main"' in page
        assert page.count('rel="stylesheet"') == 1
        assert 'href="/static/css/site.css"' in page
        # No executable script: only JSON-LD data blocks.
        assert re.findall(r"<script(?![^>]*application/ld\+json)", page) == []
