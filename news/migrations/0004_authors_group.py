"""Roles as groups: Authors write drafts; Editors also publish, schedule and correct (see
news.roles)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from news.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_lead_image_wire_fingerprint_publish_permission"),
        ("caricc_site", "0001_audit_trail"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
