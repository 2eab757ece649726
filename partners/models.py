import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from core.models import ChoiceLabels

# Recording every request would make each read a write; once a minute says enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class PartnerKey(AbstractAPIKey):
    """A key a partner's system sends with its API requests, for higher limits.

    Only a hash is stored; the key itself is shown once, when it is created.
    """

    partner = models.CharField(
        _("partner"),
        max_length=255,
        help_text=_("Who holds the key: an agency, an office or a news organization."),
    )
    contact = models.EmailField(_("contact"), blank=True, help_text=_("Whom to tell of changes."))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self):
        return f"{self.name} ({self.partner})"

    def record_use(self):
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class Reason(models.TextChoices):
    DELETED = "deleted", _("Deleted")
    WITHDRAWN = "withdrawn", _("No longer public")
    MOVED = "moved", _("Moved to a new slug")


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    ORGANIZATION = "organization", _("Organization")
    OFFICIAL = "official", _("Official")
    POSITION = "position", _("Position")
    MEMBERSHIP = "membership", _("Membership")


class TombstoneQuerySet(models.QuerySet):
    def record(self, kind, identifier, reason):
        """Note that an object partners may hold is gone from the public API."""
        self.update_or_create(
            kind=kind,
            identifier=str(identifier),
            defaults={"reason": reason, "removed_at": timezone.now()},
        )

    def revoke(self, kind, identifier):
        """The object is public again under this identifier: the notice no longer holds."""
        self.filter(kind=kind, identifier=str(identifier)).delete()


class Tombstone(ChoiceLabels, models.Model):
    """Something that has left the public API, so that mirrors remove it too."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        help_text=_("The slug of an article, organization or official; the id of the others."),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    removed_at = models.DateTimeField(_("removed"), default=timezone.now)

    objects = TombstoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("removal notice")
        verbose_name_plural = _("removal notices")
        ordering = ["removed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "identifier"], name="tombstone_unique_object")
        ]
        indexes = [models.Index(fields=["removed_at", "id"], name="tombstone_sync_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier}"
