"""Days as readers see them, in their language."""

from django.utils import formats


def calendar_date(day):
    """A day in the reader's language and its DATE_FORMAT: "July 5, 2023", "5 июля 2023 г."."""
    return formats.date_format(day, "DATE_FORMAT")
