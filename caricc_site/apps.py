from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CariccSiteConfig(AppConfig):
    """The project itself: settings, root URLs, base templates, the audit trail and commands."""

    name = "caricc_site"
    verbose_name = _("CARICC site")
