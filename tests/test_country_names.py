"""States are named in Russian and Kazakh from CLDR, unless an editor names them."""

import json

import pytest
from django.core.management import call_command

from organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_seed_states_read_in_russian_and_kazakh(client):
    call_command("load_seed")
    kazakhstan = Organization.objects.get(slug="kazakhstan")
    assert (kazakhstan.name_ru, kazakhstan.name_kk) == ("Казахстан", "Қазақстан")
    assert Organization.objects.get(slug="great-britain").name_kk == "Ұлыбритания"
    page = client.get("/kk/organizations/kazakhstan/").content.decode()
    assert '<h1 lang="kk">Қазақстан' in page
    assert "Азербайджан" in client.get("/ru/organizations/caricc/").content.decode()
    # Not a state: its names are the seed's own, not CLDR's.
    assert Organization.objects.get(slug="interpol").name_ru == "Интерпол"


def test_a_new_state_gets_its_names_and_an_editors_name_stays(editor_client):
    response = editor_client.post(
        "/api/v1/organizations/",
        json.dumps(
            {
                "name": "Kyrgyzstan",
                "slug": "kyrgyzstan",
                "classification": "state",
                "iso_code": "KG",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    state = Organization.objects.get(slug="kyrgyzstan")
    assert state.name_kk == "Қырғызстан"
    state.name_ru = "Кыргызстан"
    state.save()
    call_command("apply_country_names")
    state.refresh_from_db()
    assert state.name_ru == "Кыргызстан"
    call_command("apply_country_names", "--replace")
    state.refresh_from_db()
    assert state.name_ru == "Киргизия"
