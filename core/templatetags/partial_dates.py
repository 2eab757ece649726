from django import template

from core.partial_dates import describe_period, format_partial_date

register = template.Library()


@register.filter
def partial_date(value):
    """A partial ISO date as precisely as it is known: 2009, May 2009, 14 May 2009."""
    return format_partial_date(value)


@register.filter
def period(obj):
    """The period of a membership or post in words: since 2009, 2009–2015, until 2015."""
    return describe_period(obj.start_date, obj.end_date)
