import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.translation import shown, shown_language

register = template.Library()

# The characters that could end or confuse a <script> element, as in Django's json_script.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A schema.org JSON-LD block; the JSON is escaped so no text can close the element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def language_of(obj, field):
    """The language a translated field is shown in: the reader's, or English as a fallback."""
    return shown_language(obj, field)


@register.filter
def in_its_language(obj, text):
    """A translated field's text (name, short_name, title) in a span that says which
    language it is shown in.

    On /ru/ and /kk/ a page mixes names and titles already translated with ones still in
    English; a screen reader reads each in its own voice only if the markup says which.
    """
    return format_html('<span lang="{}">{}</span>', *shown_text(obj, text))


@register.filter
def link(obj, text="name"):
    """A link to an organization's, an official's or an article's page, named by its
    `text` and saying which language it is shown in. Made here rather than in a
    template: a register page shows hundreds."""
    language, shown = shown_text(obj, text)
    return format_html('<a href="{}" lang="{}">{}</a>', obj.get_absolute_url(), language, shown)


def shown_text(obj, text):
    # short_name is the abbreviation where there is one, else the name: it says the
    # name's language, as the abbreviation stands for the name.
    if text == "short_name":
        return shown(obj, "name")[0], obj.short_name
    return shown(obj, text)


@register.simple_tag
def og_locale(language):
    """OpenGraph's form of a language code: ru_RU, kk_KZ, en_GB."""
    return OG_LOCALES.get(language, language)


OG_LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ"}
