"""Search with Russian morphology: the index is built again with the new document."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from news.search import backend, plain_text

    engine = backend(schema_editor.connection.vendor)
    Article = apps.get_model("news", "Article")
    with schema_editor.connection.cursor() as cursor:
        engine.create(cursor)
        for article in Article.objects.iterator(chunk_size=2000):
            engine.upsert(cursor, article.pk, *plain_text(article))


class Migration(migrations.Migration):
    dependencies = [("news", "0012_lead_image_random_names")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
