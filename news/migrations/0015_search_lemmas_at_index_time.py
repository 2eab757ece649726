"""Russian words' dictionary forms indexed on SQLite: the index is made again with its new column."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from news.search import backend, plain_text

    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL's index is unchanged.
    engine = backend(schema_editor.connection.vendor)
    Article = apps.get_model("news", "Article")
    with schema_editor.connection.cursor() as cursor:
        engine.drop(cursor)
        engine.create(cursor)
        for article in Article.objects.iterator(chunk_size=2000):
            engine.upsert(cursor, article.pk, *plain_text(article))


class Migration(migrations.Migration):
    dependencies = [("news", "0014_alter_article_slug")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
