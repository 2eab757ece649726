"""A stamp per table that changes whenever any of its rows does, kept by the database.

What is derived from a whole table and changes in editors' time (the directory's choice
lists on every news page) can then be made once and kept by each worker, and checked
with one small query against the stamp it was made under: every worker, every machine
and every writer (the admin, the API, `QuerySet.update()`, a bulk load, raw SQL) moves
the stamp, since triggers move it, so nothing kept outlives the rows it came from.

A stamp is a random value, never a counter: a change rolled back would return a counter
to a number the next change reuses, and what was made inside the rolled-back
transaction would pass for the next change's.

The table and its triggers are (re)made after every migrate and flush (SQLite drops a
table's triggers when a migration remakes it), each stamp then renewed.
"""

from django.db import connections, transaction

TABLE = "core_table_stamp"

_watched = set()

# A new stamp, as each database makes one.
NEW_STAMP = {
    "sqlite": "lower(hex(randomblob(8)))",
    "postgresql": "md5(random()::text || clock_timestamp()::text)",
}


def watch(*models):
    """Keep a stamp for each of these models' tables."""
    _watched.update(model._meta.db_table for model in models)


def _sqlite(table):
    trigger = f"{TABLE}_{table}"
    renew = f"BEGIN UPDATE {TABLE} SET stamp = {NEW_STAMP['sqlite']} WHERE name = '{table}'; END"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {trigger}_insert AFTER INSERT ON {table} {renew}",
        f"CREATE TRIGGER IF NOT EXISTS {trigger}_update AFTER UPDATE ON {table} {renew}",
        f"CREATE TRIGGER IF NOT EXISTS {trigger}_delete AFTER DELETE ON {table} {renew}",
    ]


def _postgresql(table):
    trigger = f"{TABLE}_{table}"
    # One per statement: a bulk load renews the stamp once. TRUNCATE fires no row trigger.
    return [
        f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
        f"""CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_renew()""",
    ]


SETUP = {
    "sqlite": [f"CREATE TABLE IF NOT EXISTS {TABLE} (name text PRIMARY KEY, stamp text NOT NULL)"],
    "postgresql": [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (name text PRIMARY KEY, stamp text NOT NULL)",
        f"""CREATE OR REPLACE FUNCTION {TABLE}_renew() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {TABLE} SET stamp = {NEW_STAMP["postgresql"]} WHERE name = TG_TABLE_NAME;
                RETURN NULL;
            END $$""",
    ],
}
TRIGGERS = {"sqlite": _sqlite, "postgresql": _postgresql}


def install(using="default"):
    """Make the table and the watched tables' triggers if missing, and renew every stamp."""
    connection = connections[using]
    if connection.vendor not in SETUP:
        return
    existing = set(connection.introspection.table_names())
    tables = sorted(table for table in _watched if table in existing)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in SETUP[connection.vendor]:
            cursor.execute(statement)
        for table in tables:
            for statement in TRIGGERS[connection.vendor](table):
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {TABLE} WHERE name = %s", [table])
            cursor.execute(
                f"INSERT INTO {TABLE} (name, stamp) VALUES (%s, {NEW_STAMP[connection.vendor]})",
                [table],
            )


def stamps(*models, using="default"):
    """Each model's current stamp, in one query, in the order given; None for a model whose
    stamp this database does not keep (another database, a table not watched or its stamp
    gone): what is derived from it cannot be kept.

    The table exists once `migrate` has run, as every other table does."""
    connection = connections[using]
    tables = [model._meta.db_table for model in models]
    found = {}
    if connection.vendor in SETUP and any(table in _watched for table in tables):
        marks = ", ".join(["%s"] * len(tables))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, stamp FROM {TABLE} WHERE name IN ({marks})", tables)
            found = dict(cursor.fetchall())
    return [found.get(table) if table in _watched else None for table in tables]


def after_migrate(sender, using="default", **kwargs):
    install(using)
