"""Dates known only to the year or month, stored as partial ISO 8601 strings.

Popolo stores "2009", "2009-05" and "2009-05-14" alike. As strings of that
form they sort correctly, so the database can order and compare them; two
dates of different precision are compared on the precision they share, so
"2009" neither precedes nor follows "2009-05".
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

PARTIAL_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


def validate_partial_date(value):
    """Accept YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    match = PARTIAL_DATE_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2009 or 2009-05)."),
            code="invalid_partial_date",
        )
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a real date."), code="invalid_partial_date", params={"value": value}
        ) from None
    if year < 1:
        raise ValidationError(_("The year must be 0001 or later."), code="invalid_partial_date")


def precedes(earlier, later):
    """Whether `earlier` is known to fall strictly before `later`."""
    if not earlier or not later:
        return False
    common = min(len(earlier), len(later))
    return earlier[:common] < later[:common]


def period_ordered_q(start_field, end_field):
    """A Q that holds when the end does not precede the start (for CheckConstraint)."""
    return (
        Q(**{start_field: ""})
        | Q(**{end_field: ""})
        | Q(**{f"{end_field}__gte": F(start_field)})
        | Q(**{f"{start_field}__startswith": F(end_field)})
    )


def current_q(on=None, start_field="start_date", end_field="end_date"):
    """A Q for periods under way on a day (today when `on` is None)."""
    on = (on or timezone.localdate()).isoformat()
    started = Q(**{start_field: ""}) | Q(**{f"{start_field}__lte": on})
    not_ended = (
        Q(**{end_field: ""})
        | Q(**{f"{end_field}__gte": on})
        | Q(**{end_field: on[:4]})
        | Q(**{end_field: on[:7]})
    )
    return started & not_ended


def held_on(start, end, day):
    """current_q() for one period in hand: whether it was under way on `day`, with dates
    as precise as they are known (a post ending "2023" was held all through 2023)."""
    on = day.isoformat()
    started = not start or start <= on
    not_ended = not end or end >= on or end in (on[:4], on[:7])
    return started and not_ended


def calendar_date(day):
    """A day in the reader's language and its DATE_FORMAT: "July 5, 2023", "5 июля 2023 г."."""
    return date_format(day, "DATE_FORMAT")


def format_partial_date(value):
    """Show a partial date as precisely as it is known, never with an invented day."""
    match = PARTIAL_DATE_RE.match(value or "")
    if not match:
        return value or ""
    year, month, day = (int(part) if part else None for part in match.groups())
    if day:
        return calendar_date(datetime.date(year, month, day))
    if month:
        return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
    return str(year)


# A month as "since" and "until" govern it: Russian puts it in the genitive (с октября, до
# марта), Kazakh in the ablative and the dative (қазаннан бастап, наурызға дейін).
MONTHS_SINCE = [
    pgettext_lazy("since the month", "January"),
    pgettext_lazy("since the month", "February"),
    pgettext_lazy("since the month", "March"),
    pgettext_lazy("since the month", "April"),
    pgettext_lazy("since the month", "May"),
    pgettext_lazy("since the month", "June"),
    pgettext_lazy("since the month", "July"),
    pgettext_lazy("since the month", "August"),
    pgettext_lazy("since the month", "September"),
    pgettext_lazy("since the month", "October"),
    pgettext_lazy("since the month", "November"),
    pgettext_lazy("since the month", "December"),
]
MONTHS_UNTIL = [
    pgettext_lazy("until the month", "January"),
    pgettext_lazy("until the month", "February"),
    pgettext_lazy("until the month", "March"),
    pgettext_lazy("until the month", "April"),
    pgettext_lazy("until the month", "May"),
    pgettext_lazy("until the month", "June"),
    pgettext_lazy("until the month", "July"),
    pgettext_lazy("until the month", "August"),
    pgettext_lazy("until the month", "September"),
    pgettext_lazy("until the month", "October"),
    pgettext_lazy("until the month", "November"),
    pgettext_lazy("until the month", "December"),
]


# A month within a period's range, as running text names it: in lower case in Russian
# (октябрь 2006 г. – март 2015 г.), as Kazakh always writes it.
MONTHS_IN_PERIOD = [
    pgettext_lazy("month in a period", "January"),
    pgettext_lazy("month in a period", "February"),
    pgettext_lazy("month in a period", "March"),
    pgettext_lazy("month in a period", "April"),
    pgettext_lazy("month in a period", "May"),
    pgettext_lazy("month in a period", "June"),
    pgettext_lazy("month in a period", "July"),
    pgettext_lazy("month in a period", "August"),
    pgettext_lazy("month in a period", "September"),
    pgettext_lazy("month in a period", "October"),
    pgettext_lazy("month in a period", "November"),
    pgettext_lazy("month in a period", "December"),
]
MONTH_IN_PERIOD = pgettext_lazy("month in a period", "%(month)s %(year)s")


# Each phrase whole, for a day, a month and a year: word order differs between languages.
SINCE = (
    _("since %(month)s %(day)s, %(year)s"),
    _("since %(month)s %(year)s"),
    _("since %(year)s"),
)
UNTIL = (
    _("until %(month)s %(day)s, %(year)s"),
    _("until %(month)s %(year)s"),
    _("until %(year)s"),
)


def since(value):
    """The start of a period in words: since 2009, since May 2009, since May 14, 2009."""
    return _in_words(value, SINCE, MONTHS_SINCE)


def until(value):
    """The end of a period in words: until 2015, until March 2015, until March 5, 2015."""
    return _in_words(value, UNTIL, MONTHS_UNTIL)


def _in_words(value, phrases, months):
    year, month, day = _parts(value)
    phrase = phrases[0] if day else phrases[1] if month else phrases[2]
    return phrase % {"year": year, "month": months[month - 1] if month else "", "day": day}


def _in_period(value):
    """One end of a period, as the middle of a sentence says it: a month and year in the
    running text's form, a day or a year as format_partial_date() gives them."""
    year, month, day = _parts(value)
    if month and not day:
        return MONTH_IN_PERIOD % {"month": MONTHS_IN_PERIOD[month - 1], "year": year}
    return format_partial_date(value)


def _parts(value):
    match = PARTIAL_DATE_RE.match(value)
    if not match:  # Not a partial date (never stored: the field validates): shown as it is.
        return value, None, None
    return tuple(int(part) if part else None for part in match.groups())


def describe_period(start, end):
    """A period in words: since 2009, 2009 – 2015, until 2015 ("" if neither is known)."""
    if start and end:
        return gettext("%(start)s – %(end)s") % {
            "start": _in_period(start),
            "end": _in_period(end),
        }
    if start:
        return since(start)
    if end:
        return until(end)
    return ""


class PartialDateField(models.CharField):
    """A date known to the year, month or day, as a partial ISO 8601 string."""

    default_validators = [validate_partial_date]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", _("YYYY, YYYY-MM or YYYY-MM-DD; leave empty if unknown."))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
