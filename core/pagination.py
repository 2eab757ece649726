"""Pagination of public lists: deep pages as fast as the first, and no error for a bad ?page=."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

from .params import whole_number


class DeferredJoinPaginator(Paginator):
    """Finds a page's ids first (an index-only scan, however deep), then loads those rows."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page + self.orphans, self.count)
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        # Load by primary key alone, keeping what the list selects and prefetches.
        rows = self.object_list.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = self.object_list.query.select_related
        rows = rows.prefetch_related(*self.object_list._prefetch_related_lookups)
        by_id = rows.in_bulk() if ids else {}
        return self._get_page([by_id[pk] for pk in ids if pk in by_id], number, self)


class ForgivingPaginationMixin:
    """A malformed or out-of-range ?page= shows the nearest real page instead of an error."""

    paginator_class = DeferredJoinPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(whole_number(self.request.GET.get(self.page_kwarg)))
        return paginator, page, page.object_list, page.has_other_pages()
