from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Article, Status


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "publication_state", "published_at", "dateline", "source"]
    list_display_links = ["title"]
    list_filter = [
        "status",
        ("published_at", admin.DateFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    list_select_related = ["source"]
    list_per_page = 50
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source", "organizations", "officials"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at", "dateline", "source"]}),
        (_("Mentions"), {"fields": ["organizations", "officials"]}),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_public_flag()

    @admin.display(description=_("state"), ordering="status")
    def publication_state(self, article):
        if article.status == Status.DRAFT:
            return _("Draft")
        return _("Published") if article.is_public else _("Scheduled")

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.DRAFT):
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Status.PUBLISHED).update(
            status=Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count)
            % count,
            messages.SUCCESS,
        )
