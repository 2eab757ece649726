"""Periods drawn on a line of years, each as precisely as its dates are known.

A period that began in "2009" began somewhere in that year: its bar is pale across
2009 and solid from 2010, never drawn from 1 January. A start not on record fades in
from the left edge; a period still under way runs to today. Positions are shares of
the axis (0 to 100), so the page draws them at any width.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

from .partial_dates import PARTIAL_DATE_RE

# Where a start not on record is drawn: the first share of the axis, faded.
UNKNOWN_START_SHARE = 4
# The narrowest bar that is still seen: a period of a day on an axis of decades.
NARROWEST_BAR = 0.6
MOST_TICKS = 8
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)


def moment(day):
    """A day as a year and the share of it gone: 1 July 2009 is about 2009.5."""
    first = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - first).days
    return day.year + (day - first).days / length


def extent(value):
    """The earliest and latest moments a partial date may mean, or None if unknown."""
    match = PARTIAL_DATE_RE.match(value or "")
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if day:
        at = moment(datetime.date(year, month, day))
        return at, at
    if month:
        after = datetime.date(year + month // 12, month % 12 + 1, 1)
        return moment(datetime.date(year, month, 1)), moment(after)
    return float(year), float(year + 1)


@dataclass
class Period:
    """One stretch of a row: `kind` names its colour (member, observer, post)."""

    start: str
    end: str
    kind: str
    parts: list = field(default_factory=list)  # (kind of part, left, width), filled by draw()


@dataclass
class Row:
    """A line of the timeline: what it is about, for the page to show, and its periods."""

    subject: object
    periods: list


@dataclass
class Tick:
    year: int
    at: float


@dataclass
class Timeline:
    rows: list
    ticks: list
    today: float
    has_uncertain: bool
    has_unknown_start: bool
    undated: list  # the subjects of rows with no date on record: named, not drawn


def dated(row):
    return any(extent(p.start) or extent(p.end) for p in row.periods)


def tick_years(first, last):
    span = last - first
    step = next((s for s in TICK_STEPS if span / s <= MOST_TICKS), TICK_STEPS[-1])
    year = math.ceil(first / step) * step
    while year <= last:
        yield year
        year += step


def draw(rows, today=None):
    """Lay out rows of periods on one axis of years; None if no period has a known date.

    A row none of whose dates is on record is not drawn (it would say nothing but "some
    time until now"): its subject is listed in `undated`.
    """
    today = moment(today or timezone.localdate())
    undated = [row.subject for row in rows if not dated(row)]
    rows = [row for row in rows if dated(row)]
    known = [
        bounds for row in rows for p in row.periods for bounds in (extent(p.start), extent(p.end))
    ]
    known = [bounds for bounds in known if bounds]
    if not known:
        return None
    first = math.floor(min(low for low, _high in known))
    last = max(today, *(high for _low, high in known))
    first = min(first, math.floor(today))
    span = max(last - first, 1)
    last += max(0.02 * span, 0.1)
    span = last - first

    def at(value):
        return round((value - first) / span * 100, 2)

    has_uncertain = has_unknown_start = False
    for row in rows:
        for period in row.periods:
            begins, ends = extent(period.start), extent(period.end)
            if begins:
                start_low, start_high = begins
                start_kind = "uncertain"
            else:
                start_low = first
                start_high = first + UNKNOWN_START_SHARE / 100 * span
                start_kind = "unknown"
            end_low, end_high = ends or (today, today)
            # Both dates in one year (start "2009", end "2009-06"): the pale parts meet.
            start_high = min(start_high, end_low) if begins else start_high
            end_low = max(end_low, start_high)
            parts = []
            if start_high > start_low:
                parts.append((start_kind, start_low, start_high))
            parts.append(("known", start_high, end_low))
            if end_high > end_low:
                parts.append(("uncertain", end_low, end_high))
            period.parts = []
            for kind, low, high in parts:
                width = at(high) - at(low)
                if kind == "known" and width <= 0 and len(parts) > 1:
                    continue
                if kind == "known":
                    width = max(width, NARROWEST_BAR)
                period.parts.append((kind, at(low), width))
                has_uncertain |= kind == "uncertain"
                has_unknown_start |= kind == "unknown"
    return Timeline(
        rows=rows,
        ticks=[Tick(year, at(year)) for year in tick_years(first, last)],
        today=at(today),
        has_uncertain=has_uncertain,
        has_unknown_start=has_unknown_start,
        undated=undated,
    )
