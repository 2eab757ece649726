from django.contrib import admin, messages
from django.utils.translation import gettext as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from core.history import BoundedDatesMixin

from .models import PartnerKey, Tombstone

# Partners' keys are PartnerKeys; the library's own model would only confuse editors.
admin.site.unregister(APIKey)


@admin.register(PartnerKey)
class PartnerKeyAdmin(APIKeyModelAdmin):
    list_display = [
        "name", "partner", "prefix", "created", "last_used_at", "expiry_date", "revoked",
    ]  # fmt: skip
    list_filter = ["revoked", "created"]
    search_fields = ["name", "partner", "prefix", "contact"]
    fields = ["name", "partner", "contact", "expiry_date", "revoked", "prefix", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        key = PartnerKey.objects.assign_key(obj)
        obj.save()
        messages.warning(
            request,
            _(
                "The API key for %(name)s is: %(key)s. Give it to the partner now: "
                "it is stored only as a hash and cannot be shown again."
            )
            % {"name": obj.name, "key": key},
        )

    def has_delete_permission(self, request, obj=None):
        # Revoke instead: a revoked key keeps its record of who held it and when it was used.
        return False


@admin.register(Tombstone)
class TombstoneAdmin(BoundedDatesMixin, admin.ModelAdmin):
    list_display = ["kind", "identifier", "reason", "removed_at"]
    list_filter = ["kind", "reason"]
    search_fields = ["identifier"]
    date_hierarchy = "removed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
