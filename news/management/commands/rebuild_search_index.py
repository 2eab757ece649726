from django.core.management.base import BaseCommand

from news.search import rebuild_index


class Command(BaseCommand):
    help = "Index every article for full-text search again (after bulk loads or restores)."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {rebuild_index()} articles.")
