import django_filters


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering chosen by the client, with the primary key as the final tie-breaker."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs
