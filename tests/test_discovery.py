"""Search, feeds, sitemaps, structured data and the archive: what readers and machines get."""

import datetime
import json
import re
from xml.etree import ElementTree

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from news import search
from news.models import Article, Status

from .factories import SEED_SLUG, count_queries, make_article, make_official, make_organization

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


class TestSearch:
    def test_ranks_by_relevance_with_highlighted_snippets(self, client):
        make_article(title="Heroin seizure in Osh", body="Police seized heroin near Osh.")
        make_article(title="Annual report", body="A long report. It mentions heroin once.")
        make_article(title="Cannabis fields", body="Nothing about the other drug.")
        page = text(client.get("/search/", {"q": "heroin"}))
        assert "2 articles" in page
        assert page.index("Heroin seizure in Osh") < page.index("Annual report")
        assert "<mark>heroin</mark>" in page.lower()
        assert "Cannabis fields" not in page

    def test_the_newest_matches_are_ranked_and_older_ones_wait(self, monkeypatch):
        # Readers page through the newest search.RANKED public matches, best first (three
        # here, a thousand on the site); an older match, however good, is not among them.
        monkeypatch.setattr(search, "RANKED", 3)
        make_article(title="Heroin heroin heroin", summary="Heroin, heroin.")
        in_body = make_article(title="Annual report", body="It mentions heroin once.")
        in_title = make_article(title="Heroin route", body="Traffickers moved heroin.")
        also_in_body = make_article(title="Border news", body="Heroin was found.")
        make_article(title="Draft heroin story", status=Status.DRAFT)
        hits = [hit.article for hit in Article.objects.public_search("heroin")]
        assert hits[0] == in_title
        assert set(hits) == {in_title, in_body, also_in_body}

    def test_every_page_tells_how_many_match(self, client, monkeypatch):
        # The count comes with the page's hits, read in the same walk of the index: the
        # second page, a page past the last and a count over the limit all say it.
        monkeypatch.setattr(search, "COUNT_LIMIT", 4)
        monkeypatch.setattr(search, "RANKED", 4)
        monkeypatch.setattr("caricc_site.views.SearchView.page_size", 2)
        for n in range(3):
            make_article(title=f"Heroin route {n}")
        make_article(title="Draft heroin story", status=Status.DRAFT)
        first, second = (text(client.get("/search/", {"q": "heroin", "page": p})) for p in (1, 2))
        assert "3 articles" in first and 'rel="next"' in first
        assert "3 articles" in second and 'rel="next"' not in second
        assert len(re.findall(r"Heroin route \d", second)) == 1
        beyond = text(client.get("/search/", {"q": "heroin", "page": 7}))
        assert "3 articles" in beyond and "Heroin route" not in beyond
        assert "0 articles" in text(client.get("/search/", {"q": "cocaine"}))
        for n in range(2):
            make_article(title=f"Heroin seizure {n}")
        assert "More than 4 articles" in text(client.get("/search/", {"q": "heroin"}))
        hits = Article.objects.public_search("heroin", limit=2, offset=2)
        assert len(hits) == 2 and hits.total == 5

    def test_words_are_stemmed_and_the_last_is_a_prefix(self):
        make_article(title="Seizures of precursors", body="Customs seized chemicals.")
        assert len(Article.objects.public_search("seizure")) == 1
        assert len(Article.objects.public_search("precurs")) == 1
        assert len(Article.objects.public_search("seizure chemicals")) == 1
        assert Article.objects.public_search("seizure bananas") == []

    def test_drafts_and_scheduled_articles_never_appear(self, client):
        make_article(title="Public heroin story")
        make_article(title="Draft heroin story", status=Status.DRAFT)
        make_article(
            title="Future heroin story", published_at=timezone.now() + datetime.timedelta(hours=1)
        )
        page = text(client.get("/search/", {"q": "heroin"}))
        assert "Public heroin story" in page
        assert "Draft heroin story" not in page and "Future heroin story" not in page
        assert Article.objects.public_search("heroin").total == 1

    def test_edits_and_deletions_reach_the_index(self):
        article = make_article(title="Old words")
        article.title = "Fresh words"
        article.save()
        assert Article.objects.public_search("old") == []
        assert [h.article for h in Article.objects.public_search("fresh")] == [article]
        article.delete()
        assert Article.objects.public_search("fresh") == []

    def test_organizations_and_officials_are_found_too(self, client, seed):
        page = text(client.get("/search/", {"q": "unodc"}))
        assert 'href="/organizations/unodc/"' in page
        assert 'href="/organizations/unodc-regional-office-for-central-asia/"' in page
        assert 'href="/officials/kairat-umarov/"' in text(client.get("/search/", {"q": "umarov"}))

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "x" * 10000,
            "!!! ??? ...",
            '"',
            '"unbalanced quote',
            "NEAR(a b) AND OR NOT *",
            "title:heroin",
            "'; DROP TABLE news_article; --",
            "<script>alert(1)</script>",
            "Наркотики Қазақстан",
            "\x00",
        ],
    )
    def test_absurd_queries_get_a_normal_page(self, client, seed, query):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "<h1>Search</h1>" in text(response)
        assert "<script>alert(1)</script>" not in text(response)
        assert Article.objects.count() == 1

    def test_snippets_escape_the_text(self, client):
        make_article(title="Tags", body="<p>heroin &lt;b&gt;bold&lt;/b&gt; claims</p>")
        page = text(client.get("/search/", {"q": "heroin"}))
        snippet = page[page.index('class="snippet"') :]
        # SQLite shows the text escaped; PostgreSQL's ts_headline drops tag-like text.
        assert "bold" in snippet
        assert "<b>bold" not in snippet

    def test_search_runs_a_fixed_number_of_queries(self, client):
        for n in range(3):
            make_article(title=f"Heroin story {n}", source=make_organization())
        _, small = count_queries(client, "/search/?q=heroin")
        for n in range(27):
            make_article(title=f"Heroin report {n}", source=make_organization())
        _, large = count_queries(client, "/search/?q=heroin")
        assert small == large <= 8

    def test_rebuild_command_indexes_bulk_loaded_articles(self):
        from django.core.management import call_command

        Article.objects.bulk_create(
            [
                Article(
                    title="Bulk heroin",
                    slug="bulk",
                    status=Status.PUBLISHED,
                    published_at=timezone.now(),
                    body="x",
                )
            ]
        )
        assert Article.objects.public_search("bulk") == []
        call_command("rebuild_search_index")
        assert len(Article.objects.public_search("bulk")) == 1


def items(response):
    root = ElementTree.fromstring(response.content)
    rss = [i.findtext("title") for i in root.iter("item")]
    atom = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    return rss + atom


class TestFeeds:
    def test_news_feeds_list_only_published_articles(self, client):
        make_article(title="Published story")
        make_article(title="Draft story", status=Status.DRAFT)
        make_article(title="Future story", published_at=timezone.now() + datetime.timedelta(days=1))
        for url in ["/news/feed/", "/news/feed/atom/"]:
            response = client.get(url)
            assert response.status_code == 200
            assert items(response) == ["Published story"]

    def test_atom_entries_say_their_language_where_it_is_not_the_feeds(self, client):
        make_article(title="Heroin route closed", title_ru="Маршрут героина перекрыт")
        make_article(title="Still in English")
        atom = "{http://www.w3.org/2005/Atom}"
        lang = "{http://www.w3.org/XML/1998/namespace}lang"
        for url, language in [("/ru/news/feed/atom/", "ru"), ("/kk/news/feed/atom/", "kk")]:
            root = ElementTree.fromstring(client.get(url).content)
            assert root.get(lang) == language
            entries = {e.findtext(f"{atom}title"): e.get(lang) for e in root.iter(f"{atom}entry")}
            # Kazakh falls back to Russian, then English.
            translated = "ru" if language == "kk" else None
            assert entries == {"Маршрут героина перекрыт": translated, "Still in English": "en"}
        root = ElementTree.fromstring(client.get("/news/feed/atom/").content)
        assert [e.get(lang) for e in root.iter(f"{atom}entry")] == [None, None]

    def test_feeds_per_organization_and_official(self, client, seed):
        make_article(title="Unrelated story")
        for url in [
            "/organizations/interpol/feed/",
            "/organizations/interpol/feed/atom/",
            "/officials/ashita-mittal/feed/",
            "/officials/ashita-mittal/feed/atom/",
        ]:
            assert items(client.get(url)) == [
                "Kazakhstan and CARICC brief diplomats in Astana on countering drug trafficking"
            ]
        assert client.get("/organizations/nowhere/feed/").status_code == 404

    def test_pages_link_their_feeds(self, client, seed):
        home = text(client.get("/"))
        assert '<link rel="alternate" type="application/rss+xml"' in home
        org = text(client.get("/organizations/caricc/"))
        assert 'href="/organizations/caricc/feed/atom/"' in org
        official = text(client.get("/officials/kairat-umarov/"))
        assert 'href="/officials/kairat-umarov/feed/"' in official


class TestSitemapsAndRobots:
    def test_sitemap_lists_public_articles_with_lastmod_and_the_register(self, client, seed):
        draft = make_article(status=Status.DRAFT, slug="secret-draft")
        index = text(client.get("/sitemap.xml"))
        for section in ["news", "organizations", "officials"]:
            assert f"/sitemap-{section}.xml" in index
        news = text(client.get("/sitemap-news.xml"))
        assert f"/news/{SEED_SLUG}/</loc><lastmod>2023-07-05</lastmod>" in news
        assert draft.slug not in news
        assert news.count("<url>") == 3  # the article in each language
        assert text(client.get("/sitemap-organizations.xml")).count("<url>") == 33 * 3
        assert "/officials/ashita-mittal/" in text(client.get("/sitemap-officials.xml"))

    def test_robots_txt_points_to_the_sitemap(self, client):
        body = text(client.get("/robots.txt"))
        assert "Disallow: /admin/" in body
        assert "Sitemap: http://testserver/sitemap.xml" in body

    def test_pages_declare_their_canonical_url(self, client, seed):
        page = text(client.get("/news/?q=drug&page=1"))
        assert '<link rel="canonical" href="http://testserver/news/">' in page


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


class TestStructuredData:
    def test_article_is_a_news_article_about_its_organizations_and_people(self, client, seed):
        page = text(client.get(f"/news/{SEED_SLUG}/"))
        data = json_ld(page)
        assert data["@type"] == "NewsArticle"
        assert data["dateline"] == "Astana"
        assert data["datePublished"] == "2023-07-05T06:00:00+00:00"
        assert data["sourceOrganization"]["name"] == "Kazinform"
        assert data["publisher"]["name"] == "CARICC"
        about = {entry["name"]: entry["@type"] for entry in data["about"]}
        assert about["Kairat Umarov"] == "Person"
        assert about["Kazakhstan"] == "GovernmentOrganization"
        assert len(about) == 36
        assert '<meta property="og:type" content="article">' in page
        assert '<meta property="og:title" content="Kazakhstan and CARICC brief' in page
        assert '<meta name="twitter:card" content="summary">' in page

    def test_json_ld_cannot_be_broken_out_of(self, client):
        article = make_article(title='</script><script>alert("x")</script>', summary="a & b")
        page = text(client.get(article.get_absolute_url()))
        data = json_ld(page)
        assert data["headline"] == '</script><script>alert("x")</script>'
        assert "<script>alert" not in page

    def test_organization_and_person_pages(self, client, seed):
        org = json_ld(text(client.get("/organizations/caricc/")))
        assert org["@type"] == "Organization"
        assert org["alternateName"] == "CARICC"
        assert org["foundingDate"] == "2009"
        # The 7 member states; the 19 observers are no schema.org members.
        assert len(org["member"]) == 7
        assert "Interpol" not in {m["name"] for m in org["member"]}
        person = json_ld(text(client.get("/officials/atageldy-yazlyev/")))
        assert person["@type"] == "Person"
        assert person["jobTitle"] == "Director"
        assert person["worksFor"][0]["name"].startswith("Central Asian Regional")


class TestArchive:
    def test_browse_by_year_and_month(self, client):
        make_article(
            title="March story",
            published_at=datetime.datetime(2022, 3, 10, 12, tzinfo=datetime.UTC),
        )
        make_article(
            title="May story", published_at=datetime.datetime(2022, 5, 2, 12, tzinfo=datetime.UTC)
        )
        make_article(
            title="Draft 2022",
            status=Status.DRAFT,
            published_at=datetime.datetime(2022, 5, 3, tzinfo=datetime.UTC),
        )
        year = text(client.get("/news/2022/"))
        assert "March story" in year and "May story" in year and "Draft 2022" not in year
        assert 'href="/news/2022/03/"' in year and 'href="/news/2022/05/"' in year
        month = text(client.get("/news/2022/05/"))
        assert "May story" in month and "March story" not in month
        assert 'href="/news/2022/"' in text(client.get("/news/"))

    def test_empty_years_are_empty_pages_and_impossible_dates_not_found(self, client):
        response = client.get("/news/1999/")
        assert response.status_code == 200
        assert "No articles were published then." in text(response)
        assert client.get("/news/2022/13/").status_code == 404

    def test_membership_over_time_is_shown_with_known_precision(self, client):
        from organizations.models import Membership

        body = make_organization(name="Body")
        Membership.objects.create(
            organization=body,
            member=make_organization(name="A"),
            role="observer",
            start_date="2009-05",
            end_date="2014",
        )
        Membership.objects.create(
            organization=body, member=make_organization(name="B"), role="member", start_date="2011"
        )
        page = text(client.get(body.get_absolute_url()))
        history = page[page.index("Membership over time") :]
        assert history.index(">A<") < history.index(">B<")
        assert "<td>May 2009</td><td>2014</td>" in history
        assert "<td>2011</td><td>today</td>" in history


def test_official_without_posts_still_renders(client):
    official = make_official(name="New Person")
    assert client.get(official.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url", ["/news/2022/", "/news/2022/05/", "/news/feed/", "/sitemap-news.xml"]
)
def test_new_pages_run_a_fixed_number_of_queries(client, url):
    def build(n):
        for day in range(n):
            make_article(
                published_at=datetime.datetime(2022, 5, 1 + day % 28, 12, tzinfo=datetime.UTC),
                source=make_organization(),
                organizations=[make_organization(), make_organization()],
                officials=[make_official()],
            )

    build(3)
    _, small = count_queries(client, url)
    build(27)
    _, large = count_queries(client, url)
    assert small == large <= 8


class TestSearchInRussianAndKazakh:
    @pytest.fixture
    def stories(self, db):
        russian = make_article(title="Heroin in Kazakhstan", slug="ru-story")
        russian.title_ru = "Изъятие героина в Казахстане"
        russian.body_ru = "<p>Интерпол сообщил о задержании наркотиков.</p>"
        russian.save()
        kazakh = make_article(title="Customs", slug="kk-story")
        kazakh.title_kk = "Қазақстанның кеденшілері есірткі тәркіледі"
        kazakh.save()
        return russian, kazakh

    @pytest.mark.parametrize(
        "query", ["Казахстан", "Казахстана", "казахстане", "Интерпола", "наркотики", "героин"]
    )
    def test_a_russian_word_finds_its_other_forms(self, client, stories, query):
        page = text(client.get("/search/", {"q": query}))
        assert "Heroin in Kazakhstan" in page or "Изъятие героина" in page, query
        api = client.get("/api/v1/articles/", {"search": query}).json()
        assert [a["slug"] for a in api["results"]] == ["ru-story"], query
        listing = text(client.get("/ru/news/", {"q": query}))
        assert "Изъятие героина в Казахстане" in listing, query

    def test_a_kazakh_word_finds_its_suffixed_forms(self, client, stories):
        page = text(client.get("/kk/search/", {"q": "Қазақстан кеден"}))
        assert "Қазақстанның кеденшілері" in page

    def test_english_is_searched_as_before(self, client, stories):
        assert "Heroin in Kazakhstan" in text(client.get("/search/", {"q": "heroin"}))
        assert "Heroin in Kazakhstan" not in text(client.get("/search/", {"q": "cocaine"}))


class TestPublicationPeriods:
    """The years, months and days that have news, as the archive and the admin list them."""

    MOMENTS = [
        # The last evening of 2024 in UTC is already 2025 in Almaty.
        datetime.datetime(2024, 12, 31, 20, tzinfo=datetime.UTC),
        datetime.datetime(2025, 1, 31, 19, 30, tzinfo=datetime.UTC),
        datetime.datetime(2025, 3, 9, 6, 59, tzinfo=datetime.UTC),
        datetime.datetime(2025, 3, 9, 7, 1, tzinfo=datetime.UTC),
        datetime.datetime(2025, 11, 2, 5, 30, tzinfo=datetime.UTC),
        datetime.datetime(2025, 11, 2, 6, 30, tzinfo=datetime.UTC),
        datetime.datetime(2025, 12, 31, 23, tzinfo=datetime.UTC),
        # A month whose only news is on its first days, after a short month.
        datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 1, 19, 30, tzinfo=datetime.UTC),
    ]

    @pytest.fixture
    def articles(self, db):
        for moment in self.MOMENTS:
            make_article(published_at=moment)
            make_article(published_at=moment)
        make_article(status=Status.DRAFT, published_at=None)
        make_article(
            status=Status.DRAFT, published_at=datetime.datetime(2019, 6, 1, tzinfo=datetime.UTC)
        )

    @pytest.mark.parametrize(
        "zone", ["Asia/Almaty", "UTC", "America/New_York", "Pacific/Kiritimati"]
    )
    @pytest.mark.parametrize("kind", ["year", "month", "day"])
    def test_they_are_what_django_finds_in_every_time_zone(self, articles, settings, zone, kind):
        # Found by stepping from one period to the next, not by truncating every time, and
        # the same periods, in the same order, for every time zone's midnights and DST.
        settings.TIME_ZONE = zone
        with timezone.override(zone):
            for queryset in [
                Article.objects.all(),
                Article.objects.published(),
                Article.objects.filter(published_at__year=2025),
            ]:
                for order in ["ASC", "DESC"]:
                    expected = list(QuerySet.datetimes(queryset, "published_at", kind, order))
                    assert list(queryset.datetimes("published_at", kind, order)) == expected
                    assert expected

    def test_the_year_page_lists_the_months_of_its_readers_time_zone(self, client, articles):
        year = text(client.get("/news/2025/"))
        months = re.findall(r'href="/news/2025/(\d\d)/"', year)
        # The last hour of 2025 in UTC is 2026 in Almaty: no December.
        assert months == ["01", "02", "03", "11"]
        assert text(client.get("/news/2024/")).count('href="/news/2024/') == 0

    def test_the_admin_lists_the_years_months_and_days(self, admin_client, articles):
        def links(query):
            page = admin_client.get("/admin/news/article/" + query).content.decode()
            return re.findall(
                r'<a href="\?([^"]*)">', page[page.index('class="toplinks"') :][:4000]
            )

        assert [q for q in links("") if "year" in q] == [
            "published_at__year=2019",
            "published_at__year=2025",
            "published_at__year=2026",
        ]
        months = links("?published_at__year=2025")
        assert [re.search(r"month=(\d+)", q).group(1) for q in months if "month" in q] == [
            "1", "2", "3", "11",
        ]  # fmt: skip
        days = links("?published_at__year=2025&published_at__month=3")
        assert [re.search(r"day=(\d+)", q).group(1) for q in days if "day" in q] == ["9"]
