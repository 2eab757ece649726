"""Roles as groups: Authors write drafts; Editors also publish, schedule and correct."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "news": ["article"],
    "organizations": ["organization", "official", "position", "membership"],
}


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; these need them now.
    for app_label in ["news", "organizations", "caricc_site"]:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permissions(apps, pairs):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label, codename in pairs:
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *permissions(
            apps,
            [
                ("news", "publish_article"),
                ("caricc_site", "view_change"),
            ],
        )
    )
    authors, _ = Group.objects.get_or_create(name="Authors")
    authors.permissions.set(
        permissions(
            apps,
            [("news", f"{action}_article") for action in ["add", "change", "delete", "view"]]
            + [
                ("organizations", f"view_{model}")
                for model in CONTENT["organizations"]
            ],
        )
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Authors").delete()
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(
                codename__in=["publish_article", "view_change"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_lead_image_wire_fingerprint_publish_permission"),
        ("caricc_site", "0001_audit_trail"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
