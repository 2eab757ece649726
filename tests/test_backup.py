"""Backup and restore: all content out, into an empty database, nothing lost."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = Path(__file__).parent / "data" / "kazinform-2023-07-05-caricc-briefing.txt"


def manage(database, *args, media=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    env["CACHE_URL"] = "locmem://"
    env["DJANGO_DEBUG"] = "1"
    if media:
        env["DJANGO_MEDIA_ROOT"] = str(media)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manifest_of(path):
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("manifest.json"))


def test_backup_and_restore_round_trip_into_an_empty_database(tmp_path):
    source, target = tmp_path / "source.sqlite3", tmp_path / "target.sqlite3"
    media = tmp_path / "media"
    (media / "articles").mkdir(parents=True)
    (media / "articles" / "photo.jpg").write_bytes(b"\xff\xd8 image bytes")
    manage(source, "migrate", "--no-input")
    manage(source, "load_seed")
    manage(source, "import_articles", str(SEED_FILE))
    manage(source, "createsuperuser", "--no-input", "--username", "root", "--email", "r@x.org")
    backup = tmp_path / "backup.tar.gz"
    out = manage(source, "backup", str(backup), media=media)
    assert "33 organizations.organization" in out
    original = manifest_of(backup)
    assert original["counts"]["news.article"] == 1
    assert original["counts"]["reversion.version"] > 0

    restored_media = tmp_path / "restored-media"
    manage(target, "migrate", "--no-input")
    out = manage(target, "restore", str(backup), media=restored_media)
    assert "counts and checksum match" in out
    assert (restored_media / "articles" / "photo.jpg").read_bytes() == b"\xff\xd8 image bytes"

    again = tmp_path / "again.tar.gz"
    manage(target, "backup", str(again), media=restored_media)
    assert manifest_of(again)["counts"] == original["counts"]
    assert manifest_of(again)["checksum"] == original["checksum"]


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(seed, tmp_path):
    backup = tmp_path / "b.tar.gz"
    call_command("backup", str(backup))
    with pytest.raises(CommandError) as error:
        call_command("restore", str(backup))
    assert "already has content" in str(error.value)


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tarball")
    with pytest.raises(CommandError) as error:
        call_command("restore", str(bogus))
    assert "not a backup of this site" in str(error.value)


@pytest.mark.django_db
def test_a_tampered_backup_is_detected_and_nothing_is_kept(seed, tmp_path):
    from news.models import Article
    from organizations.models import Organization

    backup = tmp_path / "b.tar.gz"
    call_command("backup", str(backup))
    with tarfile.open(backup) as archive:
        info = json.load(archive.extractfile("manifest.json"))
        data = archive.extractfile("content.json").read().decode()
    data = data.replace("Almaty", "Tashkent")
    tampered = tmp_path / "t.tar.gz"
    with tarfile.open(tampered, "w:gz") as archive:
        for name, content in [("manifest.json", json.dumps(info)), ("content.json", data)]:
            raw = content.encode()
            member = tarfile.TarInfo(name)
            member.size = len(raw)
            archive.addfile(member, io.BytesIO(raw))
    Article.objects.all().delete()
    from organizations.models import Membership, Position

    Membership.objects.all().delete()
    Position.objects.all().delete()
    Organization.objects.filter(parent__isnull=False).delete()
    Organization.objects.all().delete()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(tampered))
    assert "does not match the backup" in str(error.value)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_times_keep_their_microseconds(tmp_path):
    import datetime

    from caricc_site.backup import serialize_content
    from news.models import Article

    from .factories import make_article

    moment = datetime.datetime(2024, 1, 2, 3, 4, 5, 600, tzinfo=datetime.UTC)
    make_article(published_at=moment)
    assert "2024-01-02T03:04:05.000600Z" in serialize_content()
    assert Article.objects.get().published_at == moment
