"""Article bodies: sanitised HTML, whoever wrote them.

Editors write in a rich-text editor (django-prose-editor) offering what a news article
needs and nothing that runs, embeds or restyles the page. The sanitiser keeps exactly
what the editor can produce (its allowlist is derived from the same extensions), so
saving what the editor wrote changes nothing, and markup from anywhere else (the API,
a wire story, a paste) is cut down to the same.
"""

import functools
import re

import nh3
from django.utils.html import linebreaks

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}
URL_SCHEMES = {"http", "https", "mailto"}
# Every link is opened without handing the page to the site it leads to.
LINK_REL = "noopener noreferrer"
# Markup the editor writes otherwise: <b> is <strong>, <i> is <em>, and a pasted page
# title is a heading of the article (whose own headline is its <h1>).
SYNONYM_RE = re.compile(r"<(/?)(b|i|h1)(?=[\s>/])", re.IGNORECASE)
SYNONYMS = {"b": "strong", "i": "em", "h1": "h2"}
BLOCK_TAG_RE = re.compile(r"<(p|div|ul|ol|dl|h[1-6]|blockquote|table|figure|pre|hr)\b", re.I)


@functools.cache
def allowlist():
    """The tags and attributes the editor produces (rel is set on every link instead)."""
    from django_prose_editor.config import allowlist_from_extensions

    allowed = allowlist_from_extensions(EDITOR_EXTENSIONS)
    attributes = {tag: set(names) for tag, names in allowed["attributes"].items()}
    attributes["a"] = attributes.get("a", set()) - {"rel", "target"}
    return frozenset(allowed["tags"]), attributes


def sanitize_body(text):
    """Return safe HTML: markup is cleaned, plain text becomes paragraphs."""
    text = (text or "").strip()
    if not text:
        return ""
    if not BLOCK_TAG_RE.search(text):
        # Text without paragraphs of its own (wire copy, perhaps with a <b> or a link):
        # blank lines separate paragraphs. nh3 escapes whatever is not markup.
        text = linebreaks(text, autoescape=False)
    text = SYNONYM_RE.sub(lambda m: f"<{m.group(1)}{SYNONYMS[m.group(2).lower()]}", text)
    tags, attributes = allowlist()
    return nh3.clean(
        text,
        tags=set(tags),
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    ).strip()
