import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    current = translation.get_language()
    if getattr(obj, f"{field}_{current}", None):
        return current
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE
