from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from core.models import ChoiceLabels


class Change(Version):
    """One saved version of one object, as the editors' audit trail lists it."""

    class Meta:
        proxy = True
        verbose_name = _("recent change")
        verbose_name_plural = _("recent changes")
        ordering = ["-revision__date_created", "-pk"]


class EditorPreference(ChoiceLabels, models.Model):
    """What an editor chose for the admin: its language, whatever the browser says."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="editor_preference",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("editor preference")
        verbose_name_plural = _("editor preferences")

    def __str__(self):
        return f"{self.user}: {self.get_language_display()}"
