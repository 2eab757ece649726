"""What every API endpoint shares: pagination, references and model validation."""

import copy

import reversion
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import (
    filters,
    negotiation,
    pagination,
    parsers,
    permissions,
    serializers,
    status,
)
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.relations import MANY_RELATION_KWARGS
from rest_framework.settings import api_settings

from .addresses import absolute_url, pk_path, slug_path
from .history import delete_keeping_copy
from .pagination import DeferredJoinPaginator
from .params import whole_number
from .partial_dates import PartialDateField as PartialDateModelField


class Endpoint:
    """What an API view of this site declares about itself; every shared piece reads these.

    sync_field: the field (or annotation) that says when an item last changed, in the
        order ?cursor= walks and ?updated_since= filters.
    representation_relations: paths (a__b) of the related objects whose names or
        details the representation shows, so that a change to them changes the ETag.
    expansions: for each field ?expand= may embed in full, what to join ("select"),
        prefetch ("prefetch") and stamp ("stamps", relation paths for the ETag).
    expanded_relations: set per request from ?expand= (see core.shaping).
    audience(): who the representation is for; "public" answers are shared in the cache.
    """

    sync_field = "updated_at"
    representation_relations = ()
    expansions = {}
    expanded_relations = ()

    def audience(self):
        return "public"


class PageNumberPagination(pagination.PageNumberPagination):
    """Page numbers with a client-chosen page size; malformed values are a 400, not a guess."""

    django_paginator_class = DeferredJoinPaginator
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = whole_number(raw) or 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings and not whole_number(raw):
            raise ValidationError(
                {self.page_query_param: [_("Enter a page number: a whole number from 1.")]}
            )
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(_("There is no page %(page)s.") % {"page": raw}) from None


class ReferenceField(serializers.SlugRelatedField):
    """A related object shown as {slug, name}; written as its slug or as {"slug": ...}."""

    def __init__(self, *, extra_fields=(), **kwargs):
        kwargs.setdefault("slug_field", "slug")
        self.extra_fields = tuple(extra_fields)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        reference = {"slug": obj.slug, "name": obj.name}
        for name in self.extra_fields:
            reference[name] = getattr(obj, name)
        return reference

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("slug")
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)

    def use_pk_only_optimization(self):
        return False

    @classmethod
    def many_init(cls, *args, read_with=None, **kwargs):
        """With many=True: `read_with` names the model's method that gives the objects to
        show (as it has them prefetched), where they are written to the relation itself."""
        if read_with is None:
            return super().many_init(*args, **kwargs)
        shared = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return References(read_with=read_with, child_relation=cls(*args, **kwargs), **shared)

    def get_choices(self, cutoff=None):
        # The browsable API's forms: choices keyed by slug (a {slug, name} cannot be a key).
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {obj.slug: self.display_value(obj) for obj in queryset}


PATHS = {"slug": slug_path, "pk": pk_path}


class IdentityField(serializers.HyperlinkedIdentityField):
    """An object's own address in the API, the path around its slug or id reversed once
    per language, as pages link (core.addresses.slug_path): a list links every item."""

    def get_url(self, obj, view_name, request, format):
        plain = self.lookup_field in PATHS and self.lookup_url_kwarg == self.lookup_field
        if format or request is None or obj.pk is None or not plain:
            return super().get_url(obj, view_name, request, format)
        path = PATHS[self.lookup_field](view_name, getattr(obj, self.lookup_field))
        return absolute_url(request, path)


class HyperlinkedModelSerializer(serializers.HyperlinkedModelSerializer):
    serializer_url_field = IdentityField


class References(serializers.ManyRelatedField):
    """ReferenceField(many=True, read_with=...): shown from the model's method, written to
    the relation."""

    def __init__(self, *, read_with, **kwargs):
        self.read_with = read_with
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.read_with)()


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.Field):
    """The object's public page on the site, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, obj):
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return absolute_url(request, url) if request else url


class DateTimeField(serializers.DateTimeField):
    """DRF's date-time, but a moment with no UTC equivalent (year 0 or 10000) is a field error."""

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except OverflowError:
            self.fail("overflow")


class PartialDateField(serializers.CharField):
    """A date known to the year, month or day; null when it is not known, as in Popolo."""

    def __init__(self, **kwargs):
        # Unknown ("" stored, null shown) is handled here, not by DRF's blank and null.
        kwargs.pop("allow_null", None)
        kwargs.pop("allow_blank", None)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        if data is None or data == "":
            return ""
        return super().run_validation(data)

    def to_representation(self, value):
        return value or None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LinesField(serializers.Field):
    """Text kept one item a line (aliases), read and written as a list of strings."""

    default_error_messages = {"invalid": _("Send a list of names, each on its own.")}

    def to_representation(self, value):
        return [line.strip() for line in value.splitlines() if line.strip()]

    def to_internal_value(self, data):
        if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
            self.fail("invalid")
        # One name a line; a NUL is refused as DRF refuses it in any other text.
        if any(character in item for item in data for character in "\n\r\x00"):
            self.fail("invalid")
        return "\n".join(item.strip() for item in data if item.strip())


class ChoiceField(serializers.ChoiceField):
    """DRF's choice, but a wrong one is answered with the choices there are."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except ValidationError:
            raise ValidationError(
                gettext("“%(value)s” is not a choice. Choose one of: %(choices)s.")
                % {"value": data, "choices": ", ".join(map(str, self.choices))}
            ) from None


class ModelValidationMixin:
    """Validate writes with the model's own rules (clean() and constraints), as the admin does.

    Partial dates are null when unknown and long texts of one item a line are lists, in
    every endpoint alike; a wrong choice lists the right ones.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
        PartialDateModelField: PartialDateField,
    }
    serializer_choice_field = ChoiceField

    def get_fields(self):
        # DRF works the fields out from the model anew for every serializer it makes (1.1
        # ms for an article, at every request). They depend on the class and on the
        # language alone (a label is left out where the translated name is the field's
        # own), so they are worked out once per class and language, then copied (0.6 ms),
        # as DRF copies the declared ones.
        built_by_language = type(self).__dict__.get("_fields_built")
        if built_by_language is None:
            built_by_language = type(self)._fields_built = {}
        language = translation.get_language()
        built = built_by_language.get(language)
        if built is None:
            built = built_by_language[language] = super().get_fields()
        return copy.deepcopy(built)

    def to_internal_value(self, data):
        # DRF takes 0 for the text "0" and {} for an empty list; a client that sends
        # the wrong kind of value is told so, as the schema says.
        if isinstance(data, dict):
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or name not in data or data[name] is None:
                    continue
                value = data[name]
                if isinstance(field, serializers.CharField) and not isinstance(value, str):
                    errors[name] = [gettext("Send text.")]
                elif isinstance(field, serializers.ManyRelatedField) and not isinstance(
                    value, list
                ):
                    errors[name] = [gettext("Send a list.")]
            if errors:
                raise ValidationError(errors)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=many_to_many)
        except DjangoValidationError as error:
            raise ValidationError(self.errors_by_field(error)) from None
        return attrs

    def errors_by_field(self, error):
        """Name model errors after the API fields: body is body_html, __all__ non_field_errors."""
        by_source = {field.source: name for name, field in self.fields.items()}
        errors = {}
        for name, messages in error.message_dict.items():
            if name == NON_FIELD_ERRORS:
                key = api_settings.NON_FIELD_ERRORS_KEY
            else:
                key = by_source.get(name, name)
            errors.setdefault(key, []).extend(messages)
        return errors


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RevisionMixin:
    """Keep a revision of every write, with who made it, as the admin does."""

    def _in_revision(self, comment, write):
        with transaction.atomic(), reversion.create_revision():
            write()
            if self.request.user.is_authenticated:
                reversion.set_user(self.request.user)
            reversion.set_comment(comment)

    def perform_create(self, serializer):
        self._in_revision(gettext("Added through the API."), serializer.save)

    def perform_update(self, serializer):
        self._in_revision(gettext("Changed through the API."), serializer.save)

    def perform_destroy(self, instance):
        try:
            delete_keeping_copy([instance], self.request.user, gettext("Deleted through the API."))
        except ProtectedError as error:
            names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:10])
            raise Conflict(
                gettext("It cannot be deleted while these refer to it: %(names)s.")
                % {"names": names}
            ) from None


def requested_language(request):
    """The language an API request asks for: ?lang=, else Accept-Language, else English.

    `request` is Django's or DRF's. An unknown ?lang= is a 400 naming the choices.
    """
    code = request.GET.get("lang")
    languages = dict(settings.LANGUAGES)
    if code is None:
        # The API is outside the language-prefixed pages, so Accept-Language decides here.
        return translation.get_language_from_request(
            getattr(request, "_request", request), check_path=False
        )
    if code not in languages:
        raise ValidationError(
            {"lang": [gettext("Choose one of: %(codes)s.") % {"codes": ", ".join(languages)}]}
        )
    return code


def activate_requested_language(request):
    """Answer in the language asked for, errors included: the one place the API sets it."""
    try:
        code = requested_language(request)
    except ValidationError:
        # The ?lang= filter reports the mistake, in the language of the client's browser.
        code = translation.get_language_from_request(request, check_path=False)
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


class LanguageFilter:
    """?lang=ru (or Accept-Language) chooses the language of translated fields.

    The language itself is set for the whole request by activate_requested_language
    (from the middleware); here an unknown ?lang= becomes a 400 and the parameter is
    documented.
    """

    def filter_queryset(self, request, queryset, view):
        requested_language(request)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "lang",
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Language of translated fields (%(codes)s). A text not written in it "
                        "is given in another: Kazakh falls back to Russian, then English; "
                        "the others to English, then Russian."
                    )
                    % {"codes": ", ".join(dict(settings.LANGUAGES))}
                ),
                "schema": {"type": "string", "enum": list(dict(settings.LANGUAGES))},
            }
        ]


class BoundedSearchFilter(filters.SearchFilter):
    """?search= with every word required, as DRF does, but a bounded number of short words.

    Each word becomes a condition on every search field: a thousand words would be a query
    no database should be asked to plan.
    """

    max_terms = 10
    max_term_length = 100

    def get_search_terms(self, request):
        terms = super().get_search_terms(request)
        if len(terms) > self.max_terms or any(len(t) > self.max_term_length for t in terms):
            raise ValidationError(
                {
                    self.search_param: [
                        gettext(
                            "Search for at most %(terms)d words of at most %(length)d "
                            "characters each."
                        )
                        % {"terms": self.max_terms, "length": self.max_term_length}
                    ]
                }
            )
        return terms


class FullTextSearchFilter(BoundedSearchFilter):
    """?search= through the model's own full-text search (queryset.search), where it has one:
    stemmed, in every language, as the site's search box."""

    def filter_queryset(self, request, queryset, view):
        terms = self.get_search_terms(request)
        if not terms:
            return queryset
        return queryset.search(" ".join(terms))


class JSONParser(parsers.JSONParser):
    """JSON request bodies; nesting too deep to read is a 400, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(gettext("The JSON is nested too deeply.")) from None


class FormatFirstNegotiation(negotiation.DefaultContentNegotiation):
    """?format= names the format outright, whatever a client's default Accept header says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        param = self.settings.URL_FORMAT_OVERRIDE
        format = format_suffix or request.query_params.get(param)
        if format is not None:
            known = [renderer.format for renderer in renderers]
            if format not in known:
                raise ValidationError(
                    {
                        param: [
                            gettext("Choose one of: %(formats)s.") % {"formats": ", ".join(known)}
                        ]
                    }
                )
            renderer = self.filter_renderers(renderers, format)[0]
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


class ModelPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; writing needs the model permission (add, change or delete).

    Reading is decided before the view's queryset is built: DRF's class builds it for
    every request only to learn the model, which costs a cached answer most of its time.
    """

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)
