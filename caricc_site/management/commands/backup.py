from django.core.management.base import BaseCommand

from caricc_site.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write all content (users, organizations, officials, news, history, images) to FILE.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to write, for example caricc-backup.tar.gz.")

    def handle(self, *args, file, **options):
        info = write_backup(file)
        counts = ", ".join(f"{n} {label}" for label, n in info["counts"].items())
        self.stdout.write(f"Backup written to {file}: {counts}; checksum {info['checksum']}.")
