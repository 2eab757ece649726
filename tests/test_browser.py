"""End to end in real headless Chromium: readers and editors as they use the site.

Uses Debian's chromium (/usr/bin/chromium), driven by Playwright. Screenshots go
to test-artifacts/. Where Chromium is missing the tests are skipped, unless
REQUIRE_BROWSER is set (as CI does), which makes a missing browser a failure.
"""

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

if not shutil.which(CHROMIUM) and not os.environ.get("REQUIRE_BROWSER"):
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

from .factories import SEED_SLUG  # noqa: E402

# Playwright's sync API runs an event loop in this thread; the ORM calls here are the
# test's own set-up, not work inside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A live server needs committed data; serialized_rollback restores what migrations created
# (the Editors and Authors groups) for the tests that follow.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server, seed):
    return live_server.url


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_a_reader_searches_filters_opens_an_article_and_follows_an_official(page, site):
    page.goto(site + "/")
    screenshot(page, "home")
    page.get_by_role("searchbox", name="Search").first.fill("drug trafficking")
    page.get_by_role("button", name="Search").first.click()
    playwright.expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Kazakhstan and CARICC brief")).first.click()
    playwright.expect(page.locator("h1")).to_have_text(re.compile("^Kazakhstan and CARICC brief"))

    page.goto(site + "/news/")
    page.get_by_label("Organization").select_option(label="Interpol")
    page.get_by_role("button", name="Show").click()
    playwright.expect(page).to_have_url(re.compile("organization=interpol"))
    playwright.expect(page.get_by_text("1 article")).to_be_visible()
    screenshot(page, "news-list")
    page.get_by_role("link", name=re.compile("Kazakhstan and CARICC brief")).first.click()
    playwright.expect(page.locator(".article-aside")).to_be_visible()
    screenshot(page, "article")
    page.get_by_role("link", name="Ashita Mittal").click()
    playwright.expect(page).to_have_url(re.compile("/officials/ashita-mittal/$"))
    playwright.expect(page.locator("h1")).to_have_text("Ashita Mittal")
    playwright.expect(page.get_by_text("Regional Representative for Central Asia")).to_be_visible()


def test_an_editor_publishes_an_article_and_a_reader_sees_it(browser, site, editor):
    from news.models import Article

    editor_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    editor_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    editor_page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    editor_page.goto(site + "/admin/")
    editor_page.get_by_label("Username").fill("editor")
    editor_page.get_by_label("Password").fill("pw-editor-1")
    editor_page.get_by_role("button", name="Log in").click()
    playwright.expect(editor_page.locator("#user-tools")).to_be_visible()
    editor_page.goto(site + "/admin/news/article/add/")
    # One language at a time: English first, the other languages' fields hidden.
    playwright.expect(editor_page.locator("#id_title_ru")).to_be_hidden()
    editor_page.locator("#id_title_en").fill("Customs seize precursors in Osh")
    editor_page.locator("#id_summary_en").fill("A seizure on the border.")
    # The body is written, not typed as HTML: a paragraph, then bold text and a list.
    body = editor_page.locator(".field-body_en [contenteditable=true]")
    body.click()
    editor_page.keyboard.type("Customs officers seized precursors, CARICC said.")
    editor_page.keyboard.press("Enter")
    editor_page.keyboard.press("Control+b")
    editor_page.keyboard.type("More")
    editor_page.keyboard.press("Control+b")
    editor_page.keyboard.type(" to follow.")
    editor_page.keyboard.press("Enter")
    editor_page.keyboard.type("- first point")
    screenshot(editor_page, "admin-article-editor")
    editor_page.get_by_role("button", name=re.compile("^Russian")).click()
    playwright.expect(editor_page.locator("#id_title_en")).to_be_hidden()
    editor_page.locator("#id_title_ru").fill("Таможня изъяла прекурсоры в Оше")
    editor_page.locator("#id_status").select_option("published")
    editor_page.locator("input[name=_save]").first.click()
    playwright.expect(editor_page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(slug="customs-seize-precursors-in-osh")  # made on save
    assert article.title_ru == "Таможня изъяла прекурсоры в Оше"
    assert article.body_en == (
        "<p>Customs officers seized precursors, CARICC said.</p>"
        "<p><strong>More</strong> to follow.</p>"
        "<ul><li><p>first point</p></li></ul>"
    )
    # Saving what the editor shows changes nothing.
    editor_page.goto(site + f"/admin/news/article/{article.pk}/change/")
    editor = editor_page.locator(".field-body_en [contenteditable=true]")
    playwright.expect(editor).to_contain_text("More")
    editor_page.locator("#id_title_en").press("Enter")  # Enter saves, as Save does
    playwright.expect(editor_page.locator(".messagelist")).to_contain_text(
        "was changed successfully"
    )
    assert Article.objects.get(pk=article.pk).body_en == article.body_en
    # Enter saved; it did not press the first button below ("Save and link them").
    assert not article.organizations.exists()
    assert not errors, errors

    reader = browser.new_context().new_page()
    reader.goto(site + "/news/")
    reader.get_by_role("link", name="Customs seize precursors in Osh").click()
    playwright.expect(reader.locator(".body p").first).to_have_text(
        "Customs officers seized precursors, CARICC said."
    )
    playwright.expect(reader.locator(".body strong")).to_have_text("More")


def test_the_language_switcher_changes_the_interface(page, site):
    page.goto(site + f"/news/{SEED_SLUG}/")
    page.get_by_role("link", name="Русский").click()
    playwright.expect(page).to_have_url(re.compile(f"/ru/news/{SEED_SLUG}/$"))
    playwright.expect(page.locator("html")).to_have_attribute("lang", "ru")
    playwright.expect(page.get_by_role("link", name="Новости").first).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/news/",
        f"/news/{SEED_SLUG}/",
        "/organizations/",
        "/organizations/caricc/",
        "/officials/",
        "/officials/kairat-umarov/",
        "/search/?q=drug",
        "/news/2023/",
        "/ru/",
        "/kk/organizations/caricc/",
        "/news/?year=abc",
        f"/ru/news/{SEED_SLUG}/",
        f"/kk/news/{SEED_SLUG}/",
        "/ru/officials/",
        "/kk/news/",
        "/ru/search/?q=Казахстане",
        "/kk/organizations/",
    ],
)
def test_pages_pass_an_accessibility_audit(page, site, path):
    page.goto(site + path)
    if path.startswith(("/ru/", "/kk/")):
        screenshot(page, "page-" + re.sub(r"[^a-z0-9]+", "-", path.split("?")[0]).strip("-"))
    assert serious_violations(page) == []


def serious_violations(page):
    """What axe-core finds serious or critical on the page."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [375, 1600])
def test_pages_fit_phones_and_wide_screens(browser, site, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    for path in ["/", f"/news/{SEED_SLUG}/", "/organizations/caricc/"]:
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    screenshot(page, f"article-{width}")


@pytest.mark.parametrize("width, rows", [(375, 3), (1280, 1)])
@pytest.mark.parametrize("language", ["", "/ru", "/kk"])
def test_the_header_holds_its_layout_in_every_language(browser, site, width, rows, language):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(site + f"{language}/news/{SEED_SLUG}/")
    # One row on a wide screen; on a phone: name and languages, sections, search.
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.site-header .wrap > *')]
                .map(e => Math.round(e.getBoundingClientRect().top))"""
    )
    tops = sorted(tops)
    assert 1 + sum(1 for a, b in itertools.pairwise(tops) if b - a > 20) == rows, tops
    # No section's name is cut off.
    hidden = page.evaluate(
        """() => { const ul = document.querySelector('.site-header nav:not(.languages) ul');
                  return ul.scrollWidth - ul.clientWidth; }"""
    )
    assert hidden <= 0, hidden
    screenshot(page, f"header-{language.strip('/') or 'en'}-{width}")


@pytest.fixture
def dated_register(seed):
    """The seed with the dates a timeline needs: members since a month, an observer that
    left, an official's posts."""
    from organizations.models import Membership, Official, Organization, Position

    centre = Organization.objects.get(slug="caricc")
    Membership.objects.filter(organization=centre, member__slug="kazakhstan").update(
        start_date="2006-10"
    )
    Membership.objects.filter(organization=centre, member__slug="uzbekistan").update(
        start_date="2009-03-21"
    )
    Membership.objects.create(
        organization=centre,
        member=Organization.objects.get(slug="belarus"),
        role="member",
        start_date="2007",
        end_date="2011-06",
    )
    Membership.objects.filter(organization=centre, member__slug="belarus", role="observer").update(
        start_date="2012"
    )
    official = Official.objects.get(slug="atageldy-yazlyev")
    official.positions.update(start_date="2022-09")
    Position.objects.create(
        official=official,
        organization=Organization.objects.get(slug="turkmenistan"),
        title="Deputy Minister of Internal Affairs",
        start_date="2015",
        end_date="2022-08",
    )


@pytest.mark.parametrize(
    "language, kazakhstan", [("", "Kazakhstan"), ("/ru", "Казахстан"), ("/kk", "Қазақстан")]
)
def test_the_map_and_timelines_are_linked_labelled_and_accessible(
    browser, live_server, dated_register, language, kazakhstan
):
    from django.core.management import call_command

    call_command("apply_country_names", verbosity=0)
    site = live_server.url
    for width in (1280, 375):
        page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
        page.goto(site + f"{language}/organizations/caricc/")
        drawn = page.locator(".membership-map svg")
        playwright.expect(drawn).to_be_visible()
        box = drawn.bounding_box()
        assert box["height"] > 150, box  # a picture, not a strip, on a phone too
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        playwright.expect(page.locator(".membership-map svg a")).to_have_count(25)
        playwright.expect(page.locator(".timeline-row")).to_have_count(3)
        screenshot(page, f"pictures-{language.strip('/') or 'en'}-{width}")
    assert serious_violations(page) == []
    # Each state is a link named in the reader's language, and leads to the state's page.
    state = page.locator(".membership-map svg a", has_text=kazakhstan)
    playwright.expect(state).to_have_attribute("href", f"{language}/organizations/kazakhstan/")
    page.set_viewport_size({"width": 1280, "height": 900})
    state.dispatch_event("click")
    playwright.expect(page).to_have_url(re.compile(f"{language}/organizations/kazakhstan/$"))
    playwright.expect(page.locator("h1")).to_contain_text(kazakhstan)

    page.goto(site + f"{language}/officials/atageldy-yazlyev/")
    playwright.expect(page.locator(".timeline-row")).to_have_count(2)
    playwright.expect(page.locator(".timeline-track").first).to_be_visible()
    screenshot(page, f"posts-timeline-{language.strip('/') or 'en'}")
    assert serious_violations(page) == []

    page.goto(site + f"{language}/")
    playwright.expect(page.locator(".membership-map svg a")).to_have_count(25)
    assert serious_violations(page) == []
