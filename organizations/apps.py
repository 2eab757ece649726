from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations and officials")

    def ready(self):
        from core import table_stamps

        from . import signals
        from .models import Official, Organization

        signals.connect()
        # The directory's choice lists are kept while these tables' stamps hold.
        table_stamps.watch(Organization, Official)
