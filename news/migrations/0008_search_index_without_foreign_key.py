"""PostgreSQL: the search table no longer references news_article, so flush can truncate it."""

from django.db import migrations


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE news_article_search "
            "DROP CONSTRAINT IF EXISTS news_article_search_article_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0007_covering_public_index")]

    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop)]
