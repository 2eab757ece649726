from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that knows no app: API plumbing, partial dates, the cache."""

    name = "core"

    def ready(self):
        # SQLite learns each language's alphabet on every connection.
        from . import collation  # noqa: F401
