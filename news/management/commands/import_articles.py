from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from news.wire import WireFormatError, import_story


class Command(BaseCommand):
    help = (
        "Import wire stories (date YYYY-MM-DD DATELINE. SOURCE - first paragraph, then "
        "paragraphs), one article per file, linked to the organizations and officials they "
        "mention. Stories imported before are recognised and left alone. The exit status is "
        "non-zero if any file could not be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the articles instead of saving drafts."
        )

    def handle(self, *args, files, publish, **options):
        failed = 0
        for path in files:
            try:
                with path.open("rb") as file:
                    # One byte past the limit is enough for the importer to refuse it.
                    data = file.read(settings.WIRE_FILE_MAX_BYTES + 1)
                result = import_story(data, publish=publish)
            except OSError as error:
                failed += 1
                self.stderr.write(f"{path}: not imported: {error.strerror or error}.")
                continue
            except WireFormatError as error:
                failed += 1
                self.stderr.write(f"{path}: not imported: {error}")
                continue
            article = result.article
            if result.created:
                self.stdout.write(
                    f"{path}: imported as {article.slug} ({article.get_status_display().lower()}, "
                    f"{article.organizations.count()} organizations, "
                    f"{article.officials.count()} officials linked)."
                )
            else:
                self.stdout.write(f"{path}: already imported as {article.slug}; nothing changed.")
            if result.held_back:
                problems = " ".join(map(str, result.held_back))
                self.stdout.write(f"{path}: kept as a draft: {problems}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) could not be imported.")
