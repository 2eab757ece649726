import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


class FilterBackend(DjangoFilterBackend):
    """django-filter's, but a request without parameters has nothing to filter by: its
    filter form is neither built nor validated (a millisecond of an API object's answer).
    Given no data, every filter leaves the list as it is, and none is required."""

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            return queryset
        return super().filter_queryset(request, queryset, view)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering chosen by the client, with the primary key as the final tie-breaker."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """An object named by its slug; an unknown slug is a validation error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """true or false, and nothing else: anything else is a validation error."""

    def __init__(self, *args, **kwargs):
        kwargs.update(choices=[("true", "true"), ("false", "false")], coerce=lambda v: v == "true")
        super().__init__(*args, **kwargs)


class ApiFilterSet(django_filters.FilterSet):
    """Filters for the API: a parameter sent empty is a mistake to report, not a filter to drop.

    Text filters are the exception: an empty text matches everything, as it says.
    """

    def is_valid(self):
        valid = super().is_valid()
        for name, declared in self.filters.items():
            choices = getattr(declared, "extra", {}).get("choices")
            errors = self.form.errors.get(name)
            # Plain choices only: a slug filter's choices are the whole register.
            if not isinstance(declared, django_filters.ChoiceFilter) or not errors or not choices:
                continue
            if callable(choices):
                choices = choices()
            # Given as a template and its values: the client's value may hold a "%".
            self.form.errors[name] = self.form.error_class(
                [
                    ValidationError(
                        gettext("“%(value)s” is not a choice. Choose one of: %(choices)s."),
                        code="invalid_choice",
                        params={
                            "value": self.data.get(name),
                            "choices": ", ".join(str(value) for value, _label in choices),
                        },
                    )
                ]
            )
        for name, declared in self.filters.items():
            if isinstance(declared, django_filters.CharFilter):
                continue
            if name in self.data and self.data.get(name, "").strip() == "":
                self.form.add_error(name, gettext("Give it a value, or leave the parameter out."))
                valid = False
        return valid
