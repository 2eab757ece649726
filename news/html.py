"""Article bodies: sanitised HTML, whoever wrote them."""

import re

import nh3
from django.utils.html import linebreaks

# What a news article needs; nothing that runs, embeds or restyles the page.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li",
    "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "title", "width", "height"},
    "q": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAG_RE = re.compile(r"<(p|div|ul|ol|dl|h[1-6]|blockquote|table|figure|pre|hr)\b", re.I)


def sanitize_body(text):
    """Return safe HTML: markup is cleaned, plain text becomes paragraphs."""
    text = (text or "").strip()
    if not text:
        return ""
    if not BLOCK_TAG_RE.search(text):
        # Text without paragraphs of its own (wire copy, perhaps with a <b> or a link):
        # blank lines separate paragraphs. nh3 escapes whatever is not markup.
        text = linebreaks(text, autoescape=False)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
