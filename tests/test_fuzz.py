"""The fuzzed contract: schemathesis against the live schema on a running server.

Every operation in /api/schema/ is fed generated requests, valid and invalid, as an
anonymous client, as a partner with a key and as an editor who may write (on the
test's own throwaway database). Nothing may answer 5xx, nothing may
contradict the schema, invalid input must get a 4xx, and no draft or scheduled article
may appear in any answer (the check in fuzz_hooks.py).
"""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from news.models import Status
from partners.models import PartnerKey

from .factories import make_article

SECRETS = ["Unpublished draft zq7", "Embargoed story zq7", "draft-zq7", "embargoed-zq7"]
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "12")

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    """The seed, a draft and a scheduled article, behind a running server."""
    # The fuzzer sends thousands of requests; limits are tested in test_partner_access.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "100000/minute",
            "partner": "100000/minute",
            "user": "100000/minute",
            "wrong-key": "100000/minute",
        },
    }
    call_command("loaddata", "caricc", verbosity=0)
    make_article(
        slug="draft-zq7", title="Unpublished draft zq7", status=Status.DRAFT, published_at=None
    )
    make_article(
        slug="embargoed-zq7",
        title="Embargoed story zq7",
        published_at=timezone.now() + datetime.timedelta(days=30),
    )
    return live_server


def schemathesis(site, directory, secrets, *options):
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{site.url}/api/schema/",
        "--checks=all",
        # Valid-looking requests the API rightly refuses: a filter naming a slug that does
        # not exist, a cursor with a page number. OpenAPI 3.0 cannot describe either.
        "--exclude-checks=positive_data_acceptance",
        "--workers=1",
        "--seed=20261130",
        "--request-timeout=30",
        "--max-failures=20",
        *options,
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": str(Path(__file__).with_name("fuzz_hooks.py")),
        "CARICC_FUZZ_SECRETS": "|".join(secrets),
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=directory, timeout=1800
    )
    return result.returncode, result.stdout + result.stderr


def only_transport_errors(output):
    """No check failed and every error is the test server refusing a malformed request.

    The live server is Python's http.server, which answers a request line it cannot
    parse (a generated control character, say) with a bare HTML page and closes the
    connection; the client reports that as a network error. It never reaches the site.
    """
    summary = output[output.rfind("=== SUMMARY ===") :]
    errors = re.findall(r"🚫 ([^:\n]+): \d+", summary)
    return "Failures:" not in summary and errors and set(errors) == {"Network Error"}


@pytest.mark.parametrize("client_kind", ["anonymous", "keyed"])
def test_the_fuzzed_api_keeps_its_contract(site, client_kind, tmp_path):
    options = [f"--max-examples={EXAMPLES}"]
    if client_kind == "keyed":
        _key_object, key = PartnerKey.objects.create_key(name="Fuzzer", partner="Tests")
        options.append(f"--header=Authorization: Api-Key {key}")
    returncode, output = schemathesis(site, tmp_path, SECRETS, *options)
    assert returncode == 0 or only_transport_errors(output), output[-20000:]
    tested = re.search(r"Tested: (\d+)", output)
    assert tested and int(tested.group(1)) >= 30, output[-3000:]


def test_the_fuzzed_api_keeps_its_contract_for_an_editor_writing(site, tmp_path, settings):
    """An editor may write everything: generated writes, valid and not, never get a 5xx."""
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("fuzz-editor", password="fuzz-editor-pw-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    # Editors see drafts: the leak check is for the public, so it looks for nothing here.
    returncode, output = schemathesis(
        site, tmp_path, [], f"--max-examples={EXAMPLES}", "--auth=fuzz-editor:fuzz-editor-pw-1"
    )
    assert returncode == 0 or only_transport_errors(output), output[-20000:]
    tested = re.search(r"Tested: (\d+)", output)
    assert tested and int(tested.group(1)) >= 30, output[-3000:]


def test_the_leak_check_catches_what_it_looks_for(site, tmp_path):
    # "Kazinform" is public: if the check works, it must flag the article list.
    returncode, output = schemathesis(
        site,
        tmp_path,
        ["Kazinform"],
        "--phases=fuzzing",
        "--max-examples=3",
        "--include-path-regex=/articles/$",
        "--include-method=GET",
    )
    assert returncode != 0
    assert "no_unpublished_content" in output
    assert "Unpublished content in the response: Kazinform" in output
