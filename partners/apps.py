from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """What partners' systems use to mirror the site: API keys and removal notices."""

    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        from . import signals

        signals.connect()
