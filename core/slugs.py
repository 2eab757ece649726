"""Slugs: made in Latin letters from a name in any alphabet, and kept working when changed.

A renamed object's former slugs redirect (301) to it. Each app registers the models
whose pages and API objects are found by slug; a detail view that finds nothing at a
slug looks here before it answers 404, and redirects only to what the asker may see
(the view's own queryset decides).
"""

from anyascii import anyascii
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, pre_save
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.text import slugify

from .models import FormerSlug
from .translation import in_every_language

# Made slugs stay readable in an address; editors may type longer ones.
MADE_SLUG_LENGTH = 80


def latin_slug(text, max_length=MADE_SLUG_LENGTH):
    """A slug in Latin letters from text in any alphabet, cut at a word:
    "Директор ЦАРИКЦ" is direktor-tsarikts, "Қазақстан" qazaqstan (anyascii's
    transliteration, one scheme for every slug the site makes)."""
    slug = slugify(anyascii(text or ""))
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut[:max_length]
    return slug.strip("-")


def unique_slug(model, text, fallback, max_length=MADE_SLUG_LENGTH):
    """latin_slug(text), or `fallback` if text has no letter or digit, made unique among
    the model's slugs and their former slugs with -2, -3, ..."""
    base = latin_slug(text, max_length) or fallback
    content_type = ContentType.objects.get_for_model(model)
    taken = set(model._base_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= set(
        FormerSlug.objects.filter(content_type=content_type, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def fill_slug(obj, field):
    """Give obj a slug made from `field` (in the first language it is written in) if it
    has none: the admin, the API and the wire importer make slugs alike."""
    if obj.slug:
        return
    text = next((value for c in in_every_language(field) if (value := getattr(obj, c, ""))), "")
    obj.slug = unique_slug(type(obj), text, fallback=obj._meta.model_name)


def remember_former_slugs(*models):
    for model in models:
        label = model._meta.label
        pre_save.connect(_remember, sender=model, dispatch_uid=f"former-slug-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"former-slug-forget-{label}")


def _remember(sender, instance, raw=False, **kwargs):
    # Read for raw saves too (a revision restored): the page at that address is stale
    # whatever the save, and the public cache reads it here (news.cache_tags).
    before = None
    if instance.pk is not None:
        before = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    instance._slug_before_save = before
    if raw:
        return
    content_type = ContentType.objects.get_for_model(sender)
    # The slug is this object's (again): no former slug of this kind may point elsewhere.
    FormerSlug.objects.filter(content_type=content_type, slug=instance.slug).delete()
    if before and before != instance.slug:
        FormerSlug.objects.update_or_create(
            content_type=content_type, slug=before, defaults={"object_id": instance.pk}
        )


def _forget(sender, instance, **kwargs):
    FormerSlug.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def with_query(request, url):
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


class FormerSlugRedirectMixin:
    """For a DetailView found by slug: a former slug redirects to the object's page."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            queryset = self.get_queryset()
            pk = FormerSlug.objects.current_pk(queryset.model, kwargs.get("slug", ""))
            found = queryset.filter(pk=pk).first() if pk else None
            if found is None:
                raise
            return HttpResponsePermanentRedirect(with_query(request, found.get_absolute_url()))
