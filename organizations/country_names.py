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


# The short forms English news uses that neither ISO 3166 nor CLDR gives: names matched
# in any case, abbreviations in their own.
NEWS_NAMES = {
    "US": ["United States of America", "United States"],
    "GB": ["Britain", "Great Britain"],
    "TR": ["Turkey"],
    "AE": ["United Arab Emirates"],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
}
NEWS_ABBREVIATIONS = {
    "US": ["US", "U.S.", "USA", "U.S.A."],
    "GB": ["UK", "U.K."],
    "AE": ["UAE"],
}


def english_names(iso_code):
    """A state's names in English news: CLDR's, ISO 3166's short and official names
    (pycountry; not the inverted "Iran, Islamic Republic of"), and NEWS_NAMES."""
    import pycountry

    code = (iso_code or "").upper()
    names = {cldr_name(code, "en"), *NEWS_NAMES.get(code, [])}
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is not None:
        for attribute in ("name", "official_name", "common_name"):
            names.add(getattr(country, attribute, ""))
    return sorted(name for name in names if name and "," not in name)


def english_abbreviations(iso_code):
    return NEWS_ABBREVIATIONS.get((iso_code or "").upper(), [])
