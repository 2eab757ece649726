"""Deployment settings and the local set-up commands."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a8Zq-3vN!r7Tt0pLm2Xw9Kc4Yh6Js1Df5Gb8Vn0Qe3Ru7Iy2Oa4",
    "DJANGO_ALLOWED_HOSTS": "caricc.example.org",
}


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    result = manage("shell", "-v0", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    shown = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"],
    )
    assert shown.stdout.strip() == "False", shown.stderr


@pytest.mark.parametrize(
    "secret", ["", "django-insecure-local-development-only-do-not-deploy", "aaaaaaaaaaaaaaaaaaaa"]
)
def test_without_debug_the_site_refuses_to_start_without_a_real_secret_key(secret):
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": secret})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_ensure_editor_creates_a_working_editor_once(settings, capsys, client):
    settings.DEBUG = True
    call_command("ensure_editor")
    assert "Log in at http://127.0.0.1:8000/admin/ as editor / editor" in capsys.readouterr().out
    call_command("ensure_editor")
    assert "exists (password unchanged)" in capsys.readouterr().out
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()
    assert client.login(request=HttpRequest(), username="editor", password="editor")
    assert client.get("/admin/news/article/add/").status_code == 200


@pytest.mark.django_db
def test_ensure_editor_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_editor")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_load_seed_fills_an_empty_site_and_then_leaves_editors_work_alone(capsys):
    from organizations.models import Organization

    call_command("load_seed")
    assert "Seed content loaded: 33 organizations, 1 article(s)." in capsys.readouterr().out
    from reversion.models import Version

    caricc = Organization.objects.get(slug="caricc")
    assert Version.objects.get_for_object(caricc).get().revision.comment == "Seed content."
    Organization.objects.filter(slug="caricc").update(headquarters="Corrected")
    call_command("load_seed")
    assert "the seed was not loaded again" in capsys.readouterr().out
    assert Organization.objects.get(slug="caricc").headquarters == "Corrected"
    call_command("load_seed", "--force")
    assert Organization.objects.get(slug="caricc").headquarters == "Almaty"
    assert Organization.objects.count() == 33
