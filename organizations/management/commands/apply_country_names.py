from django.core.management.base import BaseCommand

from organizations.country_names import fill_names
from organizations.models import Classification, Organization


class Command(BaseCommand):
    help = (
        "Give every state with an ISO code its name in each of the site's languages from CLDR, "
        "where it has none yet (--replace: also over names editors wrote)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, replace=False, **options):
        changed = 0
        states = Organization.objects.filter(classification=Classification.STATE).exclude(
            iso_code=""
        )
        for state in states:
            fields = fill_names(state, replace=replace)
            if fields:
                state.save(update_fields=[*fields, "updated_at"])
                changed += 1
        self.stdout.write(f"Names from CLDR given to {changed} state(s).")
