from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Official, Organization

from .fields import SanitizedHTMLField


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def public_q():
    """The one definition of public: published, and its publication time has come."""
    return models.Q(status=Status.PUBLISHED, published_at__lte=timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see."""
        return self.filter(public_q())

    def with_public_flag(self):
        """Mark each article with `is_public`, for lists that show drafts beside the rest."""
        return self.annotate(
            is_public=models.ExpressionWrapper(public_q(), output_field=models.BooleanField())
        )

    def visible_to(self, user):
        """Everything for those who may edit articles; the published ones for everyone else."""
        if user.has_perm("news.change_article"):
            return self.all()
        return self.published()

    def search(self, text):
        """Simple matching on headline, summary and body."""
        return self.filter(
            models.Q(title__icontains=text)
            | models.Q(summary__icontains=text)
            | models.Q(body__icontains=text)
        )

    def with_references(self):
        """Everything a list of articles shows, in a fixed number of queries."""
        return self.select_related("source").prefetch_related(
            models.Prefetch("organizations", queryset=Organization.objects.order_by("name")),
            models.Prefetch("officials", queryset=Official.objects.order_by("name")),
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    """A news story, often from a wire agency, and who it mentions."""

    title = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=255, unique=True, help_text=_("Used in the page address.")
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Where the story was filed: Astana.")
    )
    # SET_NULL: removing an agency keeps its stories, without attribution.
    source = models.ForeignKey(
        Organization,
        verbose_name=_("source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sourced_articles",
        help_text=_("The agency the story came from."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "The article is public once it is published and this time has come. "
            "Left empty, publishing sets it to now."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences."))
    body = SanitizedHTMLField(
        _("body"),
        blank=True,
        help_text=_(
            "HTML or plain text; blank lines separate paragraphs. "
            "Scripts and unsafe markup are removed on save."
        ),
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organizations mentioned"),
        blank=True,
        related_name="articles",
    )
    officials = models.ManyToManyField(
        Official, verbose_name=_("officials mentioned"), blank=True, related_name="articles"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_idx"),
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            models.Index(fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.fill_publication_time() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def fill_publication_time(self):
        """Publishing without a time means publishing now."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            return True
        return False

    def clean(self):
        super().clean()
        self.fill_publication_time()
