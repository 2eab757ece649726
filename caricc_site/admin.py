from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.history import BoundedDatesMixin

from .models import Change


@admin.register(Change)
class ChangeAdmin(BoundedDatesMixin, admin.ModelAdmin):
    """The audit trail: recent changes across the site, newest first."""

    list_display = ["date", "user", "object_link", "content_type", "comment"]
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter), "revision__user"]
    search_fields = ["object_repr", "revision__comment", "revision__user__username"]
    list_select_related = ["revision", "revision__user", "content_type"]
    date_hierarchy = "revision__date_created"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("date"), ordering="revision__date_created")
    def date(self, change):
        return change.revision.date_created

    @admin.display(description=_("user"), ordering="revision__user__username")
    def user(self, change):
        return change.revision.user or "—"

    @admin.display(description=_("comment"))
    def comment(self, change):
        return change.revision.comment

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, change):
        model = change.content_type.model_class()
        if model is None:
            return change.object_repr
        opts = model._meta
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[change.object_id]
            )
        except NoReverseMatch:
            return change.object_repr
        return format_html('<a href="{}">{}</a>', url, change.object_repr)
