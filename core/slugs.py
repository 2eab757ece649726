"""Old addresses keep working: a renamed object's former slugs redirect (301) to it.

Each app registers the models whose pages and API objects are found by slug; a
detail view that finds nothing at a slug looks here before it answers 404, and
redirects only to what the asker may see (the view's own queryset decides).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, pre_save
from django.http import Http404, HttpResponsePermanentRedirect

from .models import FormerSlug


def remember_former_slugs(*models):
    for model in models:
        label = model._meta.label
        pre_save.connect(_remember, sender=model, dispatch_uid=f"former-slug-{label}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"former-slug-forget-{label}")


def _remember(sender, instance, raw=False, **kwargs):
    if raw:
        return
    content_type = ContentType.objects.get_for_model(sender)
    # The slug is this object's (again): no former slug of this kind may point elsewhere.
    FormerSlug.objects.filter(content_type=content_type, slug=instance.slug).delete()
    if instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
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
