import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import ApiFilterSet, SlugFilter, StableOrderingFilter
from core.widgets import LongSelect
from organizations import directory
from organizations.models import Official, Organization

from .models import Article


class ArticleFilter(ApiFilterSet):
    """Filters partners use on the article list."""

    organization = SlugFilter(
        method="filter_mentioning",
        queryset=Organization.objects.all(),
        label=_("Organization"),
        help_text=_("Slug of an organization the article mentions."),
    )
    official = SlugFilter(
        method="filter_mentioning",
        queryset=Official.objects.all(),
        label=_("Official"),
        help_text=_("Slug of an official the article mentions."),
    )
    published_after = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        label=_("Published on or after"),
        help_text=_("A date, YYYY-MM-DD: articles published on that day or later."),
    )
    published_before = django_filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
        label=_("Published on or before"),
        help_text=_("A date, YYYY-MM-DD: articles published on that day or earlier."),
    )
    ordering = StableOrderingFilter(
        fields=("published_at", "title", "updated_at"),
        help_text=_("Sort by published_at, title or updated_at; prefix with - to reverse."),
    )

    class Meta:
        model = Article
        fields = ["organization", "official", "published_after", "published_before"]

    def filter_mentioning(self, queryset, name, value):
        return queryset.mentioning(**{name: value})


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class NewsFilter(django_filters.FilterSet):
    """The reader's filters on the news page."""

    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Search"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    # The directory's lists, as it stands when the filter is made (__init__).
    organization = django_filters.ChoiceFilter(
        method="filter_mentioning",
        label=_("Organization"),
        empty_label=None,
        widget=LongSelect(blank=_("Any organization")),
    )
    official = django_filters.ChoiceFilter(
        method="filter_mentioning",
        label=_("Official"),
        empty_label=None,
        widget=LongSelect(blank=_("Any official")),
    )
    year = YearFilter(
        field_name="published_at",
        lookup_expr="year",
        label=_("Year"),
        min_value=1900,
        max_value=9999,
    )

    class Meta:
        model = Article
        fields = ["q", "organization", "official", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both lists read in one query and made once per change of the directory: the
        # choices checked only when one is given, the options escaped beforehand.
        listings = directory.listings(Organization, Official)
        for name, listing in zip(["organization", "official"], listings, strict=True):
            extra = self.filters[name].extra
            extra["choices"] = listing.get_choices
            extra["widget"] = LongSelect(blank=extra["widget"].blank, options=listing.options)

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_mentioning(self, queryset, name, value):
        return queryset.mentioning(**{name: value})
