from django.core.management.base import BaseCommand

from news.models import Article


class Command(BaseCommand):
    help = "Index every article for full-text search again (after bulk loads or restores)."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {Article.objects.rebuild_search_index()} articles.")
