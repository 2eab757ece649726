from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CariccSiteConfig(AppConfig):
    """The project itself: base templates, the stylesheet and site-wide commands."""

    name = "caricc_site"
    verbose_name = _("CARICC site")
