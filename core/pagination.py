"""Pagination of public lists: deep pages as fast as the first, and no error for a bad ?page=."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

from .params import whole_number


class DeferredJoinPaginator(Paginator):
    """Reads a deep page's ids first (an index-only scan), then loads those rows.

    A page nearer the end than the start is read from the end, in the reverse order: the
    database then skips the rows after it rather than all those before it, so the last
    page costs what the first does, and no page skips more than half the list. A page
    near either end is read at once: skipping a few rows costs less than a second query.
    """

    # Rows a page may skip and still be read in one query.
    SHALLOW = 200

    def page(self, number):
        number = self.validate_number(number)
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows, start, stop = self.object_list, bottom, top
        after = self.count - top
        backwards = after < bottom and self.ordered_to_the_row()
        if backwards:
            rows, start, stop = rows.reverse(), after, self.count - bottom
        if start <= self.SHALLOW:
            found = list(rows[start:stop])
        else:
            ids = list(rows.values_list("pk", flat=True)[start:stop])
            # The same list narrowed to those ids, keeping what it selects, annotates and
            # prefetches; a row changed since the ids were read is left out, not shown stale.
            by_id = self.object_list.order_by().in_bulk(ids)
            found = [by_id[pk] for pk in ids if pk in by_id]
        return self._get_page(found[::-1] if backwards else found, number, self)

    def ordered_to_the_row(self):
        """Whether the list's order ends with the primary key: only an order without ties
        reads the same from either end."""
        query = self.object_list.query
        ordering = query.order_by or (query.default_ordering and query.get_meta().ordering)
        if not ordering or not isinstance(ordering[-1], str):
            return False
        return ordering[-1].lstrip("-") in ("pk", query.get_meta().pk.name)


class ForgivingPaginationMixin:
    """A malformed or out-of-range ?page= shows the nearest real page instead of an error;
    ?page=last is the last, as in Django's own list views and the API."""

    paginator_class = DeferredJoinPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        raw = self.request.GET.get(self.page_kwarg)
        page = paginator.get_page(paginator.num_pages if raw == "last" else whole_number(raw))
        return paginator, page, page.object_list, page.has_other_pages()
