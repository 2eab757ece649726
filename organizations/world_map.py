"""Maps of the states that belong to a body, drawn on the server as SVG.

The boundaries are Natural Earth's at 1:110m (`world_atlas/`), projected once per
process with the Equal Earth projection, which keeps the areas of states true to each
other. A map shows the region that holds the states it colours, or the world when they
are spread over it, and draws each state as a path of whole numbers in a box 1,000 wide:
a few tens of kilobytes, no script, nothing from another host.

A drawing depends only on which states are coloured, so it is worked out once per
process for each set and shared by every language and every page that shows that set.
"""

import functools
import hashlib
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

ATLAS = Path(__file__).resolve().parent / "world_atlas" / "countries-110m.json"
WIDTH = 1000
# Antarctica holds no state and would take a fifth of the world's map.
LEFT_OUT = {"010"}
# A region is shown with some of its surroundings, and never narrower than this share of
# its height, nor flatter than this: a phone shows it as readably as a wide screen.
MARGIN = 0.08
NARROWEST, FLATTEST = 1.3, 2.4
# A state drawn smaller than this (in the box's units) also gets a dot, to be seen and hit.
SMALLEST = 9
DOT_RADIUS = 6


@functools.cache
def atlas_version():
    """Names the atlas in the address of the world's land, so a new atlas is fetched anew."""
    return hashlib.sha256(ATLAS.read_bytes()).hexdigest()[:12]


def equal_earth(longitude, latitude):
    """Equal Earth (Šavrič, Patterson and Jenny, 2018), y growing southwards as SVG's."""
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(m * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, -y


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self):
        return self.right - self.left

    @property
    def height(self):
        return self.bottom - self.top

    def meets(self, other):
        return not (
            other.right < self.left
            or other.left > self.right
            or other.bottom < self.top
            or other.top > self.bottom
        )

    @classmethod
    def around(cls, points):
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return cls(min(xs), min(ys), max(xs), max(ys))

    @classmethod
    def union(cls, boxes):
        boxes = list(boxes)
        return cls(
            min(b.left for b in boxes),
            min(b.top for b in boxes),
            max(b.right for b in boxes),
            max(b.bottom for b in boxes),
        )


@dataclass
class Country:
    polygons: list  # of rings, each a list of projected points
    box: Box  # around every polygon
    mainland: Box  # around the largest polygon: France without Guiana, the USA's 48 states


def ring_area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))


@functools.cache
def atlas():
    """Every country of the atlas, projected: {ISO 3166-1 numeric code: Country}.

    The three territories without a code are kept, under their names, to be drawn as
    land.
    """
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    (scale_x, scale_y) = topology["transform"]["scale"]
    (shift_x, shift_y) = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # TopoJSON stores each arc's points as steps from the last
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indices):
        points = []
        for index in indices:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        # A ring that crosses the antimeridian (Chukotka, Fiji) is drawn whole east of it,
        # past the map's edge, rather than as a line across the world.
        if any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(points)):
            points = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
        return [equal_earth(lon, lat) for lon, lat in points]

    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id") or geometry["properties"]["name"]
        if code in LEFT_OUT or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        shapes = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons = [[ring(indices) for indices in shape] for shape in shapes]
        largest = max(polygons, key=lambda polygon: ring_area(polygon[0]))
        countries[code] = Country(
            polygons=polygons,
            box=Box.union(Box.around(polygon[0]) for polygon in polygons),
            mainland=Box.around(largest[0]),
        )
    return countries


@functools.cache
def numeric_code(iso_code):
    """The ISO 3166-1 numeric code of an alpha-2 code ("KZ" is "398"), or None."""
    country = pycountry.countries.get(alpha_2=iso_code) if iso_code else None
    return country.numeric if country else None


def world():
    """The world's map: every longitude, from the Arctic to the south of South America."""
    (left, _), (right, _) = equal_earth(-180, 0), equal_earth(180, 0)
    return Box(left, equal_earth(0, 84)[1], right, equal_earth(0, -57)[1])


def view_of(codes):
    """The part of the world to show for these states: their region, or the world."""
    countries = atlas()
    world_box = world()
    wanted = [countries[code].mainland for code in codes if code in countries]
    if not wanted:
        return world_box
    region = Box.union(wanted)
    margin = MARGIN * max(region.width, region.height)
    left, right = region.left - margin, region.right + margin
    top, bottom = region.top - margin, region.bottom + margin
    if right - left > 0.6 * world_box.width:
        return world_box
    # Widen a tall region, heighten a flat one, around its centre.
    width, height = right - left, bottom - top
    if width < NARROWEST * height:
        grow = (NARROWEST * height - width) / 2
        left, right = left - grow, right + grow
    elif width > FLATTEST * height:
        grow = (width / FLATTEST - height) / 2
        top, bottom = top - grow, bottom + grow
    # Kept inside the world: what lies beyond its edges is empty.
    left, right = max(left, world_box.left), min(right, world_box.right)
    top, bottom = max(top, world_box.top), min(bottom, world_box.bottom)
    return Box(left, top, right, bottom)


@dataclass
class Drawing:
    width: int
    height: int
    land: str  # the path of every state not coloured
    shapes: dict = field(default_factory=dict)  # code: (path, dot centre or None)
    is_world: bool = False


@functools.lru_cache(maxsize=64)
def drawing(codes):
    """The map for a frozenset of numeric codes: their view, every state in it as a path."""
    view = view_of(codes)
    is_world = view == world()
    scale = WIDTH / view.width
    height = round(view.height * scale)

    def path(country):
        parts = []
        for polygon in country.polygons:
            for ring in polygon:
                parts.append(ring_path(ring, view, scale))
        return "".join(parts)

    land, shapes = [], {}
    for code, country in atlas().items():
        if not view.meets(country.box):
            continue
        if code in codes:
            dot = None
            box = country.mainland
            if max(box.width, box.height) * scale < SMALLEST:
                dot = (
                    round(((box.left + box.right) / 2 - view.left) * scale),
                    round(((box.top + box.bottom) / 2 - view.top) * scale),
                )
            shapes[code] = (path(country), dot)
        elif not is_world:
            land.append(path(country))
    # The world's land is the same picture on every world map: one file, which browsers
    # keep (world_land_svg), under the coloured states, rather than 35 KB in every page.
    return Drawing(width=WIDTH, height=height, land="".join(land), shapes=shapes, is_world=is_world)


@functools.cache
def world_land_svg():
    """Every state of the world's map as one standalone SVG document, in the map's colours."""
    view = world()
    scale = WIDTH / view.width
    height = round(view.height * scale)
    land = "".join(
        ring_path(ring, view, scale)
        for country in atlas().values()
        for polygon in country.polygons
        for ring in polygon
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}"><path d="{land}" fill="#dfe4e8" stroke="#fff" '
        f'stroke-width="0.6"/></svg>'
    )


def ring_path(ring, view, scale):
    """One closed ring as an SVG path of whole numbers, each step relative to the last."""
    points = []
    for x, y in ring:
        point = (round((x - view.left) * scale), round((y - view.top) * scale))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ""
    (x0, y0), steps = points[0], []
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        steps.append(f"{bx - ax} {by - ay}")
    return f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z"


@dataclass
class PlacedState:
    organization: object
    role: str
    path: str
    dot: tuple | None


@dataclass
class MembershipMap:
    """What a map of a body's members and observers shows, and what it cannot."""

    width: int
    height: int
    is_world: bool
    land: str  # the states not coloured, on a regional map (the world's is a file)
    states: list  # of PlacedState, in the order given
    elsewhere: list  # (organization, role): not states, or states the atlas lacks
    atlas_version: str
    roles: list  # the roles drawn, for the legend
    counts: dict  # role: how many hold it, drawn or not


def membership_map(holders):
    """A map of `holders`, pairs of (organization, role), or None if no state is on it."""
    holders = list(holders)
    placed, elsewhere = [], []
    for organization, role in holders:
        code = numeric_code(organization.iso_code)
        if code in atlas():
            placed.append((organization, role, code))
        else:
            elsewhere.append((organization, role))
    if not placed:
        return None
    picture = drawing(frozenset(code for _o, _r, code in placed))
    states = [
        PlacedState(organization, role, *picture.shapes[code])
        for organization, role, code in placed
        if code in picture.shapes
    ]
    roles = list(dict.fromkeys(state.role for state in states))
    counts = {}
    for _organization, role in holders:
        counts[role] = counts.get(role, 0) + 1
    return MembershipMap(
        width=picture.width,
        height=picture.height,
        is_world=picture.is_world,
        atlas_version=atlas_version(),
        land=picture.land,
        states=states,
        elsewhere=elsewhere,
        roles=roles,
        counts=counts,
    )
