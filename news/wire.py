"""Wire stories in the agencies' plain-text format, and turning them into draft articles.

A story's first line is `date YYYY-MM-DD DATELINE. SOURCE - first paragraph`;
the paragraphs that follow are separated by blank lines.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from organizations.models import Classification, Organization

from .models import Article, Status

FIRST_LINE_RE = re.compile(
    r"^date\s+(?P<date>\S+)\s+(?P<head>.+?)\s+[-\u2013\u2014]\s+(?P<lead>.+)$", re.I
)
HEADLINE_LENGTH = 120
SLUG_LENGTH = 80


class WireFormatError(ValueError):
    """The file is not a wire story this site can read; the message says why."""


@dataclass
class WireStory:
    date: datetime.date
    dateline: str
    source: str
    paragraphs: list
    fingerprint: str

    @property
    def headline(self):
        """A first draft of a headline: the first sentence, shortened for the editor to improve."""
        lead = self.paragraphs[0]
        sentence = re.match(r"(.+?[.!?])(?=\s+[A-Z\u0400-\u04ff\"'])", lead)
        text = (sentence.group(1) if sentence else lead).rstrip(".")
        return Truncator(text).chars(HEADLINE_LENGTH)

    @property
    def body_html(self):
        return "\n".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)


def normal_case(text):
    """ASTANA -> Astana, NUR-SULTAN -> Nur-Sultan; text already in mixed case is kept."""
    return text.title() if text.isupper() else text


def parse_wire(data):
    """Read a wire story from bytes; raise WireFormatError saying what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise WireFormatError(
            _("the file is not UTF-8 text (byte %(position)d).") % {"position": error.start}
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise WireFormatError(_("the file is empty."))
    if "\x00" in text:
        raise WireFormatError(_("the file is not text."))
    first_line, _sep, rest = text.partition("\n")
    match = FIRST_LINE_RE.match(first_line.strip())
    if not match:
        raise WireFormatError(
            _(
                "the first line does not start with "
                "“date YYYY-MM-DD DATELINE. SOURCE - first paragraph”."
            )
        )
    try:
        date = datetime.date.fromisoformat(match["date"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match["date"]):
            raise ValueError
    except ValueError:
        raise WireFormatError(
            _("“%(date)s” is not a date of the form YYYY-MM-DD.") % {"date": match["date"]}
        ) from None
    dateline, _sep, source = match["head"].rpartition(". ")
    if not dateline.strip() or not source.strip():
        raise WireFormatError(_("the first line has no “DATELINE. SOURCE” before the dash."))
    paragraphs = [match["lead"], *re.split(r"\n\s*\n", rest)]
    paragraphs = [" ".join(p.split()) for p in paragraphs if p.strip()]
    fingerprint = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
    return WireStory(
        date=date,
        dateline=normal_case(dateline.strip().rstrip(".,")),
        source=source.strip(),
        paragraphs=paragraphs,
        fingerprint=fingerprint,
    )


@dataclass
class ImportResult:
    article: Article
    created: bool


def unique_slug(text, date):
    base = slugify(Truncator(text).chars(SLUG_LENGTH, truncate="")).strip("-")[:SLUG_LENGTH]
    base = base or f"story-{date.isoformat()}"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def source_organization(name):
    """The agency a story comes from, found by name, abbreviation or alias; created if new."""
    found = Organization.objects.named(name).first()
    if found:
        return found
    display = normal_case(name) if len(name) > 5 else name
    slug, n = slugify(display) or "news-agency", 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{slugify(display)}-{n}", n + 1
    return Organization.objects.create(
        name=display, slug=slug, classification=Classification.NEWS_AGENCY
    )


def import_story(data, *, publish=False, user=None):
    """Create a linked article from a wire file; a story already imported is returned as is."""
    story = parse_wire(data)
    existing = Article.objects.filter(wire_fingerprint=story.fingerprint).first()
    if existing:
        return ImportResult(existing, created=False)
    with transaction.atomic(), reversion.create_revision():
        headline = story.headline
        article = Article(
            title=headline,
            slug=unique_slug(headline, story.date),
            dateline=story.dateline,
            source=source_organization(story.source),
            # Wires give the day, not the hour: noon where the centre is.
            published_at=timezone.make_aware(
                datetime.datetime.combine(story.date, datetime.time(12))
            ),
            status=Status.PUBLISHED if publish else Status.DRAFT,
            body=story.body_html,
            wire_fingerprint=story.fingerprint,
        )
        article.full_clean(exclude=["organizations", "officials"])
        article.save()
        mentions = article.mentions()
        article.organizations.set(mentions.organizations)
        article.officials.set(mentions.officials)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(_("Imported from a wire story."))
    return ImportResult(article, created=True)
