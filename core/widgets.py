import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def option(value, label, selected=False, language=None):
    # The standard library's html.escape, as Django's own escape does, without its per-call
    # overhead: a thousand options cost a millisecond.
    mark = " selected" if selected else ""
    if language:
        mark += f' lang="{html.escape(language)}"'
    return f'<option value="{html.escape(str(value))}"{mark}>{html.escape(str(label))}</option>'


class Options:
    """A select's options made once: a list of thousands that changes rarely is escaped
    once, and the chosen option marked at each use.

    `languages`, if given, says for each choice the language its label is in, where it is
    not the page's (a name not yet translated): a screen reader then reads it rightly.
    """

    def __init__(self, choices, languages=None):
        languages = languages or [None] * len(choices)
        self.html = "".join(
            option(value, label, language=language)
            for (value, label), language in zip(choices, languages, strict=True)
        )

    def marking(self, chosen):
        if not chosen:
            return self.html
        start = f'<option value="{html.escape(chosen)}"'
        return self.html.replace(start, start + " selected", 1)


class LongSelect(forms.Select):
    """A select rendered in one pass rather than a template per option: the directory of
    organizations and officials can offer thousands of choices.

    `blank` labels the choice of none, shown first; `options`, if given, are the choices
    made beforehand (Options), else they are made from `choices` at each render.
    """

    def __init__(self, attrs=None, choices=(), blank=None, options=None):
        super().__init__(attrs, choices)
        self.blank, self.options = blank, options

    def use_required_attribute(self, initial):
        if self.blank is None:
            return super().use_required_attribute(initial)
        # The first option is the blank one, of an empty value: no need to read the rest.
        return forms.Widget.use_required_attribute(self, initial)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value in (None, "") else str(value)
        parts = [] if self.blank is None else [option("", self.blank, not chosen)]
        if self.options is None:
            parts += (option(key, label, str(key) == chosen) for key, label in self.choices)
        else:
            parts.append(self.options.marking(chosen))
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe("".join(parts))
        )
