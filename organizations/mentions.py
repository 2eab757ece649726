"""Which known organizations and officials a text mentions.

Names and aliases match whole words, ignoring case; abbreviations match whole
words in their own case ("UNODC", not "unodc"). Where mentions overlap, the
longest wins ("UN Office on Drugs and Crime in Central Asia" over "UN Office
on Drugs and Crime"). A term two entities share is ambiguous and links
neither. The abbreviation or alias of an organization that belongs to a
parent ("MFA", "Ministry of Internal Affairs" of Kazakhstan) counts only when
the text also mentions the parent, so another state's ministry is never taken
for it.
"""

import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from .models import Official, Organization

MIN_TERM_LENGTH = 2


@dataclass
class Mentions:
    organizations: list = field(default_factory=list)
    officials: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.organizations or self.officials)


@dataclass(frozen=True)
class Term:
    text: str
    kind: str  # "organization" or "official"
    pk: int
    scoped_to: int | None = None  # the parent that must be mentioned too, if any
    exact: bool = False  # match in this case only (abbreviations)


def _terms():
    terms = []
    for org in Organization.objects.only("pk", "name", "abbreviation", "aliases", "parent_id"):
        terms.append(Term(org.name, "organization", org.pk))
        for alias in org.alias_list:
            terms.append(Term(alias, "organization", org.pk, scoped_to=org.parent_id))
        if org.abbreviation:
            terms.append(
                Term(org.abbreviation, "organization", org.pk, scoped_to=org.parent_id, exact=True)
            )
    for official in Official.objects.only("pk", "name", "aliases"):
        terms.append(Term(official.name, "official", official.pk))
        for alias in official.alias_list:
            terms.append(Term(alias, "official", official.pk))
    return [term for term in terms if len(term.text.strip()) >= MIN_TERM_LENGTH]


def _pattern(texts, flags):
    if not texts:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


def find_mentions(text):
    """Return the Mentions in `text`, which may be HTML."""
    plain = html.unescape(strip_tags(text or ""))
    plain = re.sub(r"\s+", " ", plain)
    by_text = {}
    for term in _terms():
        key = term.text if term.exact else term.text.casefold()
        by_text.setdefault((term.exact, key), set()).add(term)

    spans = []
    for exact, flags in [(True, 0), (False, re.IGNORECASE)]:
        pattern = _pattern({key for (is_exact, key) in by_text if is_exact == exact}, flags)
        if pattern is None:
            continue
        for match in pattern.finditer(plain):
            key = match.group(0) if exact else match.group(0).casefold()
            spans.append((match.start(), match.end(), by_text[(exact, key)]))

    # The longest mention wins where two overlap.
    taken, found = [], []
    for start, end, candidates in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        entities = {(t.kind, t.pk) for t in candidates}
        if len(entities) == 1:  # a term shared by two entities names neither
            found.extend(candidates)

    organizations = {t.pk for t in found if t.kind == "organization" and t.scoped_to is None}
    scoped = [t for t in found if t.kind == "organization" and t.scoped_to is not None]
    added = True
    while added:
        added = False
        for term in scoped:
            if term.scoped_to in organizations and term.pk not in organizations:
                organizations.add(term.pk)
                added = True
    officials = {t.pk for t in found if t.kind == "official"}
    return Mentions(
        organizations=list(Organization.objects.filter(pk__in=organizations).order_by("name")),
        officials=list(Official.objects.filter(pk__in=officials).order_by("name")),
    )
