import django_filters
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.collation import sort_key
from core.filters import ApiFilterSet, SlugFilter, StableOrderingFilter
from core.translation import fallback_order, in_every_language, shown_value
from core.widgets import LongSelect
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


def directory_choices(model):
    """(slug, name) of every organization or official, named in the reader's language and
    in its alphabetical order.

    Read as plain columns, the translated-field manager's rewriting off: its values() fills
    in each row's fallbacks, several times the cost of reading it, and these lists hold
    every entry of the directory. Sorted here, each name's key made once, rather than by
    SQLite calling the alphabet's comparison for each of the ten thousand comparisons a
    thousand names take (5 ms).
    """
    # The reader's language first, then its fallbacks: worked out once, not per entry.
    language, order = translation.get_language(), fallback_order()
    entries = [
        (row["pk"], row["slug"], shown_value(row, "name", order))
        for row in model.objects.rewrite(False).values("pk", "slug", *in_every_language("name"))
    ]
    entries.sort(key=lambda entry: (sort_key(entry[2], language), entry[0]))
    return [(slug, name) for _pk, slug, name in entries]


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
    # Plain (slug, name) choices: the directory may hold thousands of entries.
    organization = django_filters.ChoiceFilter(
        method="filter_mentioning",
        choices=lambda: directory_choices(Organization),
        label=_("Organization"),
        empty_label=_("Any organization"),
        widget=LongSelect,
    )
    official = django_filters.ChoiceFilter(
        method="filter_mentioning",
        choices=lambda: directory_choices(Official),
        label=_("Official"),
        empty_label=_("Any official"),
        widget=LongSelect,
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

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_mentioning(self, queryset, name, value):
        return queryset.mentioning(**{name: value})
