from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that knows no app: API plumbing, partial dates, the cache."""

    name = "core"
