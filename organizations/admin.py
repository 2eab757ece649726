from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from core.admin_mixins import AnyLanguageAdmin, LanguageTabsAdmin
from core.history import HistoryAdmin
from core.translation import in_every_language

from .models import Membership, NotAMention, Official, Organization, Position, periods_overlap


class CurrentListFilter(admin.SimpleListFilter):
    """Under way today, or ended, by the same rule as the public pages."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("ended", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "ended":
            return queryset.exclude(pk__in=queryset.current().values("pk"))
        return queryset


class MembershipFormSet(BaseInlineFormSet):
    """Catch two overlapping memberships of one member entered on the same page."""

    def clean(self):
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.instance.organization_id
            and form.instance.member_id
        ]
        for index, first in enumerate(rows):
            for second in rows[index + 1 :]:
                same_pair = (first.organization_id, first.member_id) == (
                    second.organization_id,
                    second.member_id,
                )
                if same_pair and periods_overlap(first, second):
                    raise ValidationError(
                        _("%(member)s is entered twice for overlapping periods.")
                        % {"member": first.member}
                    )


class RegisterInline:
    """Memberships or posts listed on the page of the object at one end of them.

    `other` names the object at the other end: it is chosen with an autocomplete and
    loaded with each row.
    """

    other = None
    extra = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.other:
            cls.autocomplete_fields = [cls.other]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.other)


class MemberInline(RegisterInline, admin.TabularInline):
    model = Membership
    fk_name = "organization"
    other = "member"
    formset = MembershipFormSet
    fields = ["member", "role", "start_date", "end_date"]
    verbose_name = _("member or observer")
    verbose_name_plural = _("members and observers")


class MembershipHeldInline(RegisterInline, admin.TabularInline):
    model = Membership
    fk_name = "member"
    other = "organization"
    formset = MembershipFormSet
    fields = ["organization", "role", "start_date", "end_date"]
    verbose_name = _("membership of another body")
    verbose_name_plural = _("memberships of other bodies")


class PositionInOrganizationInline(RegisterInline, TranslationTabularInline):
    model = Position
    other = "official"
    fields = ["official", "title", "start_date", "end_date"]
    verbose_name_plural = _("posts in this organization")


class PositionOfOfficialInline(RegisterInline, TranslationTabularInline):
    model = Position
    other = "organization"
    fields = ["title", "organization", "start_date", "end_date"]
    # One empty row: a new official usually comes with the post they hold.
    extra = 1
    verbose_name_plural = _("posts held")


@admin.register(Organization)
class OrganizationAdmin(AnyLanguageAdmin, TranslationAdmin, HistoryAdmin):
    any_language_fields = ["name"]
    list_display = [
        "name", "abbreviation", "classification", "parent", "iso_code", "founding_date",
        "headquarters",
    ]  # fmt: skip
    list_filter = ["classification", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = [*in_every_language("name"), "abbreviation", "aliases", "iso_code", "slug"]
    list_select_related = ["parent"]
    list_per_page = 100
    autocomplete_fields = ["parent"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "abbreviation", "slug", "classification", "parent", "aliases"]},
        ),
        (
            _("Details"),
            {
                "fields": [
                    "iso_code",
                    "founding_date",
                    "dissolution_date",
                    "headquarters",
                    "website",
                    "description",
                ]
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [MemberInline, MembershipHeldInline, PositionInOrganizationInline]
    # A website typed without a scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Official)
class OfficialAdmin(AnyLanguageAdmin, TranslationAdmin, HistoryAdmin):
    any_language_fields = ["name"]
    list_display = ["name", "current_posts", "updated_at"]
    search_fields = [*in_every_language("name"), "aliases", "slug"]
    list_per_page = 100
    readonly_fields = ["created_at", "updated_at"]
    fields = ["name", "slug", "aliases", "biography", "created_at", "updated_at"]
    inlines = [PositionOfOfficialInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "positions",
                    queryset=Position.objects.current().select_related("organization"),
                    to_attr="current_positions",
                )
            )
        )

    @admin.display(description=_("current posts"))
    def current_posts(self, official):
        return "; ".join(str(position) for position in official.current_positions)


@admin.register(Position)
class PositionAdmin(LanguageTabsAdmin, TranslationAdmin, HistoryAdmin):
    list_display = ["official", "title", "organization", "start_date", "end_date"]
    list_filter = [CurrentListFilter, ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        *(f"official__{c}" for c in in_every_language("name")),
        *in_every_language("title"),
        *(f"organization__{c}" for c in in_every_language("name")),
        "organization__abbreviation",
    ]
    list_select_related = ["official", "organization"]
    autocomplete_fields = ["official", "organization"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["member", "role", "organization", "start_date", "end_date"]
    list_filter = ["role", CurrentListFilter, ("organization", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "member__name", "member__abbreviation", "organization__name",
        "organization__abbreviation",
    ]  # fmt: skip
    list_select_related = ["member", "organization"]
    autocomplete_fields = ["organization", "member"]


@admin.register(NotAMention)
class NotAMentionAdmin(admin.ModelAdmin):
    """What editors told the linker is not a mention; deleting an entry lets it link again."""

    list_display = ["phrase", "organization", "official", "created_at"]
    search_fields = ["phrase"]
    list_select_related = ["organization", "official"]
    autocomplete_fields = ["organization", "official"]
