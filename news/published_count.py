"""How many articles are published, kept by the database as articles change.

Counting the public articles is the one cost of the unfiltered news list and API list
that grows with the archive: `COUNT(*)` walks an index entry per article (4 ms on
SQLite, 8 ms on PostgreSQL at 100,000 articles). The database keeps the number of
articles whose status is published in a one-row table, by triggers, so every write
counts, the ORM's, bulk loads and raw SQL alike; the public count is that number less
the scheduled articles, the few whose time has not come (ArticleQuerySet.count()).

The table and its triggers are (re)made and the number counted afresh after every
migrate and flush: SQLite drops a table's triggers when a migration remakes the table.
PostgreSQL counts by statement (a bulk insert is one update of the row), and a
TRUNCATE, which fires no row trigger, empties the count.
"""

from django.db import connections, transaction

TABLE = "news_article_published_count"

SQLITE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (total integer NOT NULL)",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON news_article
        WHEN NEW.status = %(published)s
        BEGIN UPDATE {TABLE} SET total = total + 1; END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON news_article
        WHEN OLD.status = %(published)s
        BEGIN UPDATE {TABLE} SET total = total - 1; END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF status ON news_article
        WHEN (OLD.status = %(published)s) <> (NEW.status = %(published)s)
        BEGIN UPDATE {TABLE}
              SET total = total + CASE WHEN NEW.status = %(published)s THEN 1 ELSE -1 END;
        END""",
]

POSTGRESQL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (total bigint NOT NULL)",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_change() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            change bigint := 0;
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                UPDATE {TABLE} SET total = 0;
                RETURN NULL;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                change := change + (SELECT COUNT(*) FROM new_rows WHERE status = %(published)s);
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                change := change - (SELECT COUNT(*) FROM old_rows WHERE status = %(published)s);
            END IF;
            IF change <> 0 THEN
                UPDATE {TABLE} SET total = total + change;
            END IF;
            RETURN NULL;
        END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_insert ON news_article",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON news_article
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_change()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_delete ON news_article",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON news_article
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_change()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_update ON news_article",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON news_article
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_change()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_truncate ON news_article",
    f"""CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON news_article
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_change()""",
]

STATEMENTS = {"sqlite": SQLITE, "postgresql": POSTGRESQL}


def install(using="default"):
    """Make the table and its triggers if they are missing, and count afresh."""
    connection = connections[using]
    statements = STATEMENTS.get(connection.vendor)
    if statements is None or "news_article" not in connection.introspection.table_names():
        return  # another database, or migrated back to before the articles
    from .models import Status

    # A trigger's body takes no parameters: the status is written into it as a literal.
    quoted = "'" + Status.PUBLISHED.replace("'", "''") + "'"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # No article changes between the count and the triggers counting.
            cursor.execute("LOCK TABLE news_article IN SHARE ROW EXCLUSIVE MODE")
        for statement in statements:
            cursor.execute(statement.replace("%(published)s", quoted))
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} (total) SELECT COUNT(*) FROM news_article WHERE status = %s",
            [Status.PUBLISHED],
        )


def public_count(scheduled):
    """The published articles less `scheduled` (a queryset of the published ones whose
    time has not come), in one query; None if no number is kept in this database."""
    using = scheduled.db
    if connections[using].vendor not in STATEMENTS:
        return None
    query = scheduled.order_by().values("pk").query
    sql, params = query.get_compiler(using=using).as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT total - (SELECT COUNT(*) FROM ({sql}) AS s) FROM {TABLE}", params)
        row = cursor.fetchone()
    return None if row is None else row[0]


def after_migrate(sender, using="default", **kwargs):
    install(using)
