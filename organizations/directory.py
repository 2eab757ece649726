"""The directory as a reader's choice lists: every organization, every official, by name.

The news page offers both lists (a thousand entries) on every page. They change in
editors' time, not readers', so each worker makes a list once per language and keeps it
while the database's stamp of its table (core.table_stamps) is the one it was made
under: one small query a page instead of reading, sorting and escaping every entry.
"""

from django.utils import translation

from core import table_stamps
from core.collation import sort_key
from core.translation import fallback_order, in_every_language, shown_row
from core.widgets import Options

# (model label, language) -> (stamp, Listing): this worker's lists.
_kept = {}


class Listing:
    """Every entry of one table as (slug, name) choices, in the reader's language and its
    alphabetical order, and as the options of a select."""

    def __init__(self, entries, language):
        # entries: (slug, name, the name's language); a name's language is said in its
        # option only where it is not the page's.
        self.choices = choices = [(slug, name) for slug, name, _shown_in in entries]
        self.options = Options(
            choices, [None if shown_in == language else shown_in for *_, shown_in in entries]
        )
        # A function (a form copies a bound method's object deeply, every entry with it).
        self.get_choices = lambda: choices


def choices(model):
    """(slug, name, the name's language) of every organization or official, named in the
    reader's language (or the first fallback it is written in) and in its alphabetical
    order.

    Read as plain columns, the translated-field manager's rewriting off: its values() fills
    in each row's fallbacks, several times the cost of reading it. Sorted here, each name's
    key made once, rather than by SQLite calling the alphabet's comparison for each of the
    ten thousand comparisons a thousand names take.
    """
    # The reader's language first, then its fallbacks: worked out once, not per entry.
    language, order = translation.get_language(), fallback_order()
    entries = [
        (row["pk"], row["slug"], *shown_row(row, "name", order))
        for row in model.objects.rewrite(False).values("pk", "slug", *in_every_language("name"))
    ]
    entries.sort(key=lambda entry: (sort_key(entry[3], language), entry[0]))
    return [(slug, name, shown_in) for _pk, slug, shown_in, name in entries]


def listings(*models):
    """A Listing of each model as its table stands now, in the reader's language: the stamps
    read first (one query), so that a list is never older than the stamp it is kept under."""
    language = translation.get_language()
    found = []
    for model, stamp in zip(models, table_stamps.stamps(*models), strict=True):
        key = (model._meta.label, language)
        kept = _kept.get(key)
        if stamp is not None and kept is not None and kept[0] == stamp:
            found.append(kept[1])
            continue
        listing = Listing(choices(model), language)
        if stamp is not None:
            _kept[key] = (stamp, listing)
        found.append(listing)
    return found
