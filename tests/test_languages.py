"""The interface in English, Russian and Kazakh; content per field, falling back to English."""

import io
import re
from html.parser import HTMLParser

import pytest

from .factories import (
    SEED_SLUG,
    make_article,
    make_membership,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "lang", "news", "search"),
    [
        ("", "en", "News", "Search"),
        ("/ru", "ru", "Новости", "Поиск"),
        ("/kk", "kk", "Жаңалықтар", "Іздеу"),
    ],
)
def test_the_interface_speaks_each_language(client, seed, prefix, lang, news, search):
    for path in ["/", "/news/", f"/news/{SEED_SLUG}/", "/organizations/caricc/", "/officials/"]:
        response = client.get(prefix + path)
        assert response.status_code == 200, prefix + path
        page = text(response)
        assert f'<html lang="{lang}">' in page
        assert f">{news}</a>" in page
        assert f">{search}</button>" in page
        assert response["Content-Language"] == lang


def test_plurals_and_dates_follow_the_language(client, seed):
    assert "1 статья" in text(client.get("/ru/news/"))
    assert "1 мақала" in text(client.get("/kk/news/"))
    assert "Основана</dt><dd>2009</dd>" in text(client.get("/ru/organizations/caricc/"))


def test_the_switcher_and_hreflang_link_the_same_page_in_each_language(client, seed):
    page = text(client.get("/ru/organizations/caricc/"))
    here = "next=%2Fru%2Forganizations%2Fcaricc%2F"
    assert f'href="/language/en/?{here}" hreflang="en" lang="en"' in page
    assert f'href="/language/kk/?{here}" hreflang="kk" lang="kk"' in page
    assert 'hreflang="ru" lang="ru" aria-current="true">Русский<' in page
    assert (
        '<link rel="alternate" hreflang="kk" href="http://testserver/kk/organizations/caricc/">'
        in page
    )


def test_untranslated_content_falls_back_to_english_and_says_so(client):
    article = make_article(title="Heroin seized", summary="A summary.")
    page = text(client.get(f"/ru{article.get_absolute_url()}"))
    assert '<h1 lang="en">Heroin seized</h1>' in page
    assert '<div class="body" lang="en">' in page
    assert "Эта статья ещё не переведена на ваш язык" in page
    assert '<meta property="og:locale" content="en_GB">' in page
    assert '"inLanguage": "en"' in page


def test_the_seed_reads_in_russian_and_kazakh(client, seed):
    for language, headline, locale in [
        ("ru", "Казахстан и ЦАРИКЦ провели в Астане брифинг", "ru_RU"),
        ("kk", "Қазақстан мен ОАӨАҮО Астанада дипломаттарға", "kk_KZ"),
    ]:
        page = text(client.get(f"/{language}/news/{SEED_SLUG}/"))
        assert f'<h1 lang="{language}">{headline}' in page
        assert f'<div class="body" lang="{language}">' in page
        assert "not been translated" not in page
        assert f'<meta property="og:locale" content="{locale}">' in page
        assert f'"inLanguage": "{language}"' in page
    page = text(client.get("/ru/officials/"))
    assert "Кайрат Умаров" in page and "Первый заместитель министра иностранных дел" in page
    page = text(client.get("/kk/organizations/caricc/"))
    assert "Орталық Азия өңірлік ақпараттық үйлестіру орталығы" in page


def test_translated_content_is_shown_in_its_language(client):
    article = make_article(title="Drug seizure", summary="English summary")
    article.title_ru = "Изъятие наркотиков"
    article.save()
    english_url = article.get_absolute_url()
    page = text(client.get("/ru" + english_url))
    assert '<h1 lang="ru">Изъятие наркотиков</h1>' in page
    assert '<p class="lead" lang="en">English summary</p>' in page
    assert '<h1 lang="en">Drug seizure</h1>' in text(client.get(english_url))


def test_search_finds_content_in_any_language(client):
    article = make_article(title="Drug seizure")
    article.title_kk = "Есірткі тәркіленді"
    article.save()
    assert "Drug seizure" in text(client.get("/search/", {"q": "Есірткі"}))
    organization = make_organization(name="Interpol")
    organization.name_ru = "Интерпол"
    organization.save()
    assert 'href="/ru/organizations/' in text(client.get("/ru/search/", {"q": "Интерпол"}))


def test_the_api_speaks_the_language_asked_for(client):
    article = make_article(slug="seizure", title="Drug seizure")
    article.title_ru = "Изъятие наркотиков"
    article.save()
    url = "/api/v1/articles/seizure/"
    assert client.get(url, HTTP_ACCEPT="application/json").json()["title"] == "Drug seizure"
    response = client.get(url, {"lang": "ru"}, HTTP_ACCEPT="application/json")
    assert response.json()["title"] == "Изъятие наркотиков"
    assert response["Content-Language"] == "ru"
    response = client.get(url, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["title"] == "Изъятие наркотиков"
    kazakh = client.get(url, {"lang": "kk"}, HTTP_ACCEPT="application/json").json()
    assert kazakh["title"] == "Изъятие наркотиков"  # no Kazakh headline yet: Russian
    error = client.get("/api/v1/articles/", {"lang": "fr"}, HTTP_ACCEPT="application/json")
    assert error.status_code == 400
    assert "lang" in error.json()


def test_the_api_describes_its_fields_in_each_language_one_after_another(editor_client):
    # What an editor's client is told of each field it may send (OPTIONS), in the order
    # the languages are asked for: what one language was told is not kept for the next.
    def described(lang):
        response = editor_client.options(
            "/api/v1/articles/", HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE=lang
        )
        fields = response.json()["actions"]["POST"]
        return fields["slug"]["label"], fields["title"]["label"], fields["status"]["choices"]

    english, russian, kazakh, english_again = map(described, ["en", "ru", "kk", "en"])
    assert english[:2] == ("Slug", "Headline")
    assert russian[:2] == ("Слаг", "Заголовок")
    assert kazakh[:2] == ("Слаг", "Тақырып")
    assert [c["display_name"] for c in russian[2]] == ["Черновик", "Опубликована"]
    assert english_again == english


def test_editors_translate_fields_in_the_admin(editor_client, seed):
    from django.urls import reverse

    from news.models import Article

    article = Article.objects.get(slug=SEED_SLUG)
    page = text(editor_client.get(reverse("admin:news_article_change", args=[article.pk])))
    for name in ["title_en", "title_ru", "title_kk", "body_ru", "summary_kk"]:
        assert f'name="{name}"' in page


def test_unknown_language_prefixes_are_not_found(client):
    assert client.get("/fr/news/").status_code == 404


def test_dates_read_as_each_language_writes_them(client, seed):
    for language, written in [
        ("", "July 5, 2023"),
        ("/ru", "5 июля 2023 г."),
        ("/kk", "2023 ж. 5 шілде"),
    ]:
        page = text(client.get(f"{language}/news/{SEED_SLUG}/"))
        assert written in page, language
    assert "2023 ж. шілде" in text(client.get("/kk/news/2023/07/"))


def test_sitemaps_give_every_page_in_each_language_and_a_default(client, seed):
    from xml.etree import ElementTree

    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for section, path in [
        ("news", f"/news/{SEED_SLUG}/"),
        ("organizations", "/organizations/caricc/"),
    ]:
        root = ElementTree.fromstring(client.get(f"/sitemap-{section}.xml").content)
        locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        for prefix in ["", "/ru", "/kk"]:
            assert f"http://testserver{prefix}{path}" in locations
        alternates = {(e.get("hreflang"), e.get("href")) for e in root.iter(xhtml)}
        assert ("x-default", f"http://testserver{path}") in alternates
        assert ("kk", f"http://testserver/kk{path}") in alternates


def test_a_readers_choice_of_language_is_remembered(client, seed):
    response = client.get("/language/kk/", {"next": "/organizations/caricc/?page=1"})
    assert response.status_code == 302
    assert response["Location"] == "/kk/organizations/caricc/?page=1"
    assert response.cookies["django_language"].value == "kk"
    # Back at an English address, the reader gets the page in the language they chose.
    again = client.get("/organizations/caricc/")
    assert again.status_code == 302 and again["Location"] == "/kk/organizations/caricc/"
    client.get("/language/en/", {"next": "/kk/organizations/caricc/"})
    assert client.get("/organizations/caricc/").status_code == 200
    assert client.get("/api/v1/organizations/").status_code == 200


@pytest.mark.parametrize("next_path", ["//evil.example/", "https://evil.example/", "evil"])
def test_choosing_a_language_never_leads_off_the_site(client, next_path):
    response = client.get("/language/ru/", {"next": next_path})
    assert response["Location"] == "/ru/"


def test_a_browser_that_prefers_russian_is_offered_russian(client, seed):
    page = text(client.get("/news/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5"))
    assert (
        '<p class="language-offer wrap" lang="ru"><a href="/language/ru/?next=%2Fnews%2F" '
        'hreflang="ru">Читать эту страницу на русском</a></p>' in page
    )
    kazakh = text(client.get("/news/", HTTP_ACCEPT_LANGUAGE="kk"))
    assert "Бұл бетті қазақ тілінде оқу" in kazakh
    assert "language-offer" not in text(client.get("/news/", HTTP_ACCEPT_LANGUAGE="en-GB"))
    assert "language-offer" not in text(client.get("/ru/news/", HTTP_ACCEPT_LANGUAGE="ru"))
    client.cookies["django_language"] = "en"
    assert "language-offer" not in text(client.get("/news/", HTTP_ACCEPT_LANGUAGE="ru"))


def states_in_page_order(page, names):
    positions = {name: page.find(name) for name in names}
    assert all(position >= 0 for position in positions.values()), positions
    return sorted(names, key=positions.get)


def test_lists_follow_the_readers_alphabet_ignoring_case(client):
    from django.core.management import call_command

    call_command("load_seed", stdout=io.StringIO())
    english = text(client.get("/organizations/"))
    assert states_in_page_order(english, ["Ukraine", "USA", "Uzbekistan"]) == [
        "Ukraine",
        "USA",
        "Uzbekistan",
    ]
    kazakh = text(client.get("/kk/organizations/"))
    # Kazakh's Ә comes right after А, not after Я as code points would have it.
    assert states_in_page_order(kazakh, ["Ауғанстан", "Әзірбайжан", "Беларусь", "Ұлыбритания"]) == [
        "Ауғанстан",
        "Әзірбайжан",
        "Беларусь",
        "Ұлыбритания",
    ]
    russian = text(client.get("/ru/organizations/"))
    assert states_in_page_order(russian, ["Азербайджан", "Казахстан", "Россия", "Узбекистан"]) == [
        "Азербайджан",
        "Казахстан",
        "Россия",
        "Узбекистан",
    ]


@pytest.mark.parametrize(
    ("prefix", "names"),
    [
        ("", ["Ukraine", "USA", "Uzbekistan"]),
        ("/kk", ["Ауғанстан", "Әзірбайжан", "Беларусь", "Ұлыбритания"]),
        ("/ru", ["Азербайджан", "Казахстан", "Россия", "Узбекистан"]),
    ],
)
def test_the_news_filter_offers_organizations_in_the_readers_alphabet(client, prefix, names):
    from django.core.management import call_command

    call_command("load_seed", stdout=io.StringIO())
    page = client.get(f"{prefix}/news/").content.decode()
    select = page[page.index('<select name="organization"') :]
    options = re.findall(
        r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", select[: select.index("</select>")]
    )
    assert [name for name in options if name in names] == names


def test_officials_are_listed_by_surname(client):
    from .factories import make_official

    make_official(name="Zarina Abenova", slug="abenova")
    make_official(name="Aida Tursunova", slug="tursunova")
    make_official(name="Bakyt Karimov", slug="karimov")
    page = text(client.get("/officials/"))
    assert states_in_page_order(page, ["Zarina Abenova", "Bakyt Karimov", "Aida Tursunova"]) == [
        "Zarina Abenova",
        "Bakyt Karimov",
        "Aida Tursunova",
    ]


def test_roles_and_kinds_of_body_are_named_in_each_readers_language(client):
    body = make_organization(name="Centre", slug="centre", classification="intergovernmental")
    state = make_organization(name="Utopia", slug="utopia", classification="state")
    make_membership(body, state, role="observer", start_date="2001")
    # The labels are looked up once per process, and translated as each page is drawn.
    for prefix, observer, states in [
        ("", "Observer", "State"),
        ("/ru", "Наблюдатель", "Государство"),
        ("/kk", "Бақылаушы", "Мемлекет"),
        ("", "Observer", "State"),
    ]:
        assert f"<td>{observer}</td>" in text(client.get(f"{prefix}/organizations/centre/"))
        assert f">{observer.lower()}, " in text(client.get(f"{prefix}/organizations/utopia/"))
        assert f">{states}</h2>" in text(client.get(f"{prefix}/organizations/"))


@pytest.mark.parametrize(
    ("prefix", "since_month", "until_year", "since_day", "months"),
    [
        ("", "since October 2006", "until 2015", "since March 5, 2010", "May 2001 – June 2004"),
        (
            "/ru",
            "с октября 2006 г.",
            "до 2015 г.",
            "с 5 марта 2010 г.",
            "май 2001 г. – июнь 2004 г.",
        ),
        (
            "/kk",
            "2006 жылғы қазаннан бастап",
            "2015 жылға дейін",
            "2010 жылғы 5 наурыздан бастап",
            "2001 ж. мамыр – 2004 ж. маусым",
        ),
    ],
)
def test_periods_read_as_each_language_words_them(
    client, prefix, since_month, until_year, since_day, months
):
    # "Since" and "until" govern a case: Russian's genitive, Kazakh's ablative and dative;
    # a month within a range is in lower case, as in running text.
    state = make_organization(name="Utopia", slug="utopia", classification="state")
    for body, start, end in [
        ("Centre", "2006-10", ""),
        ("Pact", "", "2015"),
        ("Union", "2010-03-05", ""),
        ("League", "2001-05", "2004-06"),
    ]:
        make_membership(make_organization(name=body), state, start_date=start, end_date=end)
    page = text(client.get(f"{prefix}/organizations/utopia/"))
    for period in (since_month, until_year, since_day, months):
        assert f", {period}</span>" in page


def test_search_results_say_which_language_each_headline_is_in(client):
    # A Russian reader's results mix headlines in Russian with others not yet translated;
    # each says its language, as the news list does, so that it is read aloud rightly, and
    # so do the names of the organizations and officials found.
    translated = make_article(title="Heroin seized at the border")
    translated.title_ru = "Героин изъят на границе"
    translated.save()
    make_article(title="Heroin route closed")
    make_organization(name="Heroin Watch")
    official = make_official(name="Heroin Expert")
    official.name_ru = "Героин Эксперт"
    official.save()
    page = text(client.get("/ru/search/", {"q": "heroin"}))
    assert '<h3 class="teaser-title" lang="ru"><a href="/ru/news/' in page
    assert re.search(r'<h3 class="teaser-title" lang="en"><a [^>]+>Heroin route closed<', page)
    assert re.search(r'<a href="/ru/organizations/[^"]+" lang="en">Heroin Watch<', page)
    assert re.search(r'<a href="/ru/officials/[^"]+" lang="ru">Героин Эксперт<', page)


class LinkLanguages(HTMLParser):
    """Every link on a page, with its text and the language the markup says it is in (its
    own lang or the nearest element's within the page, not the page's own)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr", "path", "circle", "rect", "image"}  # fmt: skip

    def __init__(self):
        super().__init__()
        self.stack, self.links, self.texts, self.open_link = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.open_link = [attrs.get("href", ""), "", attrs.get("lang") or self.language()]
        if tag not in self.VOID and tag != "html":
            self.stack.append((tag, attrs.get("lang")))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag == "a" and self.open_link:
            self.links.append((self.open_link[0], self.open_link[1].strip(), self.open_link[2]))
            self.open_link = None
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if self.open_link:
            self.open_link[1] += data
        if data.strip() and self.stack:
            self.texts.append((self.stack[-1][0], data.strip(), self.language()))

    def language(self):
        return next((lang for _tag, lang in reversed(self.stack) if lang), None)


@pytest.mark.parametrize("prefix", ["/ru", "/kk"])
def test_every_name_on_every_page_says_which_language_it_is_in(client, seed, prefix):
    # Names and titles not yet translated stand beside translated ones in every list: the
    # directory, a body's members and officials, an official's posts, an article's people
    # and bodies, the home page's states, search. Each says its language, so that a screen
    # reader reads "Heroin Watch" in English on a Russian page.
    from django.utils import translation

    from core.translation import shown
    from news.models import Article
    from organizations.models import Official, Organization, Position

    caricc = Organization.objects.get(slug="caricc")
    watch = make_organization(name="Heroin Watch", slug="heroin-watch", parent=caricc)
    make_membership(caricc, watch, role="observer")
    desk = make_organization(name="Border desk", name_ru="Пограничный отдел", parent=watch)
    expert = make_official(name="Ivan Example", slug="ivan-example")
    make_position(expert, watch, title="Heroin analyst")
    make_position(make_official(name="Anna Sample", name_ru="Анна Образец"), desk, title="Head")
    article = make_article(
        title="Heroin Watch joins CARICC", organizations=[watch, desk, caricc],
        officials=[expert], source=watch,
    )  # fmt: skip
    make_article(title="Heroin route closed", organizations=[watch])

    with translation.override(prefix.strip("/")):
        expected = {}
        for model, fields in [
            (Organization, ["name", "short_name"]),
            (Official, ["name"]),
            (Position, ["title"]),
            (Article, ["title"]),
        ]:
            for obj in model.objects.all():
                language = shown(obj, fields[0])[0]
                for field in fields:
                    expected[str(getattr(obj, field))] = language
        article_url = article.get_absolute_url()

    pages = [
        f"{prefix}/",
        f"{prefix}/organizations/",
        f"{prefix}/organizations/caricc/",
        f"{prefix}/organizations/heroin-watch/",
        f"{prefix}/officials/",
        f"{prefix}/officials/ivan-example/",
        article_url,
        f"{prefix}/news/",
        f"{prefix}/search/?q=heroin",
    ]
    kinds, checked = "organizations|officials|news", set()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = LinkLanguages()
        parser.feed(text(response))
        for href, link_text, language in parser.links:
            if link_text in expected and re.match(rf"{prefix}/({kinds})/", href):
                assert language == expected[link_text], (url, href, link_text, language)
                checked.add(link_text)
        # Not only links: wherever a name or a post's title not yet translated is shown
        # (a heading, a parent body, a post beside its body), its element says so. The
        # document's <title> and its JSON-LD have no language of their own to give.
        for tag, words, language in parser.texts:
            for english in ["Heroin Watch", "Ivan Example", "Heroin analyst"]:
                if english in words and tag not in ("title", "script"):
                    assert language == "en", (url, tag, words, language)
                    checked.add(english)
    # Every kind of name was met, in English and in the reader's language.
    assert {
        "Heroin Watch",
        "Ivan Example",
        "Heroin analyst",
        "Heroin Watch joins CARICC",
    } <= checked
    assert {"Пограничный отдел", "Анна Образец"} <= checked

    # The news filter's lists: an option says its language where it is not the page's.
    page = text(client.get(f"{prefix}/news/"))
    assert '<option value="heroin-watch" lang="en">Heroin Watch</option>' in page
    # In Russian on /ru/; on /kk/ Russian is the first fallback, and says so.
    russian = "" if prefix == "/ru" else ' lang="ru"'
    assert f'<option value="{desk.slug}"{russian}>Пограничный отдел</option>' in page
    assert '<option value="ivan-example" lang="en">Ivan Example</option>' in page
    selected = text(client.get(f"{prefix}/news/", {"organization": "heroin-watch"}))
    assert '<option value="heroin-watch" selected lang="en">Heroin Watch</option>' in selected


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("script_prefix", ["/", "/caricc/"])
def test_links_are_the_addresses_django_reverses(language, script_prefix):
    # Pages link organizations, officials and articles by a path made once per language
    # and script prefix (core.addresses.slug_path): it must be reverse()'s, whatever the
    # slug, a site mounted below the root's included.
    from django.urls import NoReverseMatch, reverse, set_script_prefix
    from django.utils import translation

    from core.addresses import pk_path, slug_path, slug_paths

    names = ["organizations:organization-detail", "organizations:official-detail"]
    names.append("news:article-detail")
    set_script_prefix(script_prefix)
    try:
        with translation.override(language):
            for name in names:
                many = slug_paths(name)
                for slug in ["caricc", "0slug0", "a_b-9", "X", None]:
                    expected = reverse(name, kwargs={"slug": slug})
                    assert slug_path(name, slug) == many(slug) == expected
                    assert expected.startswith(script_prefix)
                # What no page has an address for is refused as reverse() refuses it.
                for slug in ["Кабул", "two words", "x/y", ""]:
                    with pytest.raises(NoReverseMatch):
                        slug_path(name, slug)
                    with pytest.raises(NoReverseMatch):
                        many(slug)
            # The API's addresses of what is named by id.
            for name in ["membership-detail", "position-detail"]:
                for pk in [1, 42, 9081726354, 10**15]:
                    expected = reverse(name, kwargs={"pk": pk})
                    assert pk_path(name, pk) == expected
                    assert expected.startswith(script_prefix)
                for pk in [None, True, -1, "1 2"]:
                    with pytest.raises(NoReverseMatch):
                        pk_path(name, pk)
    finally:
        set_script_prefix("/")
