import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

from news.models import Article
from organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Load the seed content (fixtures/caricc.json) into an empty site. A site that already "
        "has content is left alone, so editors' corrections survive; --force reloads the seed "
        "over them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Reload the seed even if the site has content."
        )

    def handle(self, *args, force=False, **options):
        if not force and (Organization.objects.exists() or Article.objects.exists()):
            self.stdout.write("The site already has content; the seed was not loaded again.")
            return
        call_command("loaddata", "caricc", verbosity=0)
        # States' names in Russian and Kazakh come from CLDR.
        call_command("apply_country_names", stdout=io.StringIO())
        # A first revision of each object, so the seed state can be compared and restored.
        call_command("createinitialrevisions", comment="Seed content.", verbosity=0)
        self.stdout.write(
            f"Seed content loaded: {Organization.objects.count()} organizations, "
            f"{Article.objects.count()} article(s)."
        )
