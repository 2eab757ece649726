from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.apps import apps as global_apps
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .roles import sync_roles

        # The roles exist after every migrate, and after a flush too.
        post_migrate.connect(
            lambda using, apps=global_apps, **kwargs: sync_roles(apps, using=using),
            sender=self,
            weak=False,
            dispatch_uid="sync-roles",
        )

        from . import search
        from .models import Article

        # The search index follows every save and delete of an article.
        post_save.connect(
            lambda instance, **kwargs: search.index_article(instance),
            sender=Article,
            weak=False,
            dispatch_uid="search-index-article",
        )
        post_delete.connect(
            lambda instance, **kwargs: search.unindex_article(instance.pk),
            sender=Article,
            weak=False,
            dispatch_uid="search-unindex-article",
        )
