"""The dictionary forms a word may stand for, so that a name is found however it is declined.

Russian words are read with pymorphy3 (OpenCorpora's dictionary): "Казахстане" and
"Казахстана" are both казахстан. Kazakh adds suffixes to an unchanged stem
("Қазақстанның", "Азиядағы", "Интерполға"), so a Kazakh word also stands for what
is left when up to three of its case, plural and possessive suffixes are taken off.
Case is ignored and ё is е, as Russian writing mostly treats it.
"""

import functools
import re
import unicodedata

# Plural, possessive and case endings, in every vowel-harmony and consonant variant.
KAZAKH_SUFFIXES = sorted(
    {
        *["лар", "лер", "дар", "дер", "тар", "тер"],
        *[
            "ым",
            "ім",
            "м",
            "ың",
            "ің",
            "ң",
            "ы",
            "і",
            "сы",
            "сі",
            "мыз",
            "міз",
            "ымыз",
            "іміз",
            "ңыз",
            "ңіз",
            "ыңыз",
            "іңіз",
        ],
        *["ның", "нің", "дың", "дің", "тың", "тің"],
        *["ға", "ге", "қа", "ке", "на", "не", "а", "е"],
        *["ны", "ні", "ды", "ді", "ты", "ті", "н"],
        *["да", "де", "та", "те", "нда", "нде"],
        *["дан", "ден", "тан", "тен", "нан", "нен"],
        *["мен", "бен", "пен"],
        *["дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі"],
    },
    key=len,
)
KAZAKH_SUFFIX_LAYERS = 3
# A stem shorter than this is too likely to be another word.
MIN_STEM = 3

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@functools.cache
def analyser():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def plain_word(word):
    return word.casefold().replace("ё", "е")


@functools.lru_cache(maxsize=100_000)
def dictionary_forms(word):
    """What a word of a name stands for: itself, and in Cyrillic its Russian lemmas."""
    word = plain_word(word)
    if not CYRILLIC.search(word):
        return frozenset({word})
    return frozenset({word, *(plain_word(parse.normal_form) for parse in analyser().parse(word))})


@functools.lru_cache(maxsize=100_000)
def text_forms(word):
    """What a word of running text may stand for: its dictionary forms, and in Cyrillic
    its Kazakh stems."""
    forms = set(dictionary_forms(word))
    if CYRILLIC.search(word):
        forms |= kazakh_stems(plain_word(word))
    return frozenset(forms)


def kazakh_stems(word):
    stems, current = set(), {word}
    for _layer in range(KAZAKH_SUFFIX_LAYERS):
        current = {
            stem[: -len(suffix)]
            for stem in current
            for suffix in KAZAKH_SUFFIXES
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM
        }
        stems |= current
    return stems


LATIN_FOLDS = [
    ("kh", "h"), ("q", "k"), ("ou", "u"), ("dzh", "j"), ("zh", "j"), ("yy", "y"), ("iy", "i"),
    ("y", "i"),
]  # fmt: skip
BETWEEN_VOWELS_I = re.compile(r"(?<=[aeou])i(?=[aeou])")
DOUBLED = re.compile(r"(\w)\1+")


def fold_latin(text):
    """Latin letters without their diacritics (Türkiye is Turkiye), other letters as they
    are; the result has the same length, so positions in it are positions in `text`."""
    return "".join(_fold_letter(c) for c in text)


@functools.lru_cache(maxsize=4096)
def _fold_letter(c):
    if c.isascii() or not ("\u00c0" <= c <= "\u024f"):
        return c
    base = unicodedata.normalize("NFKD", c)[0]
    return base if base.isascii() else c


@functools.lru_cache(maxsize=100_000)
def name_key(word):
    """One spelling for the ways a Central Asian name is written in Latin letters:
    Yazlyev, Yazlyyev and Iazlyev; Kairat, Kayrat and Qairat; Tokayev and Tokaev;
    Zhanibek and Janibek."""
    key = fold_latin(word).casefold()
    for written, spoken in LATIN_FOLDS:
        key = key.replace(written, spoken)
    key = BETWEEN_VOWELS_I.sub("", key)
    return DOUBLED.sub(r"\1", key)
