"""Fields kept in every language (django-modeltranslation), looked up once per process."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation


@functools.cache
def translated_fields():
    """Every field that has a column per language, whatever its model."""
    from modeltranslation.translator import translator

    return frozenset(
        field
        for model in translator.get_registered_models()
        for field in translator.get_options_for_model(model).fields
    )


def fallback_order(language=None):
    """The languages a text is looked for in, the reader's first (as modeltranslation reads
    them): a Kazakh reader gets Russian before English, a Russian or English one English
    or Russian before Kazakh (MODELTRANSLATION_FALLBACK_LANGUAGES)."""
    return (
        _fallback_orders().get(language or translation.get_language())
        or _fallback_orders()[settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
    )


@functools.cache
def _fallback_orders():
    # Worked out once per language: a page asks for every name it shows.
    from modeltranslation.utils import resolution_order

    return {
        code: tuple(resolution_order(code, settings.MODELTRANSLATION_FALLBACK_LANGUAGES))
        for code, _name in settings.LANGUAGES
    }


def shown(obj, field):
    """The language a translated field is shown in and its text: the reader's, or the
    first fallback it is written in, as the model's own attribute reads it."""
    order = fallback_order()
    for code in order:
        if value := getattr(obj, f"{field}_{code}", None):
            return code, value
    return order[0], ""


def shown_language(obj, field):
    """The language a translated field is shown in: the reader's, or the first fallback
    it is written in."""
    return shown(obj, field)[0]


def shown_value(row, field, order=None):
    """The text the reader sees, from a row of plain columns (`values()`: name_en, name_ru,
    ...): the first written in the fallback order, as the model's own attribute reads it;
    "" when none is. `order` is fallback_order(), worked out once for many rows."""
    return shown_row(row, field, order)[1]


def shown_row(row, field, order=None):
    """The language the reader sees a row's text in, and the text (as shown_value)."""
    order = order or fallback_order()
    for code in order:
        if value := row[f"{field}_{code}"]:
            return code, value
    return order[0], ""


def shown_column(field, language=None):
    """An expression for the text the reader sees, for ordering and comparing in the database."""
    columns = [NullIf(F(f"{field}_{code}"), Value("")) for code in fallback_order(language)]
    return Coalesce(*columns) if len(columns) > 1 else columns[0]


def in_every_language(*fields):
    """A translated field's column in each language (name_en, name_ru, ...); others as given."""
    columns = []
    for field in fields:
        if field in translated_fields():
            columns += [f"{field}_{code}" for code, _name in settings.LANGUAGES]
        else:
            columns.append(field)
    return columns


def require_in_some_language(obj, field, message):
    """Raise a ValidationError (on the default language's column, where the admin shows
    it) unless `field` is written in at least one language."""
    if not any(getattr(obj, column, "") for column in in_every_language(field)):
        raise ValidationError({f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}": message})
