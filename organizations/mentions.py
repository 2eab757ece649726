"""Which known organizations and officials a text mentions.

Names and aliases match whole words, ignoring case; abbreviations match whole
words in their own case ("UNODC", not "unodc"). Where mentions overlap, the
longest wins ("UN Office on Drugs and Crime in Central Asia" over "UN Office
on Drugs and Crime"). A term two entities share is ambiguous and links
neither. The abbreviation or alias of an organization that belongs to a
parent ("MFA", "Ministry of Internal Affairs" of Kazakhstan) counts only when
the text also mentions the parent, so another state's ministry is never taken
for it.

Names in Cyrillic are found however they are declined ("Интерпола", "Казахстане",
"Управления ООН по наркотикам и преступности", "Қазақстанның"): each word of the
name matches a word of the text with a dictionary form in common
(core.inflection), and a capitalised word of the name only a capitalised word, so
"того" is never the state Того. Every language's name of an entity counts.
"""

import html
import itertools
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from core.inflection import CYRILLIC, dictionary_forms, text_forms
from core.translation import in_every_language

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
    names = in_every_language("name")
    for org in Organization.objects.only("pk", "abbreviation", "aliases", "parent_id", *names):
        terms += [Term(getattr(org, n), "organization", org.pk) for n in names if getattr(org, n)]
        for alias in org.alias_list:
            terms.append(Term(alias, "organization", org.pk, scoped_to=org.parent_id))
        if org.abbreviation:
            terms.append(
                Term(org.abbreviation, "organization", org.pk, scoped_to=org.parent_id, exact=True)
            )
    for official in Official.objects.only("pk", "aliases", *names):
        terms += [
            Term(getattr(official, n), "official", official.pk)
            for n in names
            if getattr(official, n)
        ]
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
        keys = {key for (is_exact, key) in by_text if is_exact == exact}
        if not exact:
            keys = {key for key in keys if not CYRILLIC.search(key)}
        pattern = _pattern(keys, flags)
        if pattern is None:
            continue
        for match in pattern.finditer(plain):
            key = match.group(0) if exact else match.group(0).casefold()
            spans.append((match.start(), match.end(), by_text[(exact, key)]))
    cyrillic_names = {
        term.text: by_text[(False, key)]
        for (is_exact, key), terms in by_text.items()
        if not is_exact and CYRILLIC.search(key)
        for term in terms
    }
    spans += _declined_spans(plain, cyrillic_names)

    # One place names whatever names it; the longest mention wins where two overlap.
    merged = {}
    for start, end, candidates in spans:
        merged.setdefault((start, end), set()).update(candidates)
    taken, found = [], []
    for (start, end), candidates in sorted(
        merged.items(), key=lambda s: (s[0][0] - s[0][1], s[0][0])
    ):
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


WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Phrase:
    """A name as words to match one by one, and what must stand between them."""

    forms: tuple  # each word's dictionary forms
    capitalised: tuple  # whether each word starts with a capital letter
    separators: tuple  # what stands between words, whitespace as one space

    @classmethod
    def of(cls, text):
        words = list(WORD.finditer(text))
        return cls(
            forms=tuple(dictionary_forms(w.group()) for w in words),
            capitalised=tuple(w.group()[0].isupper() for w in words),
            separators=_separators(text, words),
        )


def _separators(text, words):
    return tuple(
        " ".join(text[a.end() : b.start()].split()).casefold() for a, b in itertools.pairwise(words)
    )


def _declined_spans(plain, names):
    """(start, end, terms) wherever a name of `names` ({text: terms}) stands in any form."""
    by_first_form = {}
    for text, terms in names.items():
        phrase = Phrase.of(text)
        if phrase.forms:
            for form in phrase.forms[0]:
                by_first_form.setdefault(form, []).append((phrase, terms))
    tokens = list(WORD.finditer(plain))
    spans = []
    for i, token in enumerate(tokens):
        seen = set()
        for form in text_forms(token.group()):
            for phrase, terms in by_first_form.get(form, ()):
                if phrase in seen:
                    continue
                seen.add(phrase)
                words = tokens[i : i + len(phrase.forms)]
                if len(words) == len(phrase.forms) and _stands_for(phrase, words, plain):
                    spans.append((token.start(), words[-1].end(), terms))
    return spans


def _stands_for(phrase, words, plain):
    return (
        all(
            text_forms(word.group()) & forms and (word.group()[0].isupper() or not capital)
            for word, forms, capital in zip(words, phrase.forms, phrase.capitalised, strict=True)
        )
        and _separators(plain, words) == phrase.separators
    )
