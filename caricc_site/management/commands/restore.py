import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from caricc_site.backup import (
    backed_up_labels,
    extract_media,
    manifest,
    read_backup,
    serialize_content,
)
from core import cache, planner


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty, migrated database, "
        "then check that every count and the content checksum match the backup's."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            info, data = read_backup(file)
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        content_models = ["auth.user", "news.article", "organizations.organization"]
        if any(apps.get_model(label)._default_manager.exists() for label in content_models):
            raise CommandError(
                "The database already has content; restore only into an empty, migrated database."
            )
        with tempfile.TemporaryDirectory() as folder, transaction.atomic():
            fixture = Path(folder) / "content.json"
            fixture.write_text(data)
            call_command("loaddata", str(fixture), verbosity=0)
            restored = manifest(serialize_content())
            if restored["counts"] != info["counts"] or restored["checksum"] != info["checksum"]:
                differing = [
                    label
                    for label in sorted({*info["counts"], *restored["counts"]})
                    if restored["counts"].get(label) != info["counts"].get(label)
                    or restored["checksums"].get(label) != info.get("checksums", {}).get(label)
                ]
                raise CommandError(
                    "The restored content does not match the backup (differs in: "
                    f"{', '.join(differing) or 'order'}); nothing was kept."
                )
        extract_media(file)
        planner.refresh_statistics()
        cache.invalidate()
        counts = ", ".join(f"{info['counts'][label]} {label}" for label in backed_up_labels())
        self.stdout.write(f"Restored {counts}; counts and checksum match.")
