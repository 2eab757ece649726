from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CariccSiteConfig(AppConfig):
    """The project itself: base templates, the stylesheet and site-wide commands."""

    name = "caricc_site"
    verbose_name = _("CARICC site")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from news.models import Article
        from organizations.models import Membership, Official, Organization, Position

        from .cache import invalidate

        # Any change to content makes every cached public page stale at once.
        for model in [Article, Organization, Official, Position, Membership]:
            post_save.connect(invalidate, sender=model, dispatch_uid=f"cache-{model.__name__}")
            post_delete.connect(invalidate, sender=model, dispatch_uid=f"uncache-{model.__name__}")
        for through in [Article.organizations.through, Article.officials.through]:
            m2m_changed.connect(
                invalidate, sender=through, dispatch_uid=f"cache-{through.__name__}"
            )
