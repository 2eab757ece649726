from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares and that knows no app: API plumbing, partial dates, the cache."""

    name = "core"

    def ready(self):
        from django.db.models.signals import post_migrate

        # SQLite learns each language's alphabet on every connection.
        from . import (
            collation,  # noqa: F401
            planner,
            table_stamps,
        )

        # Once, after every app's migrations: core sends it like every other app.
        post_migrate.connect(planner.after_migrate, sender=self, dispatch_uid="planner")
        # Every app's tables exist by then: the stamps' table and triggers, after every
        # migrate and flush.
        post_migrate.connect(table_stamps.after_migrate, sender=self, dispatch_uid="table-stamps")
