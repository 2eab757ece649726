"""Which known organizations and officials a text mentions, and only those.

Names and aliases match whole words, ignoring case (but a capitalised name only a
capitalised word: "turkey" is not Türkiye) and Latin diacritics; abbreviations match
whole words in their own case ("UNODC", not "unodc"). States are also found by the
names English news uses (ISO 3166 and CLDR, "US", "UK", "Britain":
country_names.english_names). Where mentions overlap, the longest wins ("UN Office on
Drugs and Crime in Central Asia" over "UN Office on Drugs and Crime"). A term two
entities share is ambiguous and links neither.

Names in Cyrillic are found however they are declined ("Интерпола", "Казахстане",
"Управления ООН по наркотикам и преступности", "Қазақстанның"): each word of the name
matches a word of the text with a dictionary form in common (core.inflection).
Officials' names in Latin letters are found however they are transliterated
(Yazlyev, Yazlyyev; Kairat, Qairat).

What is not a mention links nothing:
- a state's or person's name inside a longer proper name ("East Kazakhstan Region",
  "Turkmenistan Airlines", "Kairat Umarov Street");
- an official's surname or one-word alias after another given name ("Rustam Umarov");
- the abbreviation or alias of an organization that belongs to a parent ("MFA",
  "Ministry of Internal Affairs") unless the text mentions the parent, and never when
  the text ties it to another state ("the MFA of Uzbekistan", "Uzbekistan's MFA");
- a phrase an editor marked as not mentioning an entity (NotAMention).
"""

import html
import itertools
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

from core.inflection import (
    CYRILLIC,
    dictionary_forms,
    fold_latin,
    name_key,
    plain_word,
    text_forms,
)
from core.translation import in_every_language

from .country_names import english_abbreviations, english_names
from .models import Classification, NotAMention, Official, Organization

MIN_TERM_LENGTH = 2

# Words that, written right before or after a state's or person's name, make it part of
# a longer proper name: a place, a company, a street.
NAME_QUALIFIERS = {
    "east", "west", "north", "south", "northern", "southern", "eastern", "western",
    "central", "greater", "шығыс", "батыс", "солтүстік", "оңтүстік", "орталық",
}  # fmt: skip
NAME_DESIGNATORS = {
    "region", "oblast", "province", "district", "city", "street", "avenue", "square",
    "airlines", "airways", "air", "railways", "temir", "bank", "university", "institute",
    "company", "corporation", "group", "holding", "holdings", "llp", "jsc", "inc", "ltd",
    "airport", "hotel", "steel", "oil", "gas", "energy", "telecom", "post", "foundation",
    "fund", "облысы", "области", "область", "көшесі", "улица", "темир",
}  # fmt: skip
# Words that may stand before a surname without being another given name.
TITLES = {
    "mr", "mrs", "ms", "dr", "director", "minister", "deputy", "ambassador", "president",
    "chairman", "chair", "head", "general", "colonel", "representative", "secretary",
    "господин", "госпожа", "директор", "министр", "посол", "глава", "генерал", "мырза",
    "ханым", "директоры", "министрі",
}  # fmt: skip
SENTENCE_WORDS = {
    "the", "a", "in", "on", "at", "by", "for", "from", "to", "with", "and", "but", "as",
    "after", "when", "then", "later", "also", "however", "meanwhile", "yesterday", "today",
    "said", "according", "в", "на", "по", "с", "и", "но", "как", "также", "затем", "позже",
    "вчера", "сегодня", "және", "бірақ", "кейін", "сондай", "бүгін", "кеше",
}  # fmt: skip
OF_RE = re.compile(r"^\s+of\s+(?:the\s+)?$", re.IGNORECASE)
POSSESSIVE_RE = re.compile(r"^(?:['’]s)?\s+$")


@dataclass
class Mentions:
    organizations: list = field(default_factory=list)
    officials: list = field(default_factory=list)
    # The words of the text that named each entity, by ("organization" | "official", pk).
    phrases: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.organizations or self.officials)


@dataclass(frozen=True)
class Term:
    text: str
    kind: str  # "organization" or "official"
    pk: int
    scoped_to: int | None = None  # the parent that must be mentioned too, if any
    exact: bool = False  # match in this case only (abbreviations)
    state: bool = False  # the entity is a state
    parent: int | None = None  # the organization it belongs to

    @property
    def entity(self):
        return (self.kind, self.pk)


def _terms():
    terms = []
    names = in_every_language("name")
    columns = ["pk", "abbreviation", "aliases", "parent_id", "iso_code", "classification"]
    organizations = list(Organization.objects.only(*columns, *names))
    names_of = {
        org.pk: [
            n.casefold()
            for n in [*(getattr(org, c) for c in names), org.abbreviation, *org.alias_list]
            if n
        ]
        for org in organizations
    }
    for org in organizations:
        state = org.classification == Classification.STATE
        own = [getattr(org, n) for n in names if getattr(org, n)]
        if state and org.iso_code:
            own += english_names(org.iso_code)
            terms += [
                Term(a, "organization", org.pk, exact=True, state=True)
                for a in english_abbreviations(org.iso_code)
            ]
        common = {"kind": "organization", "pk": org.pk, "state": state, "parent": org.parent_id}
        terms += [Term(name, **common) for name in own]
        for alias in org.alias_list:
            # An alias that names its parent too ("UN Office on Drugs and Crime in
            # Central Asia") needs no other mention of it.
            scope = None if _names_any(alias, names_of.get(org.parent_id, [])) else org.parent_id
            terms.append(Term(alias, scoped_to=scope, **common))
        if org.abbreviation:
            terms.append(Term(org.abbreviation, scoped_to=org.parent_id, exact=True, **common))
    for official in Official.objects.only("pk", "aliases", *names):
        own = [getattr(official, n) for n in names if getattr(official, n)]
        terms += [Term(text, "official", official.pk) for text in [*own, *official.alias_list]]
    return [term for term in terms if len(term.text.strip()) >= MIN_TERM_LENGTH]


def _names_any(text, names):
    text = f" {' '.join(WORD.findall(text.casefold()))} "
    return any(f" {' '.join(WORD.findall(name))} " in text for name in names if name)


def _not_mentions():
    return {
        (phrase, ("organization", org) if org else ("official", official))
        for phrase, org, official in NotAMention.objects.values_list(
            "phrase", "organization_id", "official_id"
        )
    }


def _pattern(texts, flags):
    if not texts:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


def plain_text(text):
    return re.sub(r"\s+", " ", html.unescape(strip_tags(text or "")))


def find_mentions(text):
    """Return the Mentions in `text`, which may be HTML."""
    plain = plain_text(text)
    folded = fold_latin(plain)
    terms = _terms()
    spans = _written_spans(plain, folded, terms) + _declined_spans(plain, terms)

    # One place names whatever names it; the longest mention wins where two overlap.
    merged = {}
    for start, end, candidates in spans:
        merged.setdefault((start, end), set()).update(candidates)
    taken, chosen = [], []
    for (start, end), candidates in sorted(
        merged.items(), key=lambda s: (s[0][0] - s[0][1], s[0][0])
    ):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        if len({t.entity for t in candidates}) == 1:  # a term two entities share names neither
            chosen.append((start, end, candidates))
    chosen.sort(key=lambda s: s[0])

    refused = _not_mentions()
    found, phrases = [], {}
    for index, (start, end, candidates) in enumerate(chosen):
        term = next(iter(candidates))
        phrase = " ".join(plain[start:end].split()).casefold()
        if (phrase, term.entity) in refused or not _is_a_mention(plain, chosen, index):
            continue
        found.extend(candidates)
        phrases.setdefault(term.entity, set()).add(plain[start:end])

    # A scoped term counts where its parent is in the text: named, or the parent of
    # something named ("the National Security Committee of Kazakhstan ... the Kazakh MFA").
    unscoped = [t for t in found if t.kind == "organization" and t.scoped_to is None]
    organizations = {t.pk for t in unscoped}
    context = organizations | {t.parent for t in unscoped if t.parent}
    scoped = [t for t in found if t.kind == "organization" and t.scoped_to is not None]
    added = True
    while added:
        added = False
        for term in scoped:
            if term.scoped_to in context and term.pk not in organizations:
                organizations.add(term.pk)
                context.add(term.pk)
                added = True
    officials = {t.pk for t in found if t.kind == "official"}
    return Mentions(
        organizations=list(Organization.objects.filter(pk__in=organizations).order_by("name")),
        officials=list(Official.objects.filter(pk__in=officials).order_by("name")),
        phrases={
            entity: words
            for entity, words in phrases.items()
            if entity[1] in (organizations if entity[0] == "organization" else officials)
        },
    )


def _written_spans(plain, folded, terms):
    """Spans of names in Latin letters as written (diacritics folded), and abbreviations."""
    by_text = {}
    for term in terms:
        if CYRILLIC.search(term.text) and not term.exact:
            continue  # found in any declension by _declined_spans
        text = fold_latin(term.text)
        key = text if term.exact else text.casefold()
        by_text.setdefault((term.exact, key), set()).add(term)
    spans = []
    for exact, flags in [(True, 0), (False, re.IGNORECASE)]:
        pattern = _pattern({key for (is_exact, key) in by_text if is_exact == exact}, flags)
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            key = match.group(0) if exact else match.group(0).casefold()
            candidates = by_text[(exact, key)]
            if not exact and not match.group(0)[0].isupper():
                candidates = {t for t in candidates if not t.text[0].isupper()}
            if candidates:
                spans.append((match.start(), match.end(), candidates))
    return spans


def _is_a_mention(plain, chosen, index):
    start, end, candidates = chosen[index]
    term = next(iter(candidates))
    before, after = _word_before(plain, start), _word_after(plain, end)
    if term.kind == "official" or term.state:
        if after and after.casefold() in NAME_DESIGNATORS:
            return False
        if before and before.casefold() in NAME_QUALIFIERS:
            return False
    # A surname after a capitalised word that is neither a title nor a word that starts
    # sentences: another person's given name.
    surname = term.kind == "official" and len(WORD.findall(term.text)) == 1
    if surname and before[:1].isupper() and before.casefold() not in TITLES | SENTENCE_WORDS:
        return False
    return term.scoped_to is None or not _tied_to_another_state(plain, chosen, index, term)


def _tied_to_another_state(plain, chosen, index, term):
    """ "MFA of Uzbekistan", "Uzbekistan's MFA": the phrase belongs to another state."""
    neighbours = []
    if index + 1 < len(chosen) and OF_RE.match(plain[chosen[index][1] : chosen[index + 1][0]]):
        neighbours.append(chosen[index + 1])
    if index > 0 and POSSESSIVE_RE.match(plain[chosen[index - 1][1] : chosen[index][0]]):
        neighbours.append(chosen[index - 1])
    return any(
        other.state and other.pk != term.scoped_to
        for _start, _end, candidates in neighbours
        for other in candidates
    )


WORD = re.compile(r"\w+")


def _word_before(plain, start):
    match = re.search(r"(\w+)[ ]$", plain[:start])
    return match.group(1) if match else ""


def _word_after(plain, end):
    match = re.match(r"[ ](\w+)", plain[end:])
    return match.group(1) if match else ""


@dataclass(frozen=True)
class Phrase:
    """A name as words to match one by one, and what must stand between them."""

    forms: tuple  # what each word may stand for
    capitalised: tuple  # whether each word starts with a capital letter
    separators: tuple  # what stands between words, whitespace as one space

    @classmethod
    def of(cls, text, forms_of):
        words = list(WORD.finditer(text))
        return cls(
            forms=tuple(forms_of(w.group()) for w in words),
            capitalised=tuple(w.group()[0].isupper() for w in words),
            separators=_separators(text, words),
        )


def _separators(text, words):
    return tuple(
        " ".join(text[a.end() : b.start()].split()).casefold() for a, b in itertools.pairwise(words)
    )


def _name_forms(word):
    return frozenset({name_key(word)})


def _declined_spans(plain, terms):
    """Spans of Cyrillic names in any declension, and of officials' Latin names in any
    transliteration."""
    cyrillic, latin_people = {}, {}
    for term in terms:
        if term.exact:
            continue
        if CYRILLIC.search(term.text):
            cyrillic.setdefault(term.text, set()).add(term)
        elif term.kind == "official":
            latin_people.setdefault(term.text, set()).add(term)
    return _phrase_spans(
        plain, cyrillic, dictionary_forms, text_forms, opening=lambda word: plain_word(word)[:2]
    ) + _phrase_spans(plain, latin_people, _name_forms, _name_forms)


def _phrase_spans(plain, names, forms_of_name, forms_of_text, opening=None):
    """(start, end, terms) wherever a name of `names` ({text: terms}) stands, each word
    of the name matching a word of the text with a form in common.

    `opening(word)`, if given, is what declension never changes at a word's start (the
    first letters of a Russian or Kazakh word): a word of the text whose opening no
    name's first word shares is passed over without being analysed.
    """
    by_first_form, openings = {}, set()
    for text, terms in names.items():
        phrase = Phrase.of(text, forms_of_name)
        if phrase.forms:
            for form in phrase.forms[0]:
                by_first_form.setdefault(form, []).append((phrase, frozenset(terms)))
            if opening is not None:
                openings.add(opening(WORD.search(text).group()))
    if not by_first_form:
        return []
    tokens = list(WORD.finditer(plain))
    spans = []
    for i, token in enumerate(tokens):
        if opening is not None and opening(token.group()) not in openings:
            continue
        seen = set()
        for form in forms_of_text(token.group()):
            for phrase, terms in by_first_form.get(form, ()):
                if phrase in seen:
                    continue
                seen.add(phrase)
                words = tokens[i : i + len(phrase.forms)]
                if len(words) == len(phrase.forms) and _stands_for(
                    phrase, words, plain, forms_of_text
                ):
                    spans.append((token.start(), words[-1].end(), set(terms)))
    return spans


def _stands_for(phrase, words, plain, forms_of_text):
    return (
        all(
            forms_of_text(word.group()) & forms and (word.group()[0].isupper() or not capital)
            for word, forms, capital in zip(words, phrase.forms, phrase.capitalised, strict=True)
        )
        and _separators(plain, words) == phrase.separators
    )
