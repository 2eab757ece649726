import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select rendered in one pass rather than a template per option: the directory of
    organizations and officials can offer thousands of choices. Values and labels are
    escaped with the standard library's html.escape, as Django's own escape does, without
    its per-call overhead (a thousand options cost a millisecond)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value in (None, "") else str(value)
        options = "".join(
            f'<option value="{html.escape(str(key))}"'
            f"{' selected' if str(key) == chosen else ''}>{html.escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options)
        )
