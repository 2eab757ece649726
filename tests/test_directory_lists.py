"""The news page's lists of organizations and officials: made once per change of the
directory, and following every change at once, whoever makes it and however."""

import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from organizations.models import Official, Organization

from .factories import make_official, make_organization

pytestmark = pytest.mark.django_db


def offered(client, field="organization", prefix=""):
    """The names a reader is offered in one of the news page's lists, in order."""
    for alias in settings.CACHES:
        caches[alias].clear()  # some writes below send no signal to renew the public cache
    page = client.get(f"{prefix}/news/").content.decode()
    select = page[page.index(f'<select name="{field}"') :]
    select = select[: select.index("</select>")]
    return re.findall(r"<option value=\"[^\"]*\"[^>]*>([^<]*)</option>", select)


def test_every_kind_of_write_reaches_the_list_at_once(client):
    customs = make_organization(name="Customs Service", name_ru="Таможенная служба")
    make_organization(name="Border Guard", name_ru="Пограничная служба")
    assert offered(client) == ["Any organization", "Border Guard", "Customs Service"]
    assert offered(client, prefix="/ru") == [
        "Любая организация",
        "Пограничная служба",
        "Таможенная служба",
    ]

    customs.name_en = "Agency of Customs"
    customs.save()
    assert offered(client) == ["Any organization", "Agency of Customs", "Border Guard"]
    # No signal, no save(): the database itself says the table changed.
    Organization.objects.filter(pk=customs.pk).update(name_ru="Агентство таможни")
    assert offered(client, prefix="/ru")[1] == "Агентство таможни"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE organizations_organization SET name_en = %s WHERE id = %s",
            ["Zollamt", customs.pk],
        )
    assert offered(client) == ["Any organization", "Border Guard", "Zollamt"]
    Organization.objects.bulk_create([Organization(name="Anti-Drug Agency", slug="anti-drug")])
    assert offered(client)[1] == "Anti-Drug Agency"
    Organization.objects.filter(pk=customs.pk).delete()
    assert offered(client) == ["Any organization", "Anti-Drug Agency", "Border Guard"]


def test_officials_list_follows_the_officials_only(client):
    make_official(name="Aida Tursunova", slug="tursunova")
    assert offered(client, "official") == ["Any official", "Aida Tursunova"]
    Official.objects.update(name_en="Aida Tursunova-Karimova")
    assert offered(client, "official") == ["Any official", "Aida Tursunova-Karimova"]


def test_a_change_rolled_back_leaves_nothing_of_itself(client):
    make_organization(name="Customs Service")
    assert offered(client)[1:] == ["Customs Service"]
    with transaction.atomic():
        Organization.objects.update(name_en="Never Committed")
        assert offered(client)[1:] == ["Never Committed"]
        transaction.set_rollback(True)
    # Seen in Russian (the English name, untranslated), so that the English list made
    # inside the transaction stays kept.
    assert offered(client, prefix="/ru")[1:] == ["Customs Service"]
    # The next change is not taken for the one undone (a counter would be back at it).
    Organization.objects.update(name_en="Customs Committee")
    assert offered(client)[1:] == ["Customs Committee"]


def test_an_unchanged_directory_is_not_read_again(client):
    make_organization(name="Customs Service")
    make_official(name="Aida Tursunova")
    offered(client)

    for alias in settings.CACHES:
        caches[alias].clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/news/").content.decode()
    assert "Customs Service" in page and "Aida Tursunova" in page
    read = [q["sql"] for q in queries if 'FROM "organizations_' in q["sql"]]
    assert read == []
    assert any("core_table_stamp" in q["sql"] for q in queries)


def test_the_chosen_entry_is_marked_and_a_hostile_one_is_not_echoed(client):
    make_organization(name='Customs "Service"', slug="customs")
    page = client.get("/news/?organization=customs").content.decode()
    assert '<option value="customs" selected>Customs &quot;Service&quot;</option>' in page
    assert '<option value="">Any organization</option>' in page
    page = client.get('/news/?organization="><script>').content.decode()
    assert "<script>" not in page
    assert "selected" not in page[page.index('<select name="organization"') :].split("</select>")[0]


def test_a_lost_stamp_means_the_list_is_made_at_every_page(client):
    make_organization(name="Customs Service")
    assert offered(client)[1:] == ["Customs Service"]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_table_stamp")
    assert offered(client)[1:] == ["Customs Service"]
    Organization.objects.update(name_en="Customs Committee")
    assert offered(client)[1:] == ["Customs Committee"]
    call_command("migrate", verbosity=0)
    Organization.objects.update(name_en="Customs Agency")
    assert offered(client)[1:] == ["Customs Agency"]


def test_lost_triggers_are_made_again_by_migrate(client):
    make_organization(name="Customs Service")
    assert offered(client)[1:] == ["Customs Service"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # What a migration that remakes the table does to its triggers.
            for operation in ["insert", "update", "delete"]:
                cursor.execute(
                    "DROP TRIGGER core_table_stamp_organizations_organization_" + operation
                )
        else:
            cursor.execute(
                "DROP TRIGGER core_table_stamp_organizations_organization"
                " ON organizations_organization"
            )
    Organization.objects.update(name_en="Renamed Unseen")
    call_command("migrate", verbosity=0)
    assert offered(client)[1:] == ["Renamed Unseen"]
    Organization.objects.update(name_en="Renamed Again")
    assert offered(client)[1:] == ["Renamed Again"]
