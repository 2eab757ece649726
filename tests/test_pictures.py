"""The register drawn: the map of members and observers, and timelines of memberships and
posts, as a reader sees them in every language."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from core import timeline
from organizations.models import Organization

from .factories import (
    count_queries,
    make_membership,
    make_official,
    make_organization,
    make_position,
)

pytestmark = pytest.mark.django_db

CENTRAL_ASIA = {"KZ": "Kazakhstan", "KG": "Kyrgyzstan", "TJ": "Tajikistan", "UZ": "Uzbekistan"}


def figure(response, css_class):
    """The first <figure> of that class on the page, parsed (inline SVG is well-formed XML)."""
    html = response.content.decode()
    match = re.search(rf'<figure class="{css_class}".*?</figure>', html, re.S)
    return ET.fromstring(match.group(0)) if match else None


def map_states(svg_figure):
    """{link: (role, title)} of every state the map colours."""
    svg = svg_figure.find(".//svg")
    return {a.get("href"): (a.get("class").split()[1], a.find("title").text) for a in svg.iter("a")}


def path_box(d):
    """The bounding box of a path of whole numbers written by the map (M x y l dx dy ... z)."""
    xs, ys = [], []
    for ring in re.findall(r"M(-?\d+) (-?\d+)l([^z]*)z", d):
        x, y = int(ring[0]), int(ring[1])
        xs.append(x)
        ys.append(y)
        steps = [int(n) for n in re.findall(r"-?\d+", ring[2])]
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            xs.append(x)
            ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def make_state(code, name=None):
    return make_organization(
        name=name or code, slug=f"state-{code.lower()}", classification="state", iso_code=code
    )


class TestMap:
    def test_home_and_centre_draw_every_member_and_observer_state_as_a_link(self, client, seed):
        centre = Organization.objects.get(slug="caricc")
        members = centre.memberships.filter(role="member")
        observers = centre.memberships.filter(role="observer").exclude(member__iso_code="")
        for path, element_id in (("/", "centre-map"), ("/organizations/caricc/", "members-map")):
            drawn = figure(client.get(path), "membership-map")
            assert drawn is not None, path
            states = map_states(drawn)
            assert {states[m.member.get_absolute_url()][0] for m in members} == {"member"}
            assert {states[m.member.get_absolute_url()][0] for m in observers} == {"observer"}
            assert len(states) == 7 + 18
            assert states["/organizations/kazakhstan/"][1] == "Kazakhstan: member"
            svg = drawn.find(".//svg")
            assert svg.get("aria-labelledby") == f"{element_id}-title"
            assert svg.find("title").text == "Member and observer states of CARICC"
            assert svg.find("desc").text.startswith("7 members, 19 observers.")
            # Interpol is no state: named beside the map, linked.
            beside = drawn.find(".//p[@class='elsewhere']")
            assert [a.text for a in beside.iter("a")] == ["Interpol"]
            legend = [li.itertext() for li in drawn.iter("li")]
            assert ["".join(item).strip() for item in legend] == ["Members", "Observers"]

    def test_the_worlds_land_is_one_file_browsers_keep(self, client, seed):
        drawn = figure(client.get("/ru/"), "membership-map")
        assert drawn.find(".//path[@class='land']") is None
        address = drawn.find(".//svg/image").get("href")
        assert re.fullmatch(r"/maps/world-[0-9a-f]{12}\.svg", address)
        for cache_state in ("miss", "hit"):
            response = client.get(address)
            assert (response.status_code, response["X-Cache"]) == (200, cache_state)
            assert response["Content-Type"] == "image/svg+xml"
            assert set(response["Cache-Control"].split(", ")) == {
                "public",
                "max-age=31536000",
                "immutable",
            }
        land = ET.fromstring(response.content)
        assert land.tag == "{http://www.w3.org/2000/svg}svg"
        assert land.get("viewBox") == drawn.find(".//svg").get("viewBox")
        assert client.get("/maps/world-000000000000.svg").status_code == 404

    def test_names_and_words_are_in_the_readers_language(self, client, db):
        call_command("load_seed", verbosity=0)
        for prefix, kazakhstan, title, beside in (
            ("/ru", "Казахстан: член", "Государства — члены и наблюдатели", "Нет на карте:"),
            ("/kk", "Қазақстан: мүше", "мүше және бақылаушы мемлекеттері", "Картада жоқ:"),
        ):
            drawn = figure(client.get(f"{prefix}/"), "membership-map")
            states = map_states(drawn)
            assert states[f"{prefix}/organizations/kazakhstan/"][1] == kazakhstan
            assert title in drawn.find(".//svg/title").text
            assert drawn.find(".//p[@class='elsewhere']").text.strip() == beside

    def test_a_regional_body_gets_a_map_of_its_region(self, client, db):
        body = make_organization(name="Regional body", slug="regional")
        for code, name in CENTRAL_ASIA.items():
            make_membership(body, make_state(code, name))
        response = client.get("/organizations/regional/")
        drawn = figure(response, "membership-map")
        frame = drawn.find(".//div")
        assert frame.get("class") == "map-frame"  # not the world
        assert drawn.find(".//svg/image") is None
        assert len(drawn.find(".//path[@class='land']").get("d")) > 1000  # the neighbours
        svg = drawn.find(".//svg")
        _, _, width, height = (int(n) for n in svg.get("viewBox").split())
        assert 1.3 <= width / height <= 2.4
        kazakhstan = next(a for a in svg.iter("a") if a.get("href") == "/organizations/state-kz/")
        left, _top, right, _bottom = path_box(kazakhstan.find("path").get("d"))
        assert right - left > width / 3  # a large share of the map, not a speck on the world

    def test_states_the_atlas_lacks_and_bodies_are_named_beside_the_map(self, client, db):
        body = make_organization(name="Body", slug="body")
        make_membership(body, make_state("KZ", "Kazakhstan"))
        make_membership(body, make_state("SG", "Singapore"), role="observer")
        make_membership(body, make_organization(name="Europol", slug="europol"), role="observer")
        drawn = figure(client.get("/organizations/body/"), "membership-map")
        assert set(map_states(drawn)) == {"/organizations/state-kz/"}
        beside = drawn.find(".//p[@class='elsewhere']")
        assert [a.text for a in beside.iter("a")] == ["Europol", "Singapore"]  # by name

    def test_no_map_without_a_state_to_draw(self, client, db):
        body = make_organization(name="Body", slug="body")
        make_membership(body, make_organization(name="Europol"), role="observer")
        response = client.get("/organizations/body/")
        assert figure(response, "membership-map") is None
        assert "Europol" in response.content.decode()

    def test_former_members_are_not_coloured(self, client, db):
        body = make_organization(name="Body", slug="body")
        make_membership(body, make_state("KZ"))
        make_membership(body, make_state("UZ"), start_date="2005", end_date="2012")
        states = map_states(figure(client.get("/organizations/body/"), "membership-map"))
        assert set(states) == {"/organizations/state-kz/"}

    def test_names_cannot_break_out_of_the_picture(self, client, db):
        body = make_organization(name="Body", slug="body")
        make_membership(body, make_state("KZ", '<script>alert("x")</script> & Co'))
        response = client.get("/organizations/body/")
        assert "<script>alert" not in response.content.decode()
        states = map_states(figure(response, "membership-map"))
        assert states["/organizations/state-kz/"][1] == '<script>alert("x")</script> & Co: member'

    def test_the_map_follows_the_register_through_the_cache(self, client, db):
        body = make_organization(name="Body", slug="body")
        make_membership(body, make_state("KZ"))
        assert set(map_states(figure(client.get("/organizations/body/"), "membership-map"))) == {
            "/organizations/state-kz/"
        }
        assert client.get("/organizations/body/")["X-Cache"] == "hit"
        make_membership(body, make_state("UZ"), role="observer")
        states = map_states(figure(client.get("/organizations/body/"), "membership-map"))
        assert states["/organizations/state-uz/"][0] == "observer"

    def test_the_map_costs_no_query(self, client, db):
        body = make_organization(name="Body", slug="body")
        codes = ["KZ", "KG", "TJ", "UZ", "TM", "AZ", "RU", "CN", "DE", "FR", "IT", "US"]
        for code in codes[:3]:
            make_membership(body, make_state(code), start_date="2009")
        _, small = count_queries(client, "/organizations/body/")
        for code in codes[3:]:
            make_membership(body, make_state(code), role="observer", start_date="2010-05")
        response, large = count_queries(client, "/organizations/body/")
        assert len(map_states(figure(response, "membership-map"))) == len(codes)
        assert small == large


def parts(period):
    return [(kind, left, round(width, 2)) for kind, left, width in period.parts]


class TestTimelineGeometry:
    TODAY = datetime.date(2020, 1, 1)

    def draw(self, *periods):
        rows = [timeline.Row(subject=n, periods=[p]) for n, p in enumerate(periods)]
        return timeline.draw(rows, today=self.TODAY)

    def test_a_year_is_drawn_as_the_whole_year_not_its_first_day(self):
        # The axis runs from 2000 to a little past today.
        period = timeline.Period("2009", "", "member")
        drawn = self.draw(timeline.Period("2000-01-01", "2001-01-01", "member"), period)
        span = 20 + 0.4  # 2000 to 2020, and a fiftieth more
        assert parts(period) == [
            ("uncertain", round(9 / span * 100, 2), round(1 / span * 100, 2)),
            ("known", round(10 / span * 100, 2), round(10 / span * 100, 2)),
        ]
        assert drawn.today == round(20 / span * 100, 2)
        assert drawn.has_uncertain

    def test_a_month_is_a_month_and_a_day_is_exact(self):
        month = timeline.Period("2009-05", "2015-03-14", "member")
        drawn = self.draw(timeline.Period("2000", "", "member"), month)
        (kind, left, width), (known, *_rest) = month.parts
        assert kind == "uncertain" and known == "known" and len(month.parts) == 2
        assert width == pytest.approx(31 / 365 / 20.4 * 100, abs=0.02)
        assert left == pytest.approx((9 + 120 / 365) / 20.4 * 100, abs=0.02)
        assert [t.year for t in drawn.ticks] == [2000, 2005, 2010, 2015, 2020]

    def test_an_end_known_to_the_year_is_pale_through_that_year(self):
        period = timeline.Period("2010-01-01", "2015", "observer")
        self.draw(timeline.Period("2000", "", "member"), period)
        assert [kind for kind, *_ in period.parts] == ["known", "uncertain"]
        _, left, width = period.parts[1]
        assert (left, round(width, 2)) == (round(15 / 20.4 * 100, 2), round(1 / 20.4 * 100, 2))

    def test_an_unknown_start_fades_in_and_undated_rows_are_only_named(self):
        unknown_start = timeline.Period("", "2012", "member")
        undated = timeline.Row(subject="undated", periods=[timeline.Period("", "", "member")])
        rows = [timeline.Row(subject="dated", periods=[unknown_start]), undated]
        drawn = timeline.draw(rows, today=self.TODAY)
        assert [row.subject for row in drawn.rows] == ["dated"]
        assert drawn.undated == ["undated"]
        assert unknown_start.parts[0][:2] == ("unknown", 0.0)
        assert drawn.has_unknown_start

    def test_nothing_dated_draws_nothing(self):
        rows = [timeline.Row(subject="a", periods=[timeline.Period("", "", "member")])]
        assert timeline.draw(rows, today=self.TODAY) is None


class TestTimelinesOnPages:
    def test_an_organizations_memberships_over_time(self, client, db):
        body = make_organization(name="Body", slug="body")
        kz, af, fr = (
            make_state("KZ", "Kazakhstan"),
            make_state("AF", "Afghanistan"),
            make_state("FR", "France"),
        )
        make_membership(body, kz, start_date="2009-03-21")
        make_membership(body, af, role="observer", start_date="2010-05", end_date="2014")
        make_membership(body, af, role="member", start_date="2015")
        make_membership(body, fr, role="observer")
        response = client.get("/organizations/body/")
        drawn = figure(response, "timeline")
        rows = drawn.findall(".//li[@class='timeline-row']")
        labels = ["".join(row.find("div").itertext()).split() for row in rows]
        assert labels == [
            ["Kazakhstan", "Member", "since", "March", "21,", "2009"],
            ["Afghanistan", "Observer", "May", "2010", "–", "2014;", "Member", "since", "2015"],
        ]
        assert rows[0].find(".//a").get("href") == "/organizations/state-kz/"
        afghanistan = [r.get("class") for r in rows[1].iter("rect")]
        assert afghanistan == [
            "observer uncertain",
            "observer known",
            "observer uncertain",
            "member uncertain",
            "member known",
        ]
        # France has no date on record: named, not drawn.
        undated = drawn.find(".//p[@class='timeline-undated']")
        assert [a.text for a in undated.iter("a")] == ["France"]
        # The table stays, for screen readers, its links out of the tab order.
        html = response.content.decode()
        hidden_table = r'<div class="visually-hidden"><table class="history">.*?</table>'
        table = re.search(hidden_table, html, re.S)
        assert table and table.group(0).count('tabindex="-1"') == 3

    def test_an_officials_posts_over_time_in_every_language(self, client, db):
        centre = make_organization(name="Centre", slug="centre", abbreviation="CC")
        official = make_official(name="A. Person", slug="a-person")
        make_position(official, centre, title="Director", start_date="2022-09")
        make_position(
            official, centre, title="Deputy Director", start_date="2015", end_date="2022-08"
        )
        make_position(official, centre, title="Adviser")
        for prefix, since in (("", "since September 2022"), ("/ru", "с"), ("/kk", "бастап")):
            response = client.get(f"{prefix}/officials/a-person/")
            drawn = figure(response, "timeline")
            rows = drawn.findall(".//li[@class='timeline-row']")
            assert len(rows) == 2
            first, second = ("".join(r.find("div").itertext()) for r in rows)
            assert first.split(",")[0].strip() == "Deputy Director"
            assert since in second
            assert rows[1].find(".//a").get("href") == f"{prefix}/organizations/centre/"
            assert drawn.find(".//div[@class='timeline-axis']").get("aria-hidden") == "true"
            assert "Adviser" in "".join(drawn.find(".//p[@class='timeline-undated']").itertext())
            assert '<ul class="visually-hidden">' in response.content.decode()

    def test_no_timeline_when_no_date_is_on_record(self, client, seed):
        response = client.get("/organizations/caricc/")
        assert figure(response, "timeline") is None
        response = client.get("/officials/kairat-umarov/")
        assert figure(response, "timeline") is None
        assert '<ul class="plain">' in response.content.decode()
