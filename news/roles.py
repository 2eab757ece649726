"""The newsroom's roles, as groups: who may do what. Said once, applied by migrations
and again after every migrate (so a flushed or new database always has them)."""

from django.contrib.auth.management import create_permissions

CONTENT = {
    "news": ["article"],
    "organizations": ["organization", "official", "position", "membership", "notamention"],
}
ACTIONS = ["add", "change", "delete", "view"]

ROLES = {
    # Editors publish, schedule and correct everything, and read the audit trail.
    "Editors": [
        *(
            (app, f"{action}_{model}")
            for app, models in CONTENT.items()
            for model in models
            for action in ACTIONS
        ),
        ("news", "publish_article"),
        ("caricc_site", "view_change"),
        # They issue and revoke partners' API keys, and see what mirrors were told to remove.
        ("partners", "add_partnerkey"),
        ("partners", "change_partnerkey"),
        ("partners", "view_partnerkey"),
        ("partners", "view_tombstone"),
    ],
    # Authors write and edit drafts and read the register they link to.
    "Authors": [
        *(("news", f"{action}_article") for action in ACTIONS),
        *(("organizations", f"view_{model}") for model in CONTENT["organizations"]),
    ],
}


def sync_roles(apps, using="default"):
    """Create the groups with exactly their permissions (those that exist yet)."""
    for app_label in ["news", "organizations", "caricc_site", "partners"]:
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue
        # Migration-time app configs have no models_module; create_permissions wants one.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = [
            permission
            for permission in Permission.objects.using(using)
            .filter(codename__in={codename for _app, codename in wanted})
            .select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in set(wanted)
        ]
        group.permissions.set(permissions)
