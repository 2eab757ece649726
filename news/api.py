from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from caricc_site.api import ModelValidationMixin, ReferenceField, RevisionMixin, WebURLField
from organizations.models import Official, Organization, in_every_language

from .filters import ArticleFilter
from .models import Article, Status


class ArticleSerializer(ModelValidationMixin, serializers.HyperlinkedModelSerializer):
    source = ReferenceField(queryset=Organization.objects.all(), allow_null=True, required=False)
    organizations = ReferenceField(queryset=Organization.objects.all(), many=True, required=False)
    officials = ReferenceField(queryset=Official.objects.all(), many=True, required=False)
    body_html = serializers.CharField(
        source="body",
        required=False,
        allow_blank=True,
        style={"base_template": "textarea.html"},
        help_text=_("Sanitised HTML. Plain text is accepted and becomes paragraphs."),
    )
    web_url = WebURLField()

    class Meta:
        model = Article
        fields = [
            "url", "web_url", "slug", "title", "dateline", "source", "published_at", "status",
            "summary", "body_html", "lead_image", "lead_image_alt", "lead_image_caption",
            "organizations", "officials", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}, "lead_image": {"read_only": True}}


class ArticleViewSet(RevisionMixin, viewsets.ModelViewSet):
    """News articles, newest first, looked up by slug.

    Anonymous clients see published articles only; accounts that may edit
    articles also see drafts and scheduled ones.
    """

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    search_fields = in_every_language("title", "summary", "body")
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .with_references()
            .order_by("-published_at", "-pk")
        )

    # Authors write drafts; publishing, and changing what is published, is for editors.
    def check_publishing(self, serializer, instance=None):
        user = self.request.user
        if instance is not None and not instance.may_be_changed_by(user):
            raise PermissionDenied(_("Only editors may change a published article."))
        if serializer.validated_data.get("status") == Status.PUBLISHED and not Article.may_publish(
            user
        ):
            raise PermissionDenied(_("Only editors may publish an article."))

    def perform_create(self, serializer):
        self.check_publishing(serializer)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self.check_publishing(serializer, serializer.instance)
        super().perform_update(serializer)

    def perform_destroy(self, instance):
        if not instance.may_be_changed_by(self.request.user):
            raise PermissionDenied(_("Only editors may delete a published article."))
        super().perform_destroy(instance)
