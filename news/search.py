"""Full-text search of published articles: SQLite FTS5 or PostgreSQL, behind one interface.

The index is a table of its own (news_article_search) holding each article's
headline, summary and body as plain text, kept current by signals on save and
delete, and rebuilt by `manage.py rebuild_search_index` after bulk loads.
Whether an article may be shown is decided at query time by the queryset the
caller passes (`Article.objects.published()`, through ArticleQuerySet), so the
one public rule is compiled into the search's SQL and drafts never appear.
This module knows the index, not the model: news.models calls it.
"""

import functools
import html
import re
from dataclasses import dataclass

import snowballstemmer
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.inflection import dictionary_forms
from core.translation import in_every_language

MARK_START, MARK_END = "\x02", "\x03"
MAX_TERMS = 16
MAX_QUERY_LENGTH = 300
COUNT_LIMIT = 1000
# Ranked by relevance among the newest this many matches (by when they were added): readers
# page through as many, and ranking every match of a common word (8,500 of 100,000
# articles for "heroin seizure") costs three times as much on SQLite.
RANKED = COUNT_LIMIT


@dataclass
class Hit:
    article: object  # an Article
    snippet: str  # safe HTML, the matches in <mark>


def plain_text(article):
    """Headline, summary and body as plain text, each in every language it is written in."""

    def joined(field):
        columns = [c for c in in_every_language(field) if hasattr(article, c)]
        values = [getattr(article, c) for c in columns] or [getattr(article, field)]
        return " ".join(dict.fromkeys(v for v in values if v))

    body = re.sub(r"\s+", " ", html.unescape(strip_tags(joined("body")))).strip()
    return joined("title"), joined("summary"), body


def highlight(text):
    """Escape a snippet and turn the engine's markers into <mark> elements."""
    escaped = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(escaped)


def terms(query):
    """The words of a reader's query, whatever else it holds; at most MAX_TERMS."""
    return re.findall(r"\w+", (query or "")[:MAX_QUERY_LENGTH])[:MAX_TERMS]


CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


KAZAKH_RE = re.compile("[әғқңөұүһі]", re.IGNORECASE)


@functools.cache
def russian_stemmer():
    return snowballstemmer.stemmer("russian")


def word_forms(word):
    """What a query word may stand for: the word itself and, for a Russian or Kazakh
    word, its Snowball stem. PostgreSQL matches both as prefixes, so "Казахстане"
    finds "Казахстан" and "Казахстана", and a Kazakh word finds its suffixed forms."""
    word = word.lower()
    if not CYRILLIC_RE.search(word):
        return [word]
    return list(dict.fromkeys([word, russian_stemmer().stemWord(word)]))


def lemmas(text):
    """The dictionary forms of a text's Cyrillic words (pymorphy3, as the mention linker
    reads them), indexed so that any form of a Russian word finds the others exactly:
    "Казахстана" and "Казахстане" are both казахстан, "отца" is отец. Snowball's stems
    are not: "казахстана" is казахста, "казахстане" казахстан."""
    forms = set()
    for word in cyrillic_words(text).split():
        forms |= dictionary_forms(word)
    return " ".join(sorted(forms))


def cyrillic_words(text):
    """The Russian and Kazakh words of a text, as written (lower case)."""
    return " ".join(w.lower() for w in re.findall(r"\w+", text) if CYRILLIC_RE.search(w))


def condition_of(articles):
    """The WHERE clause of a queryset of articles, as SQL on news_article, and its parameters."""
    query = articles.query
    compiler = query.get_compiler(connection=connection)
    return query.where.as_sql(compiler, connection)


# Headline matches weigh most, then the summary, the body and the dictionary forms. Given
# as FTS5's rank rather than as bm25() in ORDER BY, the index ranks in its own loop and
# hands the rows over in order, so the join stops at the page and snippet() runs for the
# rows shown only: 26 -> 9.5 ms for a two-word query matching 8,500 of 100,000 articles.
RANKING = "bm25(10.0, 4.0, 1.0, 1.0)"


class SQLiteBackend:
    def create(self, cursor):
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS news_article_search USING fts5("
            "title, summary, body, lemmas, tokenize = 'porter unicode61 remove_diacritics 2')"
        )

    def drop(self, cursor):
        cursor.execute("DROP TABLE IF EXISTS news_article_search")

    def upsert(self, cursor, pk, title, summary, body):
        cursor.execute("DELETE FROM news_article_search WHERE rowid = %s", [pk])
        cursor.execute(
            "INSERT INTO news_article_search (rowid, title, summary, body, lemmas) "
            "VALUES (%s, %s, %s, %s, %s)",
            [pk, title, summary, body, lemmas(f"{title} {summary} {body}")],
        )

    def delete(self, cursor, pk):
        cursor.execute("DELETE FROM news_article_search WHERE rowid = %s", [pk])

    def match(self, words):
        # Each word quoted (so nothing in it is syntax), all required, the last as a prefix;
        # a Russian word as a prefix or by any of its dictionary forms in the lemmas
        # column; a Kazakh word, which adds suffixes to its stem, as a prefix of the word
        # or of its Snowball stem.
        clauses = []
        for position, word in enumerate(words):
            word = word.replace('"', "")
            forms = word_forms(word)
            if CYRILLIC_RE.search(word) and not KAZAKH_RE.search(word):
                dictionary = " OR ".join(f'"{form}"' for form in sorted(dictionary_forms(word)))
                clauses.append(f'("{forms[0]}"* OR lemmas : ({dictionary}))')
            elif len(forms) > 1 or CYRILLIC_RE.search(word):
                clauses.append("(" + " OR ".join(f'"{form}"*' for form in forms) + ")")
            else:
                last = position == len(words) - 1
                clauses.append(f'"{forms[0]}"' + ("*" if last else ""))
        return " AND ".join(clauses)

    def search(self, cursor, words, condition, limit, offset):
        where, params = condition
        match = self.match(words)
        # One walk of the matches, newest first, for both what the page says (how many,
        # up to COUNT_LIMIT + 1) and what is ranked: the newest RANKED. The index then
        # ranks from the RANKED-th newest on and hands over the page in order.
        cursor.execute(
            f"""WITH newest AS MATERIALIZED (
                    SELECT news_article_search.rowid AS id FROM news_article_search
                    CROSS JOIN news_article ON news_article.id = news_article_search.rowid
                    WHERE news_article_search MATCH %s AND {where}
                    ORDER BY news_article_search.rowid DESC LIMIT %s)
                SELECT (SELECT COUNT(*) FROM newest), news_article_search.rowid,
                       snippet(news_article_search, 2, %s, %s, '…', 24)
                FROM news_article_search
                CROSS JOIN news_article ON news_article.id = news_article_search.rowid
                WHERE news_article_search MATCH %s AND rank MATCH %s AND {where}
                  AND news_article_search.rowid >= COALESCE(
                      (SELECT id FROM newest ORDER BY id DESC LIMIT 1 OFFSET %s), 0)
                ORDER BY rank
                LIMIT %s OFFSET %s""",
            [
                *(match, *params, max(COUNT_LIMIT, RANKED) + 1),
                *(MARK_START, MARK_END, match, RANKING, *params, RANKED - 1),
                *(limit, offset),
            ],
        )
        rows = cursor.fetchall()
        if not rows:
            # Past the last page (or nothing matches): the count alone.
            return (self.count(cursor, words, condition) if offset else 0), []
        return rows[0][0], [(pk, snippet) for _, pk, snippet in rows]

    def ids(self, words):
        """SQL for the ids of the articles matching every word, and its parameters."""
        return (
            "SELECT rowid FROM news_article_search WHERE news_article_search MATCH %s",
            [self.match(words)],
        )

    def count(self, cursor, words, condition):
        where, params = condition
        cursor.execute(
            # CROSS JOIN makes SQLite read the index first, not every article.
            f"""SELECT COUNT(*) FROM (SELECT 1 FROM news_article_search
                CROSS JOIN news_article ON news_article.id = news_article_search.rowid
                WHERE news_article_search MATCH %s AND {where} LIMIT %s)""",
            [self.match(words), *params, COUNT_LIMIT + 1],
        )
        return cursor.fetchone()[0]


class PostgreSQLBackend:
    def create(self, cursor):
        cursor.execute(
            # No foreign key: Django's flush truncates news_article without knowing this
            # table. Rows go with their article (post_delete), and queries join the article.
            """CREATE TABLE IF NOT EXISTS news_article_search (
                   article_id bigint PRIMARY KEY,
                   body text NOT NULL,
                   document tsvector NOT NULL)"""
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS news_article_search_document "
            "ON news_article_search USING gin (document)"
        )

    def drop(self, cursor):
        cursor.execute("DROP TABLE IF EXISTS news_article_search")

    def upsert(self, cursor, pk, title, summary, body):
        cursor.execute(
            # The russian configuration stems English words as the english one does
            # (asciiword: english_stem) and Russian words with Snowball; the words of
            # Russian and Kazakh as written are added ('simple') for prefix matching.
            """INSERT INTO news_article_search (article_id, body, document)
               VALUES (%s, %s, setweight(to_tsvector('russian', %s), 'A')
                             || setweight(to_tsvector('russian', %s), 'B')
                             || setweight(to_tsvector('russian', %s), 'C')
                             || setweight(to_tsvector('simple', %s), 'D'))
               ON CONFLICT (article_id) DO UPDATE
               SET body = EXCLUDED.body, document = EXCLUDED.document""",
            [pk, body, title, summary, body, cyrillic_words(f"{title} {summary} {body}")],
        )

    def delete(self, cursor, pk):
        cursor.execute("DELETE FROM news_article_search WHERE article_id = %s", [pk])

    def tsquery(self):
        # Every word required, the last as a prefix, as in the SQLite backend.
        return "to_tsquery('russian', %s)"

    def match(self, words):
        cleaned = [re.sub(r"[^\w]", "", w) for w in words]
        cleaned = [w for w in cleaned if w]
        if not cleaned:
            return None
        clauses = []
        for position, word in enumerate(cleaned):
            if CYRILLIC_RE.search(word):
                clauses.append("(" + " | ".join(f"{f}:*" for f in word_forms(word)) + ")")
            else:
                clauses.append(word + (":*" if position == len(cleaned) - 1 else ""))
        return " & ".join(clauses)

    def search(self, cursor, words, condition, limit, offset):
        query = self.match(words)
        if query is None:
            return 0, []
        where, params = condition
        # As on SQLite, one walk of the matches serves both the count (up to
        # COUNT_LIMIT + 1) and the ranking of the newest RANKED. ts_rank weighs how
        # often the words occur, by field, as SQLite's bm25 does; the cover density of
        # ts_rank_cd costs twice as much (58 against 33 ms for a query matching 8,500 of
        # 100,000 articles) and would rank unlike the other backend. Only the page's
        # bodies are read, for their headlines.
        cursor.execute(
            f"""WITH newest AS MATERIALIZED (
                    SELECT news_article_search.article_id, news_article_search.document,
                           news_article.published_at
                    FROM news_article_search
                    JOIN news_article ON news_article.id = news_article_search.article_id
                    WHERE news_article_search.document @@ {self.tsquery()} AND {where}
                    ORDER BY news_article_search.article_id DESC
                    LIMIT %s)
                SELECT (SELECT COUNT(*) FROM newest), ranked.article_id,
                       ts_headline('russian', news_article_search.body, {self.tsquery()},
                                   'StartSel=' || %s || ', StopSel=' || %s
                                   || ', MaxWords=35, MinWords=15, MaxFragments=1')
                FROM (SELECT ranking.article_id, ranking.published_at,
                             ts_rank(ranking.document, {self.tsquery()}) AS rank
                      FROM (SELECT * FROM newest ORDER BY article_id DESC LIMIT %s) AS ranking
                      ORDER BY rank DESC, ranking.published_at DESC
                      LIMIT %s OFFSET %s) AS ranked
                JOIN news_article_search
                  ON news_article_search.article_id = ranked.article_id
                ORDER BY ranked.rank DESC, ranked.published_at DESC""",
            [
                *(query, *params, max(COUNT_LIMIT, RANKED) + 1),
                *(query, MARK_START, MARK_END, query, RANKED, limit, offset),
            ],
        )
        rows = cursor.fetchall()
        if not rows:
            return (self.count(cursor, words, condition) if offset else 0), []
        return rows[0][0], [(pk, snippet) for _, pk, snippet in rows]

    def ids(self, words):
        """SQL for the ids of the articles matching every word, and its parameters."""
        return (
            f"SELECT article_id FROM news_article_search WHERE document @@ {self.tsquery()}",
            [self.match(words)],
        )

    def count(self, cursor, words, condition):
        query = self.match(words)
        if query is None:
            return 0
        where, params = condition
        cursor.execute(
            f"""SELECT COUNT(*) FROM (SELECT 1 FROM news_article_search
                JOIN news_article ON news_article.id = news_article_search.article_id
                WHERE news_article_search.document @@ {self.tsquery()} AND {where}
                LIMIT %s) AS matches""",
            [query, *params, COUNT_LIMIT + 1],
        )
        return cursor.fetchone()[0]


def backend(vendor=None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgreSQLBackend()
    if vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No article search for the {vendor} database.")


def index_article(article):
    with connection.cursor() as cursor:
        backend().upsert(cursor, article.pk, *plain_text(article))


def unindex_article(pk):
    with connection.cursor() as cursor:
        backend().delete(cursor, pk)


def rebuild_index(articles, batch=2000):
    """Index these articles (all of them) again; returns how many."""
    count = 0
    engine = backend()
    with connection.cursor() as cursor:
        engine.drop(cursor)
        engine.create(cursor)
        for article in articles.order_by("pk").iterator(chunk_size=batch):
            engine.upsert(cursor, article.pk, *plain_text(article))
            count += 1
    return count


class Results(list):
    """A page of hits, best first, and how many articles match in all (`total`, counted
    up to COUNT_LIMIT + 1)."""

    def __init__(self, hits=(), total=0):
        super().__init__(hits)
        self.total = total


def search_articles(articles, query, limit=20, offset=0):
    """Those of `articles` that match the query, best first, with highlighted snippets,
    and how many match (Results).

    `articles` must filter on the article table alone (as published() does).
    """
    words = terms(query)
    if not words:
        return Results()
    with connection.cursor() as cursor:
        total, rows = backend().search(cursor, words, condition_of(articles), limit, offset)
    articles = articles.select_related("source").in_bulk([pk for pk, _ in rows])
    hits = [Hit(articles[pk], highlight(snippet or "")) for pk, snippet in rows if pk in articles]
    return Results(hits, total)


def filter_matching(queryset, query):
    """Narrow a queryset of articles to those matching the query, through the index."""
    words = terms(query)
    engine = backend()
    if not words or (isinstance(engine, PostgreSQLBackend) and engine.match(words) is None):
        return queryset.none()
    sql, params = engine.ids(words)
    return queryset.filter(pk__in=RawSQL(sql, params))
