"""The full-text index of articles: FTS5 on SQLite, tsvector with GIN on PostgreSQL."""

from django.db import migrations


def create_index(apps, schema_editor):
    from news.search import backend, plain_text

    engine = backend(schema_editor.connection.vendor)
    Article = apps.get_model("news", "Article")
    with schema_editor.connection.cursor() as cursor:
        engine.create(cursor)
        for article in Article.objects.iterator():
            engine.upsert(cursor, article.pk, *plain_text(article))


def drop_index(apps, schema_editor):
    from news.search import backend

    with schema_editor.connection.cursor() as cursor:
        backend(schema_editor.connection.vendor).drop(cursor)


class Migration(migrations.Migration):
    dependencies = [("news", "0004_authors_group")]

    operations = [migrations.RunPython(create_index, drop_index)]
