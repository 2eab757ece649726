import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.translation import shown_language

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


@register.simple_tag
def og_locale(language):
    """OpenGraph's form of a language code: ru_RU, kk_KZ, en_GB."""
    return OG_LOCALES.get(language, language)


OG_LOCALES = {"en": "en_GB", "ru": "ru_RU", "kk": "kk_KZ"}
