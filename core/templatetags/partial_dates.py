from django import template
from django.utils.translation import gettext as _

from core.partial_dates import format_partial_date

register = template.Library()


@register.filter
def partial_date(value):
    """A partial ISO date as precisely as it is known: 2009, May 2009, 14 May 2009."""
    return format_partial_date(value)


@register.filter
def period(obj):
    """The period of a membership or post in words: since 2009, 2009–2015, until 2015."""
    start, end = format_partial_date(obj.start_date), format_partial_date(obj.end_date)
    if start and end:
        return _("%(start)s – %(end)s") % {"start": start, "end": end}
    if start:
        return _("since %(start)s") % {"start": start}
    if end:
        return _("until %(end)s") % {"end": end}
    return ""
