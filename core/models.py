import functools

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


@functools.cache
def choice_labels(field):
    """A field's choices as {value: label}, the labels left lazy (translated when shown)."""
    return dict(field.flatchoices)


class ChoiceLabels:
    """get_FOO_display() from each field's table of labels, made once per process.

    Django's own builds the table on every call, translating every label to hash it
    (about 16 µs a call); a register page shows a role or a classification hundreds of times.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = choice_labels(field).get(value, value)
        except TypeError:  # An unhashable value: Django's own way, which makes it hashable.
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class FormerSlugQuerySet(models.QuerySet):
    def current_pk(self, model, slug):
        """The id of the object of `model` that was once at `slug`, or None."""
        content_type = ContentType.objects.get_for_model(model)
        return (
            self.filter(content_type=content_type, slug=slug)
            .values_list("object_id", flat=True)
            .first()
        )


class FormerSlug(models.Model):
    """An address an object had before its slug changed: old links lead to it (301)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    slug = models.SlugField(_("slug"), max_length=255)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="former_slug_unique")
        ]

    def __str__(self):
        return self.slug
