from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media
from modeltranslation.admin import TranslationAdmin

from core.admin_mixins import AnyLanguageAdmin
from core.history import HistoryAdmin
from core.pagination import DeferredJoinPaginator
from core.translation import in_every_language
from organizations.models import NotAMention

from .fields import SanitizedHTMLField
from .forms import WireImportForm
from .html import EDITOR_EXTENSIONS
from .models import Article, Status, public_q
from .wire import WireFormatError, import_story

LINK_MENTIONS = "_link_mentions"
NOT_A_MENTION = "_not_a_mention"


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED).exclude(public_q())
        if self.value() == "published":
            return queryset.filter(public_q())
        return queryset


@admin.register(Article)
class ArticleAdmin(AnyLanguageAdmin, TranslationAdmin, HistoryAdmin):
    any_language_fields = ["title"]
    list_display = [
        "title", "publication_state", "languages", "published_at", "dateline", "source",
    ]  # fmt: skip
    list_display_links = ["title"]
    list_filter = [
        PublicationStateFilter,
        "drafted_headline",
        ("published_at", admin.DateFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [*in_every_language("title", "summary"), "slug"]
    date_hierarchy = "published_at"
    list_select_related = ["source"]
    list_per_page = 50
    # Deep pages of 100,000 articles as fast as the first, as on the site and in the API.
    paginator = DeferredJoinPaginator
    autocomplete_fields = ["source", "organizations", "officials"]
    actions = ["publish", "unpublish"]
    change_form_template = "admin/news/article/change_form.html"
    # The body is written in a rich-text editor offering what the sanitiser keeps.
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        SanitizedHTMLField: {
            "widget": AdminProseEditorWidget(
                config={"extensions": EDITOR_EXTENSIONS}, preset="configurable"
            )
        },
    }
    change_list_template = "admin/news/article/change_list.html"

    fieldsets = [
        (None, {"fields": ["title", "drafted_headline", "slug", "summary", "body"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "dateline", "source", "source_url"]},
        ),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_alt", "lead_image_caption"]}),
        (
            _("Mentions"),
            {"fields": ["organizations", "officials", "linked_mentions", "unlinked_mentions"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "created_at", "updated_at", "linked_mentions", "unlinked_mentions", "drafted_headline",
        ]  # fmt: skip
        if not Article.may_publish(request.user):
            readonly += Article.PUBLICATION_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).with_public_flag()

    # The newsroom's rule is Article.may_be_changed_by; here it is applied to the admin.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.may_be_changed_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.may_be_changed_by(request.user))

    def has_publish_permission(self, request):
        return Article.may_publish(request.user)

    def delete_queryset(self, request, queryset):
        if not all(article.may_be_changed_by(request.user) for article in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def view_on_site(self, article):
        if Article.objects.published().filter(pk=article.pk).exists():
            return article.get_absolute_url()
        return article.get_preview_url()

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's import map is an inline script: it carries the page's CSP nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("languages"))
    def languages(self, article):
        """The languages the article is written in (a headline or a body in them)."""
        return " ".join(
            code.upper()
            for code, _name in settings.LANGUAGES
            if getattr(article, f"title_{code}") or getattr(article, f"body_{code}")
        )

    @admin.display(description=_("state"), ordering="status")
    def publication_state(self, article):
        if article.status == Status.DRAFT:
            return _("Draft")
        return _("Published") if article.is_public else _("Scheduled")

    @admin.display(description=_("linked, and the words that name them"))
    def linked_mentions(self, article):
        if article.pk is None:
            return "—"
        phrases = article.mentions().phrases
        rows = [
            (kind, entity, sorted(phrases.get((kind, entity.pk), ())))
            for kind, entities in [
                ("organization", article.mentioned_organizations()),
                ("official", article.mentioned_officials()),
            ]
            for entity in entities
        ]
        if not rows:
            return "—"
        return format_html_join(
            "",
            "<div>{} <em>{}</em> <button type='submit' name='{}' value='{}:{}' class='button'>"
            "{}</button></div>",
            (
                (
                    str(entity),
                    " · ".join(words) or gettext("linked by hand"),
                    NOT_A_MENTION,
                    kind,
                    entity.pk,
                    gettext("Not a mention"),
                )
                for kind, entity, words in rows
            ),
        )

    @admin.display(description=_("mentioned but not linked"))
    def unlinked_mentions(self, article):
        if article.pk is None:
            return "—"
        mentions = article.mentions()
        linked_organizations = set(article.organizations.values_list("pk", flat=True))
        linked_officials = set(article.officials.values_list("pk", flat=True))
        missing = [o for o in mentions.organizations if o.pk not in linked_organizations] + [
            o for o in mentions.officials if o.pk not in linked_officials
        ]
        if not missing:
            return gettext("Every organization and official the text mentions is linked.")
        return format_html(
            "{}<br><button type='submit' name='{}' class='button'>{}</button>",
            format_html_join(", ", "{}", ((str(entity),) for entity in missing)),
            LINK_MENTIONS,
            gettext("Save and link them"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if NOT_A_MENTION in request.POST:
            self.not_a_mention(request, form.instance, request.POST[NOT_A_MENTION])
        if LINK_MENTIONS in request.POST:
            article = form.instance
            mentions = article.mentions()
            article.organizations.add(*mentions.organizations)
            article.officials.add(*mentions.officials)
            names = [str(e) for e in [*mentions.organizations, *mentions.officials]]
            self.message_user(
                request,
                gettext("Linked what the text mentions: %(names)s.")
                % {"names": ", ".join(names) or gettext("nothing found")},
                messages.SUCCESS,
            )

    def not_a_mention(self, request, article, value):
        """Unlink an entity the linker took for a mention; an editor's word is remembered
        for the phrases that named it, so the linker never links them to it again."""
        kind, _sep, pk = value.partition(":")
        relation = {"organization": article.organizations, "official": article.officials}.get(kind)
        entity = relation.filter(pk=pk).first() if relation is not None and pk.isdigit() else None
        if entity is None:
            return
        phrases = article.mentions().phrases.get((kind, entity.pk), set())
        relation.remove(entity)
        if phrases and request.user.has_perm("organizations.add_notamention"):
            NotAMention.remember(entity, phrases)
            text = gettext("%(entity)s unlinked; “%(phrases)s” will not be linked to it again.")
        else:
            text = gettext("%(entity)s unlinked.")
        self.message_user(
            request, text % {"entity": entity, "phrases": "”, “".join(sorted(phrases))}
        )

    def response_add(self, request, obj, post_url_continue=None):
        if LINK_MENTIONS in request.POST or NOT_A_MENTION in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if LINK_MENTIONS in request.POST or NOT_A_MENTION in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_change(request, obj)

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.DRAFT):
            if problems := article.publication_problems():
                self.message_user(
                    request,
                    gettext("“%(title)s” was not published: %(problems)s")
                    % {"title": article.title, "problems": " ".join(map(str, problems))},
                    messages.WARNING,
                )
                continue
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected articles to draft"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.PUBLISHED):
            article.status = Status.DRAFT
            article.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count)
            % count,
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="news_article_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload wire stories; each becomes a linked article, a draft unless published."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        may_publish = Article.may_publish(request.user)
        form = WireImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
        if request.method == "POST" and form.is_valid():
            publish = form.cleaned_data.get("publish", False)
            for upload in form.cleaned_data["files"]:
                try:
                    data = upload.read(settings.WIRE_FILE_MAX_BYTES + 1)
                    result = import_story(data, publish=publish, user=request.user)
                except WireFormatError as error:
                    self.message_user(
                        request,
                        gettext("Could not import %(name)s: %(reason)s")
                        % {"name": upload.name, "reason": error},
                        messages.ERROR,
                    )
                    continue
                url = reverse("admin:news_article_change", args=[result.article.pk])
                link = format_html('<a href="{}">{}</a>', url, result.article.title)
                if result.created:
                    text = format_html(
                        gettext("Imported {name} as “{link}”."), name=upload.name, link=link
                    )
                else:
                    text = format_html(
                        gettext("Nothing changed: {name} was imported before, as “{link}”."),
                        name=upload.name,
                        link=link,
                    )
                self.message_user(
                    request, text, messages.SUCCESS if result.created else messages.INFO
                )
                if result.held_back:
                    self.message_user(
                        request,
                        gettext("Kept %(name)s as a draft: %(problems)s")
                        % {
                            "name": upload.name,
                            "problems": " ".join(map(str, result.held_back)),
                        },
                        messages.WARNING,
                    )
                if result.unknown_source:
                    self.message_user(
                        request,
                        gettext(
                            "%(name)s: the source “%(source)s” is not in the register; an "
                            "editor can add it and choose it as the article's source."
                        )
                        % {"name": upload.name, "source": result.unknown_source},
                        messages.WARNING,
                    )
            return HttpResponseRedirect(reverse("admin:news_article_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import wire stories"),
            "form": form,
        }
        return TemplateResponse(request, "admin/news/article/import.html", context)
