from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.apps import apps as global_apps
        from django.db.models.signals import post_migrate

        from . import published_count, signals
        from .roles import sync_roles

        # The roles exist after every migrate, and after a flush too.
        post_migrate.connect(
            lambda using, apps=global_apps, **kwargs: sync_roles(apps, using=using),
            sender=self,
            weak=False,
            dispatch_uid="sync-roles",
        )
        # The count of published articles and its triggers, after every migrate and flush.
        post_migrate.connect(
            published_count.after_migrate, sender=self, dispatch_uid="published-count"
        )
        signals.connect()
