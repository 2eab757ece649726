from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import renderers, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.settings import api_settings

from core.addresses import absolute_url
from core.api import (
    BoundedSearchFilter,
    FullTextSearchFilter,
    HyperlinkedModelSerializer,
    ModelValidationMixin,
    ReferenceField,
    WebURLField,
)
from core.shaping import ShapedSerializerMixin
from core.translation import in_every_language, shown_language
from core.viewsets import ContentViewSet
from organizations.api import (
    OfficialSerializer,
    OrganizationSerializer,
    official_expansion,
    organization_expansion,
)
from organizations.models import Official, Organization

from . import cache_tags as news_tags
from .filters import ArticleFilter
from .models import ORGANIZATIONS_LISTED, Article, Status

NINJS_VERSION = "2.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json#"


class NinjsRenderer(renderers.JSONRenderer):
    """IPTC ninjs (News in JSON), asked for with ?format=ninjs or Accept: application/ninjs+json."""

    media_type = "application/ninjs+json"
    format = "ninjs"


class PostHeldSerializer(serializers.Serializer):
    official = serializers.SlugField(help_text=_("The official's slug."))
    title = serializers.CharField(help_text=_("The post, in the language asked for."))
    organization = serializers.SlugField(help_text=_("The slug of the organization of the post."))


class ArticleSerializer(ShapedSerializerMixin, ModelValidationMixin, HyperlinkedModelSerializer):
    source = ReferenceField(queryset=Organization.objects.all(), allow_null=True, required=False)
    organizations = ReferenceField(
        queryset=Organization.objects.all(),
        many=True,
        required=False,
        read_with="mentioned_organizations",
    )
    officials = ReferenceField(
        queryset=Official.objects.all(), many=True, required=False, read_with="mentioned_officials"
    )
    body_html = serializers.CharField(
        source="body",
        required=False,
        allow_blank=True,
        style={"base_template": "textarea.html"},
        help_text=_("Sanitised HTML. Plain text is accepted and becomes paragraphs."),
    )
    web_url = WebURLField()
    updated_at = serializers.DateTimeField(
        source="changed_at",
        read_only=True,
        help_text=_("When the article last changed as the public sees it: edited or published."),
    )
    expandable = {
        "source": lambda: OrganizationSerializer(read_only=True, shaped=False),
        "organizations": lambda: OrganizationSerializer(
            source="mentioned_organizations", many=True, read_only=True, shaped=False
        ),
        "officials": lambda: OfficialSerializer(
            source="mentioned_officials", many=True, read_only=True, shaped=False
        ),
    }

    posts_at_publication = serializers.SerializerMethodField(
        help_text=_(
            "The posts the officials it mentions held on its publication day, from the "
            "register's dated positions."
        )
    )

    @extend_schema_field(PostHeldSerializer(many=True))
    def get_posts_at_publication(self, article):
        return [
            {"official": official.slug, "title": post.title, "organization": post.organization.slug}
            for official, posts in article.posts_at_publication()
            for post in posts
        ]

    class Meta:
        model = Article
        fields = [
            "url", "web_url", "slug", "title", "dateline", "source", "source_url",
            "published_at", "status", "posts_at_publication",
            "summary", "body_html", "lead_image", "lead_image_alt", "lead_image_caption",
            "organizations", "officials", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}, "lead_image": {"read_only": True}}

    def validate_status(self, value):
        # Before the article's own rules: someone who may not publish is told that,
        # not what the article would still need to be published.
        publishing = value == Status.PUBLISHED and (
            self.instance is None or self.instance.status != value
        )
        if publishing and not Article.may_publish(self.context["request"].user):
            raise PermissionDenied(_("Only editors may publish an article."))
        return value


class NinjsSerializer(serializers.BaseSerializer):
    """An article as an IPTC ninjs 2.1 news item."""

    def to_representation(self, article):
        request = self.context["request"]

        def absolute(path):
            return absolute_url(request, path)

        def subject(obj):
            return {"name": obj.name, "uri": absolute(obj.get_absolute_url()), "literal": obj.slug}

        language = shown_language(article, "title")
        item = {
            "uri": absolute(article.get_absolute_url()),
            "type": "text",
            "representationtype": "full",
            "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
            "slugline": article.slug,
            "versioncreated": article.changed_at.isoformat(),
            "pubstatus": "usable" if article.is_visible_to_public() else "withheld",
            "language": language,
            "headlines": [{"role": "main", "value": article.title}],
            "bodies": [{"role": "main", "contenttype": "text/html", "value": article.body}],
            "people": [subject(official) for official in article.mentioned_officials()],
            "organisations": [
                subject(organization) for organization in article.mentioned_organizations()
            ],
        }
        if article.published_at:
            item["firstcreated"] = article.published_at.isoformat()
            if article.published_at > timezone.now():
                item["embargoed"] = article.published_at.isoformat()
        if article.summary:
            item["descriptions"] = [{"role": "summary", "value": article.summary}]
        if article.dateline:
            item["located"] = article.dateline
        if article.source:
            item["infosources"] = [{**subject(article.source), "role": "source"}]
        if article.source_url:
            item["associations"] = [
                {
                    "name": "original",
                    "uri": article.source_url,
                    "type": "text",
                    "representationtype": "partial",
                }
            ]
        if article.lead_image:
            item["renditions"] = [
                {
                    "name": "lead-image",
                    "href": absolute(article.lead_image.url),
                    "title": article.lead_image_alt,
                }
            ]
        return item


def ninjs_subjects(description):
    return {
        "type": "array",
        "description": description,
        "items": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "uri": {"type": "string", "format": "uri"},
                "literal": {"type": "string"},
                "role": {"type": "string"},
            },
        },
    }


class NinjsSchema(OpenApiSerializerExtension):
    """ninjs as its own component (NinjsItem), so that clients do not take it for an Article."""

    target_class = "news.api.NinjsSerializer"

    def get_name(self, auto_schema, direction):
        return "NinjsItem"

    def map_serializer(self, auto_schema, direction):
        text_list = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "role": {"type": "string"},
                    "value": {"type": "string"},
                    "contenttype": {"type": "string"},
                },
            },
        }
        return {
            "type": "object",
            "description": str(
                _("An IPTC ninjs 2.1 news item (https://iptc.org/standards/ninjs/).")
            ),
            "required": ["uri", "standard"],
            "properties": {
                "uri": {"type": "string", "format": "uri"},
                "type": {"type": "string", "enum": ["text"]},
                "representationtype": {"type": "string", "enum": ["full"]},
                "standard": {"type": "object", "additionalProperties": True},
                "slugline": {"type": "string"},
                "versioncreated": {"type": "string", "format": "date-time"},
                "firstcreated": {"type": "string", "format": "date-time"},
                "embargoed": {"type": "string", "format": "date-time"},
                "pubstatus": {"type": "string", "enum": ["usable", "withheld"]},
                "language": {"type": "string"},
                "located": {"type": "string"},
                "headlines": text_list,
                "descriptions": text_list,
                "bodies": text_list,
                "people": ninjs_subjects(str(_("Officials the article mentions."))),
                "organisations": ninjs_subjects(str(_("Organizations the article mentions."))),
                "infosources": ninjs_subjects(str(_("The agency the story came from."))),
                "renditions": {"type": "array", "items": {"type": "object"}},
                "associations": {
                    "type": "array",
                    "description": str(_("The original story on the source's site, if known.")),
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "enum": ["original"]},
                            "uri": {"type": "string", "format": "uri"},
                            "type": {"type": "string"},
                            "representationtype": {"type": "string"},
                        },
                    },
                },
            },
            "additionalProperties": True,
        }


@extend_schema_view(
    list=extend_schema(
        responses={
            (200, "application/json"): ArticleSerializer(many=True),
            (200, "application/ninjs+json"): NinjsSerializer(many=True),
        }
    ),
    retrieve=extend_schema(
        responses={
            (200, "application/json"): ArticleSerializer,
            (200, "application/ninjs+json"): NinjsSerializer,
        }
    ),
)
class ArticleViewSet(ContentViewSet):
    """News articles, newest first, looked up by slug.

    Anonymous clients see published articles only; accounts that may edit
    articles also see drafts and scheduled ones. Also in IPTC ninjs 2.1:
    ?format=ninjs or Accept: application/ninjs+json.
    """

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    # ?search= goes through the full-text index, as the site's search box does.
    search_fields = in_every_language("title", "summary", "body")
    filter_backends = [
        FullTextSearchFilter if backend is BoundedSearchFilter else backend
        for backend in api_settings.DEFAULT_FILTER_BACKENDS
    ]
    lookup_field = "slug"
    renderer_classes = [renderers.JSONRenderer, NinjsRenderer, renderers.BrowsableAPIRenderer]
    sync_field = "changed_at"
    representation_relations = [
        # The mentions and posts as prefetched (ArticleQuerySet.with_posts), read without
        # a query each.
        "source", "mentioned_organizations", "mentioned_officials",
        "mentioned_officials__held_posts", "mentioned_officials__held_posts__organization",
    ]  # fmt: skip
    expansions = {
        "source": organization_expansion("source"),
        "organizations": {
            "prefetch": [f"{ORGANIZATIONS_LISTED}__parent"],
            "stamps": ["mentioned_organizations", "mentioned_organizations__parent"],
        },
        # The posts come with every article (with_posts).
        "officials": {"stamps": official_expansion("mentioned_officials")["stamps"]},
    }

    @property
    def cache_tags(self):
        # An article's own answer shows no other article: it depends on it alone.
        return () if self.action == "retrieve" else None

    def object_cache_tags(self):
        return [news_tags.article(self.kwargs["slug"])] if self.action == "retrieve" else []

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .with_sync_time()
            .with_posts()
            .order_by("-published_at", "-pk")
        )

    def audience(self):
        return "editors" if self.request.user.has_perm("news.change_article") else "public"

    def is_ninjs(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == NinjsRenderer.format

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.is_ninjs() and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise ValidationError({"format": [_("ninjs is for reading; write in JSON.")]})
        if self.is_ninjs():
            for param in ("fields", "expand"):
                if param in request.query_params:
                    raise ValidationError(
                        {
                            param: [
                                _("%(param)s shapes the JSON format, not ninjs.") % {"param": param}
                            ]
                        }
                    )

    def get_serializer_class(self):
        if self.is_ninjs():
            return NinjsSerializer
        return super().get_serializer_class()

    # The newsroom's rule is Article.may_be_changed_by; here it is applied to API writes.
    def check_publishing(self, serializer, instance=None):
        user = self.request.user
        if instance is not None and not instance.may_be_changed_by(user):
            raise PermissionDenied(
                _(
                    "Only editors may change this article: authors change their own drafts "
                    "until an editor publishes them."
                )
            )
        if Article.may_publish(user):
            return
        # Publishing itself is refused earlier, by ArticleSerializer.validate_status.
        data = serializer.validated_data
        for name in Article.PUBLICATION_FIELDS:
            current = (
                getattr(instance, name) if instance else Article._meta.get_field(name).get_default()
            )
            if name in data and data[name] != current:
                raise PermissionDenied(_("Only editors set the publication time."))

    def perform_create(self, serializer):
        self.check_publishing(serializer)
        serializer.validated_data["created_by"] = self.request.user
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self.check_publishing(serializer, serializer.instance)
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        if not instance.may_be_changed_by(self.request.user):
            raise PermissionDenied(
                _(
                    "Only editors may delete this article: authors delete their own drafts "
                    "until an editor publishes them."
                )
            )
        super().perform_destroy(instance)
