"""Incremental sync for partners' mirrors: ?updated_since= and ?cursor= on every list.

A cursor walks a list in the order its items changed, with the primary key as
tie-breaker, and names the last item it returned rather than an offset: rows
added or edited during a walk come after it, so nothing is skipped or repeated
out of turn (an item edited mid-walk comes again, in its new version).
"""

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .addresses import absolute_url
from .api import PageNumberPagination

CURSOR_SALT = "caricc.api.cursor"
EARLIEST = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def parse_moment(raw):
    """An ISO 8601 date-time (UTC if it names no offset) or date (its start, UTC)."""
    text = raw.strip()
    # An unencoded "+01:00" in a query string arrives as " 01:00".
    if len(text) > 19 and text[-6] == " ":
        text = f"{text[:-6]}+{text[-5:]}"
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(
            {
                "updated_since": [
                    gettext(
                        "Enter an ISO 8601 date and time, such as 2026-11-30T09:00:00Z, "
                        "or a date, such as 2026-11-30."
                    )
                ]
            }
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.timezone.utc)
    try:
        # Databases store UTC: a moment that has none (year 0 or 10000 there) is refused.
        return moment.astimezone(datetime.timezone.utc)
    except OverflowError:
        raise ValidationError(
            {"updated_since": [gettext("Enter a moment between the years 1 and 9999 in UTC.")]}
        ) from None


class UpdatedSinceFilter:
    """?updated_since=: only items changed at or after that moment."""

    param = "updated_since"

    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get(self.param)
        if raw is None:
            return queryset
        return queryset.filter(**{f"{view.sync_field}__gte": parse_moment(raw)})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Only items that changed at or after this moment (ISO 8601; UTC unless "
                        "an offset is given). Removed items are listed at /api/v1/tombstones/."
                    )
                ),
                "schema": {"type": "string", "format": "date-time"},
                "example": "2026-11-30T09:00:00Z",
            }
        ]


class SyncPagination(PageNumberPagination):
    """Page numbers for people; ?cursor= (empty to start) for programs that sync."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            return super().paginate_queryset(queryset, request, view)
        for clash in (self.page_query_param, "ordering"):
            if clash in request.query_params:
                raise ValidationError(
                    {
                        clash: [
                            gettext("A cursor walks in its own order; leave out %(param)s.")
                            % {"param": clash}
                        ]
                    }
                )
        self.request = request
        self.field = view.sync_field
        size = self.get_page_size(request)
        self.position = self.decode(request.query_params[self.cursor_query_param])
        # "At or after the position, less what was already returned", rather than the
        # equivalent OR, and a start at the earliest moment rather than none: both let
        # the database walk its (change time, id) index instead of sorting every row.
        when, pk = self.position or (EARLIEST, 0)
        queryset = (
            queryset.order_by(self.field, "pk")
            .filter(**{f"{self.field}__gte": when})
            .exclude(**{self.field: when, "pk__lte": pk})
        )
        rows = list(queryset[: size + 1])
        self.has_more = len(rows) > size
        rows = rows[:size]
        if rows:
            self.position = (getattr(rows[-1], self.field), rows[-1].pk)
        return rows

    def decode(self, raw):
        if not raw:
            return None
        try:
            iso, pk = signing.loads(raw, salt=CURSOR_SALT)
            return datetime.datetime.fromisoformat(iso), pk
        except (signing.BadSignature, ValueError, TypeError):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        gettext(
                            "This cursor is not valid. Start again with an empty cursor, "
                            "or use the resume link of your last sync."
                        )
                    ]
                }
            ) from None

    def link_at(self, position):
        url = remove_query_param(
            absolute_url(self.request, self.request.get_full_path()), self.page_query_param
        )
        token = ""
        if position is not None:
            when, pk = position
            token = signing.dumps([when.isoformat(), pk], salt=CURSOR_SALT, compress=True)
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            return super().get_paginated_response(data)
        resume = self.link_at(self.position)
        return Response(
            {"next": resume if self.has_more else None, "resume": resume, "results": data}
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": str(_("How many items match (page numbers only).")),
                    "example": 123,
                },
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": str(_("The next page; null on the last one.")),
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": str(_("The previous page (page numbers only).")),
                },
                "resume": {
                    "type": "string",
                    "format": "uri",
                    "description": str(
                        _("Where the next sync starts: what changes from now on (cursor only).")
                    ),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["example"] = 2
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 100}
                parameter["example"] = 50
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Walk the list in the order items changed, oldest first, for syncing: "
                        "send it empty to start, then follow `next` until it is null. Keep "
                        "`resume` for the next sync. Not combined with page or ordering."
                    )
                ),
                "schema": {"type": "string"},
                "example": "",
            }
        )
        return parameters
