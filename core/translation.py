"""Fields kept in every language (django-modeltranslation), looked up once per process."""

import functools

from django.conf import settings
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


def shown_language(obj, field):
    """The language a translated field is shown in: the reader's, or English as a fallback."""
    current = translation.get_language()
    if getattr(obj, f"{field}_{current}", None):
        return current
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def in_every_language(*fields):
    """A translated field's column in each language (name_en, name_ru, ...); others as given."""
    columns = []
    for field in fields:
        if field in translated_fields():
            columns += [f"{field}_{code}" for code, _name in settings.LANGUAGES]
        else:
            columns.append(field)
    return columns
