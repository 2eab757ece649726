"""States' names in every language the site speaks, from CLDR (through Babel), by ISO code.

Only names that are empty are filled: an editor's own wording always wins.
"""

from babel import Locale, UnknownLocaleError
from django.conf import settings


def cldr_name(iso_code, language):
    """The common name of the territory `iso_code` in `language` ("" if CLDR has none)."""
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return ""
    return territories.get((iso_code or "").upper(), "")


def fill_names(state, replace=False):
    """Set a state's empty translated names from CLDR; returns the fields it set."""
    if not state.iso_code or state.classification != "state":
        return []
    filled = []
    for code, _name in settings.LANGUAGES:
        if code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            # The register is kept in English: its names are the editors'.
            continue
        field = f"name_{code}"
        name = cldr_name(state.iso_code, code)
        if name and (replace or not getattr(state, field, "")):
            setattr(state, field, name)
            filled.append(field)
    return filled
