"""Wire stories in the agencies' plain-text format, and turning them into draft articles.

A story's first line is `date YYYY-MM-DD DATELINE. SOURCE - first paragraph`;
the paragraphs that follow are separated by blank lines. A story filed in Russian or
Kazakh becomes the Russian or Kazakh text of its article.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from core.slugs import unique_slug
from organizations.models import Classification, Organization

from .models import PUBLICATION_YEARS, Article, Status

# The dash between "DATELINE. SOURCE" and the lead: a fixed-width pattern, searched once,
# so reading a line costs time in proportion to its length whatever it holds.
DASH_RE = re.compile(r"\s[-\u2013\u2014]\s")
HEADLINE_LENGTH = 120
SUMMARY_LENGTH = 300
# A sentence ends at . ! or ? (and any closing quote or bracket) before a space and a
# capital letter, a digit or an opening quote, or at the end of the paragraph.
SENTENCE_END_RE = re.compile(r"[.!?]+[\"'»”)]*(?=\s+[A-Z0-9\u0400-\u04ff\"'«“(]|\s*$)")
DATELINE_LENGTH = Article._meta.get_field("dateline").max_length
SOURCE_LENGTH = Organization._meta.get_field("name").max_length


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
        """A first draft of a headline: the first sentence, in whole words, without its
        full stop; cut (with "…") if longer than HEADLINE_LENGTH. See headline_cut."""
        return whole_words(sentences(self.paragraphs[0])[0].rstrip("."), HEADLINE_LENGTH)

    @property
    def headline_cut(self):
        return self.headline.endswith("…")

    @property
    def summary(self):
        """A first draft of a summary: the lead's first complete sentences that fit in
        SUMMARY_LENGTH characters (at least the first, in whole words)."""
        found = sentences(self.paragraphs[0])
        summary = found[0]
        for sentence in found[1:]:
            if len(summary) + 1 + len(sentence) > SUMMARY_LENGTH:
                break
            summary = f"{summary} {sentence}"
        return whole_words(summary, SUMMARY_LENGTH)

    @property
    def language(self):
        """en, ru or kk: Cyrillic text is Kazakh when it uses Kazakh's own letters
        (ә, ғ, қ, ң, ө, ұ, ү, һ, і) as Kazakh does, not in a quoted name or two."""
        return written_language(" ".join(self.paragraphs))

    @property
    def body_html(self):
        return "\n".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)


# Words written with a full stop that rarely end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "prof", "jr", "sr", "no", "vs", "inc",
    "ltd", "co", "corp", "dept", "gov", "sen", "rep", "г", "гг", "им", "ул", "т", "тов",
}  # fmt: skip


def ends_in_abbreviation(piece):
    """Whether a full stop closes an abbreviation or an initial ("U.S.", "Mr.", "J."),
    so that the sentence goes on."""
    if not piece.endswith("."):
        return False
    last = piece.rsplit(None, 1)[-1].rstrip(".")
    return (len(last) == 1 and last.isalpha()) or "." in last or last.casefold() in ABBREVIATIONS


def sentences(text):
    """The sentences of a paragraph, in order (the last may lack a full stop)."""
    found, start = [], 0
    for end in SENTENCE_END_RE.finditer(text):
        piece = text[start : end.end()].strip()
        if not ends_in_abbreviation(piece):
            found.append(piece)
            start = end.end()
    if text[start:].strip():
        found.append(text[start:].strip())
    return found or [text]


def whole_words(text, limit):
    """Text of at most `limit` characters, cut after a whole word and marked "…" if cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[:cut] if cut > 0 else text[: limit - 1]
    return head.rstrip(" ,;:–—-") + "…"


KAZAKH_LETTERS = frozenset("әғқңөұүһі")
# Kazakh's own letters are about one in ten of its letters; a Russian story naming a
# Kazakh place or person has far fewer.
KAZAKH_SHARE = 0.02


def written_language(text):
    letters = [c for c in text.casefold() if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if not cyrillic or len(cyrillic) * 2 < len(letters):
        return "en"
    kazakh = sum(c in KAZAKH_LETTERS for c in cyrillic)
    return "kk" if kazakh >= KAZAKH_SHARE * len(cyrillic) else "ru"


def normal_case(text):
    """ASTANA -> Astana, NUR-SULTAN -> Nur-Sultan; text already in mixed case is kept."""
    return text.title() if text.isupper() else text


def parse_wire(data):
    """Read a wire story from bytes; raise WireFormatError saying what is wrong."""
    limit = settings.WIRE_FILE_MAX_BYTES
    if len(data) > limit:
        raise WireFormatError(_("the file is larger than %(limit)d KB.") % {"limit": limit // 1024})
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
    date, head, lead = read_first_line(first_line)
    dateline, _sep, source = head.rpartition(". ")
    dateline, source = " ".join(dateline.split()).rstrip(".,"), " ".join(source.split())
    if not dateline or not source:
        raise WireFormatError(_("the first line has no “DATELINE. SOURCE” before the dash."))
    if len(dateline) > DATELINE_LENGTH:
        raise WireFormatError(
            _("the dateline is longer than %(limit)d characters.") % {"limit": DATELINE_LENGTH}
        )
    if len(source) > SOURCE_LENGTH:
        raise WireFormatError(
            _("the source's name is longer than %(limit)d characters.") % {"limit": SOURCE_LENGTH}
        )
    paragraphs = [" ".join(p.split()) for p in [lead, *paragraphs_of(rest)]]
    fingerprint = hashlib.sha256(" ".join(text.split()).encode()).hexdigest()
    return WireStory(
        date=date,
        dateline=normal_case(dateline),
        source=source,
        paragraphs=[p for p in paragraphs if p],
        fingerprint=fingerprint,
    )


FIRST_LINE_FORMAT_ERROR = _noop(
    "the first line does not start with “date YYYY-MM-DD DATELINE. SOURCE - first paragraph”."
)


def read_first_line(line):
    """The date, "DATELINE. SOURCE" and the lead of a story's first line."""
    keyword, date_text, rest = ([*line.split(None, 2), "", ""])[:3]
    dash = DASH_RE.search(rest)
    if keyword.lower() != "date" or dash is None or not rest[dash.end() :].strip():
        raise WireFormatError(_(FIRST_LINE_FORMAT_ERROR))
    head, lead = rest[: dash.start()].strip(), rest[dash.end() :].strip()
    if not head:
        raise WireFormatError(_(FIRST_LINE_FORMAT_ERROR))
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date_text):
            raise ValueError
        date = datetime.date.fromisoformat(date_text)
    except ValueError:
        raise WireFormatError(
            _("“%(date)s” is not a date of the form YYYY-MM-DD.") % {"date": date_text[:40]}
        ) from None
    latest = timezone.localdate() + datetime.timedelta(days=1)
    if date.year not in PUBLICATION_YEARS or date > latest:
        raise WireFormatError(
            _("the story is dated %(date)s: a date from %(first)d up to today is expected.")
            % {"date": date.isoformat(), "first": PUBLICATION_YEARS[0]}
        )
    return date, head, lead


def paragraphs_of(text):
    """Paragraphs separated by blank lines (lines of nothing but spaces count as blank)."""
    paragraphs, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


@dataclass
class ImportResult:
    article: Article
    created: bool
    # A source the register does not know, left for an editor to add.
    unknown_source: str = ""
    # Asked to publish, but kept as a draft until an editor writes what is missing.
    held_back: tuple = ()


def source_organization(name, user=None):
    """The agency a story comes from, found by name, abbreviation or alias.

    A new agency is added to the register (in a revision of its own, so that the
    article's history never holds register data) only when whoever imports may add
    organizations: the command, or an editor. For anyone else it is None.
    """
    found = Organization.objects.named(name).first()
    if found or (user is not None and not user.has_perm("organizations.add_organization")):
        return found
    display = normal_case(name) if len(name) > 5 else name
    language = written_language(display)
    with reversion.create_revision():
        organization = Organization(
            slug=unique_slug(Organization, display, fallback="news-agency"),
            classification=Classification.NEWS_AGENCY,
            # Named in its own alphabet; English readers see that name until an editor
            # gives the English one.
            **{f"name_{language}": display},
        )
        organization.full_clean()
        organization.save()
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(_("Added as the source of a wire story."))
    return organization


def import_story(data, *, publish=False, user=None):
    """Create a linked article from a wire file; a story already imported is returned as is.

    Nothing is saved unless the whole story can be: a WireFormatError says why not.
    """
    story = parse_wire(data)
    existing = Article.objects.filter(wire_fingerprint=story.fingerprint).first()
    if existing:
        return ImportResult(existing, created=False)
    try:
        with transaction.atomic():
            source = source_organization(story.source, user)
            with reversion.create_revision():
                article = import_article(story, source, publish, user)
    except ValidationError as error:
        raise WireFormatError(" ".join(error.messages)) from None
    held_back = tuple(article.publication_problems()) if publish else ()
    return ImportResult(
        article, created=True, unknown_source="" if source else story.source, held_back=held_back
    )


def import_article(story, source, publish, user):
    headline, language = story.headline, story.language
    article = Article(
        **{
            f"title_{language}": headline,
            f"summary_{language}": story.summary,
            f"body_{language}": story.body_html,
        },
        drafted_headline=True,
        slug=unique_slug(Article, headline, fallback=f"story-{story.date.isoformat()}"),
        dateline=story.dateline,
        source=source,
        # Wires give the day, not the hour: noon where the centre is.
        published_at=timezone.make_aware(datetime.datetime.combine(story.date, datetime.time(12))),
        status=Status.DRAFT,
        wire_fingerprint=story.fingerprint,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    # Published at once only if nothing is missing; otherwise a draft (ImportResult.held_back).
    article.status = Status.DRAFT
    if publish and not article.publication_problems():
        article.status = Status.PUBLISHED
    article.full_clean(exclude=["organizations", "officials"])
    article.save()
    mentions = article.mentions()
    article.organizations.set(mentions.organizations)
    article.officials.set(mentions.officials)
    if user is not None:
        reversion.set_user(user)
    reversion.set_comment(_("Imported from a wire story."))
    return article
