from django.db import migrations


def name_states_from_cldr(apps, schema_editor):
    # States saved before names came from CLDR get theirs; names editors wrote stay.
    from organizations.country_names import fill_names

    Organization = apps.get_model("organizations", "Organization")
    for state in Organization.objects.filter(classification="state").exclude(iso_code=""):
        fields = fill_names(state)
        if fields:
            state.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_membership_updated_at_position_updated_at"),
    ]

    operations = [
        migrations.RunPython(name_states_from_cldr, migrations.RunPython.noop),
    ]
