from django.utils.translation import gettext_lazy as _
from reversion.models import Version


class Change(Version):
    """One saved version of one object, as the editors' audit trail lists it."""

    class Meta:
        proxy = True
        verbose_name = _("recent change")
        verbose_name_plural = _("recent changes")
        ordering = ["-revision__date_created", "-pk"]
