"""Sorting names in the reader's alphabet, ignoring case, on both databases.

PostgreSQL compares with ICU's collation for the language; SQLite with a collation this
module registers on every connection, which orders by the language's alphabet (Kazakh's
Ә after А, Ғ after Г, ...), then other letters by code point, case folded.
"""

import functools

from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models import Func, TextField
from django.db.models.functions import Collate

from .translation import shown_column

ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
}
# Letters of the language first, then Latin, then Cyrillic, then anything else.
OTHER_SCRIPTS = ALPHABETS["en"] + ALPHABETS["kk"]


@functools.cache
def ranks(language):
    """Each letter's place: the language's alphabet, then the other scripts' letters."""
    alphabet = ALPHABETS.get(language, ALPHABETS["en"])
    places = {letter: len(alphabet) + n for n, letter in enumerate(OTHER_SCRIPTS)}
    places.update({letter: n for n, letter in enumerate(alphabet)})
    return places, len(alphabet) + len(OTHER_SCRIPTS)


@functools.lru_cache(maxsize=65536)
def sort_key(text, language):
    """Kept per text: SQLite compares each name with many others while sorting a list."""
    places, beyond = ranks(language)
    key = []
    for character in (text or "").casefold():
        if character in places:
            key.append(places[character])
        elif character.isalnum():
            key.append(beyond + ord(character))
        # Spaces and punctuation do not decide the order.
    return tuple(key)


def sqlite_collation_name(language):
    return f"caricc_{language}"


def register_sqlite_collations(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    for language, _name in settings.LANGUAGES:

        def compare(a, b, language=language):
            ka, kb = sort_key(a, language), sort_key(b, language)
            return (ka > kb) - (ka < kb)

        connection.connection.create_collation(sqlite_collation_name(language), compare)
    connection.connection.create_function(
        "caricc_last_word", 1, lambda text: text.split()[-1] if text and text.split() else text
    )


connection_created.connect(register_sqlite_collations, dispatch_uid="caricc-collations")


class Collated(Collate):
    """An expression compared in the language's alphabet on either database."""

    def __init__(self, expression, language):
        super().__init__(expression, f"{language}-x-icu")
        self.language = language

    def as_sqlite(self, compiler, connection, **extra_context):
        self.collation = sqlite_collation_name(self.language)
        return super().as_sql(compiler, connection, **extra_context)


class LastWord(Func):
    """The last word of a name: the surname of "Kairat Umarov"."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="regexp_replace(%(expressions)s, '^.*\\s', '')"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="caricc_last_word")


def by_name(field, language, surname=False):
    """An ordering expression: the shown name (or its last word) in the reader's alphabet."""
    expression = shown_column(field, language)
    if surname:
        expression = LastWord(expression)
    return Collated(expression, language)
