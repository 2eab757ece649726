from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from caricc_site.api import ModelValidationMixin, ReferenceField, WebURLField
from organizations.models import Official, Organization

from .filters import ArticleFilter
from .models import Article


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
            "summary", "body_html", "organizations", "officials", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {"url": {"lookup_field": "slug"}}


class ArticleViewSet(viewsets.ModelViewSet):
    """News articles, newest first, looked up by slug.

    Anonymous clients see published articles only; accounts that may edit
    articles also see drafts and scheduled ones.
    """

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    search_fields = ["title", "summary", "body"]
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .with_references()
            .order_by("-published_at", "-pk")
        )
