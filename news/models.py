import collections
import datetime
import os
import uuid

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import connections, models
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit

from core.addresses import slug_path
from core.managers import SlugNaturalKeyManager
from core.models import ChoiceLabels
from core.slugs import fill_slug
from core.translation import in_every_language, require_in_some_language
from organizations.mentions import find_mentions
from organizations.models import Official, Organization, held_posts_of, reader_groups

from . import published_count, search
from .fields import SanitizedHTMLField


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


PREVIEW_SALT = "news.article.preview"


def validate_image_size(image):
    if image.size > settings.LEAD_IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)d MB; the limit is %(limit)d MB."),
            params={
                "size": image.size // (1024 * 1024),
                "limit": settings.LEAD_IMAGE_MAX_BYTES // (1024 * 1024),
            },
            code="image_too_large",
        )


# Publication times the site accepts, by year: wider ranges reach times that have no UTC
# equivalent (year 0 or 10000), and a story of the year 1 is a typing mistake.
PUBLICATION_YEARS = range(1900, 2101)


def validate_publication_time(moment):
    # By the year as given: converting a moment to compare it could itself overflow.
    if moment.year not in PUBLICATION_YEARS:
        raise ValidationError(
            _("Enter a time between the years %(first)d and %(last)d."),
            params={"first": PUBLICATION_YEARS[0], "last": PUBLICATION_YEARS[-1]},
            code="publication_time_out_of_range",
        )


def lead_image_path(article, filename):
    """A random name: the image of a draft must not be found by guessing its address."""
    extension = os.path.splitext(filename)[1].lower()[:5]
    return f"articles/{uuid.uuid4().hex}{extension}"


def rendition(width):
    return ImageSpecField(
        source="lead_image",
        processors=[ResizeToFit(width, width * 2, upscale=False)],
        format="JPEG",
        options={"quality": 82},
    )


def public_q():
    """The one definition of public: published, and its publication time has come."""
    return models.Q(status=Status.PUBLISHED, published_at__lte=timezone.now())


def sync_time():
    return Greatest("updated_at", Coalesce("published_at", "updated_at"))


MIDNIGHT = datetime.time()
# Where the period after the one a (local) time is in begins, in local time.
PERIOD_AFTER = {
    "year": lambda t: datetime.datetime(t.year + 1, 1, 1),
    "month": lambda t: datetime.datetime(t.year + t.month // 12, t.month % 12 + 1, 1),
    "day": lambda t: datetime.datetime.combine(t.date() + datetime.timedelta(days=1), MIDNIGHT),
}


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What the public may see."""
        public = self.filter(public_q())
        if not self.query.where:
            # Every public article: count() reads the number the database keeps. Marked
            # with the condition as it stands, so that any later filter unmarks it.
            public.query.every_public_article = public.query.where.clone()
        return public

    def scheduled(self):
        """Published, their publication time not come yet: with published(), every published
        article (a published one always has a time: article_published_has_time). Said as
        a range rather than as ~public_q(), which the index cannot serve."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def count(self):
        """As QuerySet.count(); every public article, unfiltered, in one small query
        rather than a walk over the whole table (news.published_count)."""
        if self._result_cache is None and self._is_every_public_article():
            scheduled = self.model.objects.using(self.db).scheduled()
            if (total := published_count.public_count(scheduled)) is not None:
                return total
        return super().count()

    def _is_every_public_article(self):
        query = self.query
        marker = getattr(query, "every_public_article", None)
        return (
            marker is not None
            and query.where == marker
            and not query.is_sliced
            and not query.combinator
            and query.group_by is None
            and not query.distinct_fields
        )

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
        """Articles whose headline, summary or body (in any language) hold every word."""
        return search.filter_matching(self, text)

    def public_search(self, text, limit=20, offset=0):
        """Published articles matching the text, best first, with highlighted snippets;
        `.total` says how many match in all, counted up to search.COUNT_LIMIT + 1."""
        return search.search_articles(self.published(), text, limit=limit, offset=offset)

    def rebuild_search_index(self):
        """Index these articles again, after bulk loads that skip the signals; how many."""
        return search.rebuild_index(self)

    def from_preview_token(self, token):
        """The article a signed, unexpired preview token names; DoesNotExist otherwise."""
        try:
            pk = signing.TimestampSigner(salt=PREVIEW_SALT).unsign(
                token, max_age=settings.ARTICLE_PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            raise self.model.DoesNotExist from None
        return self.get(pk=pk)

    def mentioning(self, organization=None, official=None):
        """Articles that mention an organization or official (an object or its slug).

        Read from the link table first: on 100,000 articles this is ten times faster
        than a join that SQLite would start from the articles.
        """
        queryset = self
        for field, value in [("organization", organization), ("official", official)]:
            if value is None:
                continue
            through = getattr(self.model, f"{field}s").through
            lookup = {f"{field}__slug": value} if isinstance(value, str) else {field: value}
            queryset = queryset.filter(pk__in=through.objects.filter(**lookup).values("article_id"))
        return queryset

    def next_publication_time(self):
        """When the next scheduled article becomes public, or None if none is scheduled."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def years(self):
        """The years from the oldest to the newest article, newest first (two index lookups)."""
        times = self.order_by("published_at").values_list("published_at", flat=True)
        first, last = times.first(), times.last()
        if first is None:
            return []
        return list(range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1))

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        """As QuerySet.datetimes(), for the archive's and the admin's years, months and days
        of publication. On SQLite they are found by seeking the index from one to the next:
        it truncates each article's time by calling Python (610 ms for the years of
        100,000 articles, against one lookup a year). PostgreSQL truncates in the database,
        faster than a query per period for a year's articles."""
        sqlite = connections[self.db].vendor == "sqlite"
        if not sqlite or field_name != "published_at" or kind not in PERIOD_AFTER:
            return super().datetimes(field_name, kind, order, tzinfo)
        zone = tzinfo or timezone.get_current_timezone()
        times = self.order_by("published_at").values_list("pk", "published_at")
        firsts, found = [], times.filter(published_at__isnull=False).first()
        while found is not None:
            pk, when = found
            firsts.append(pk)
            after = timezone.make_aware(PERIOD_AFTER[kind](timezone.localtime(when, zone)), zone)
            found = times.filter(published_at__gte=after).first()
        # Django's own query then, over the first article of each.
        return super(ArticleQuerySet, self.filter(pk__in=firsts)).datetimes(
            field_name, kind, order, tzinfo
        )

    def last_change_time(self):
        """When the latest of these articles last changed as the public sees it (or None)."""
        return self.aggregate(latest=models.Max(sync_time()))["latest"]

    def with_sync_time(self):
        """Annotate `changed_at`: when each article last changed as the public sees it.

        That is the later of its last edit and its publication time, so an article
        scheduled in advance counts as changed when it appears, and a mirror syncing
        with ?updated_since= does not miss it.
        """
        return self.annotate(changed_at=sync_time())

    def with_references(self):
        """Everything a list of articles shows, in a fixed number of queries: the source,
        and the mentions as Article.mentioned_organizations() and mentioned_officials()
        read them."""
        return self.select_related("source").prefetch_related(
            models.Prefetch("organizations", to_attr=ORGANIZATIONS_LISTED),
            models.Prefetch("officials", to_attr=OFFICIALS_LISTED),
        )

    def with_posts(self):
        """with_references(), and the posts each official mentioned has held (as
        Official.held_posts() reads them)."""
        return self.with_references().prefetch_related(
            held_posts_of(f"{OFFICIALS_LISTED}__positions")
        )


# Where with_references() keeps the mentions: plain lists. Kept in a relation's own cache,
# Django would make a manager and a queryset for each article of the list, which cost an
# API list more than reading the mentions did.
ORGANIZATIONS_LISTED = "listed_organizations"
OFFICIALS_LISTED = "listed_officials"


class ArticleManager(SlugNaturalKeyManager.from_queryset(ArticleQuerySet)):
    pass


# How many of the articles sharing the most mentions are weighed for "related news".
RELATED_CANDIDATES = 200


@reversion.register()
class Article(ChoiceLabels, models.Model):
    """A news story, often from a wire agency, and who it mentions."""

    title = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the page address. Left blank, it is made from the headline in Latin letters."
        ),
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
    source_url = models.URLField(
        _("original story"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The story's address on the source's site, if it has one."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        validators=[validate_publication_time],
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
            "Paragraphs, headings, lists, links, quotes and tables, with the editor's tools. "
            "Text pasted from elsewhere keeps only what those tools can do."
        ),
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to=lead_image_path,
        blank=True,
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "gif", "webp"]),
            validate_image_size,
        ],
        help_text=_("JPEG, PNG, GIF or WebP, up to 10 MB. Smaller copies are made for the pages."),
    )
    lead_image_alt = models.CharField(
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    lead_image_caption = models.CharField(_("image caption"), max_length=255, blank=True)
    lead_image_small = rendition(480)
    lead_image_medium = rendition(960)
    lead_image_large = rendition(1600)
    wire_fingerprint = models.CharField(
        _("wire fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Identifies the wire story this article was imported from."),
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
    # Who wrote the first draft, and when the article was first published: together they
    # say whose draft it is (see may_be_changed_by).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )
    drafted_headline = models.BooleanField(
        _("drafted by the importer"),
        default=False,
        editable=False,
        help_text=_(
            "The headline and summary were drafted from the story's lead and await an "
            "editor's look; a headline cut short keeps the article from being published "
            "until an editor rewrites it."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleManager()

    # What only those who may publish set: whether and when the public sees an article.
    PUBLICATION_FIELDS = ("status", "published_at")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            # Covers the public list: filter by status and time, newest first, id as tie-breaker.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            models.Index(fields=["updated_at"]),
            # Partners' sync walks articles in the order they changed (see with_sync_time):
            # the public's walk within the published status, editors' across all.
            models.Index("status", sync_time(), "id", name="article_public_sync_idx"),
            models.Index(sync_time(), "id", name="article_sync_idx"),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule and correct published articles"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["wire_fingerprint"],
                condition=~models.Q(wire_fingerprint=""),
                name="article_unique_wire_story",
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        fill_slug(self, "title")
        if self.drafted_headline and self.headline_rewritten():
            self.drafted_headline = False
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "drafted_headline"}
        filled = {"published_at"} if self.fill_publication_time() else set()
        if self.status == Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
            filled.add("first_published_at")
        if filled and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *filled}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("news:article-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # The headline as loaded, to notice an editor rewriting a drafted one, and the
        # status, to check an article as it is published, not each later correction.
        article._loaded_titles = {c: article.__dict__.get(c) for c in in_every_language("title")}
        article._loaded_status = article.__dict__.get("status")
        return article

    _loaded_titles = None
    _loaded_status = None

    def mentioned_organizations(self):
        """The organizations it mentions, by name: as with_references() read them, or
        queried."""
        listed = self.__dict__.get(ORGANIZATIONS_LISTED)
        return list(self.organizations.all()) if listed is None else listed

    def mentioned_officials(self):
        """The officials it mentions, by name: as with_references() read them, or queried."""
        listed = self.__dict__.get(OFFICIALS_LISTED)
        return list(self.officials.all()) if listed is None else listed

    @property
    def changed_at(self):
        """When the article last changed as the public sees it: its last edit or its
        publication, whichever is later (as with_sync_time() annotates in bulk)."""
        if self._changed_at is not None:
            return self._changed_at
        if self.published_at and self.updated_at:
            return max(self.published_at, self.updated_at)
        return self.updated_at or self.published_at

    @changed_at.setter
    def changed_at(self, value):
        self._changed_at = value

    _changed_at = None

    def get_preview_url(self):
        """A signed link that shows the article as the public will see it; it expires."""
        token = signing.TimestampSigner(salt=PREVIEW_SALT).sign(str(self.pk))
        return reverse("news:article-preview", kwargs={"token": token})

    def is_visible_to_public(self):
        """Whether the public may see it at this moment: public_q(), for one article in hand."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @staticmethod
    def may_publish(user):
        """Editors publish, schedule and correct; authors write drafts."""
        return user.has_perm("news.publish_article")

    def may_be_changed_by(self, user):
        """The newsroom's rule, said once for the admin and the API alike.

        Editors (who may publish) change and delete any article. Authors change and
        delete only their own drafts, and only until an editor first publishes them:
        an article an editor withdrew, imported by someone else or never attributed
        is the editors'. Neither may touch the publication fields (PUBLICATION_FIELDS)
        without the right to publish.
        """
        if self.may_publish(user):
            return True
        return (
            user.has_perm("news.change_article")
            and self.status == Status.DRAFT
            and self.first_published_at is None
            and self.created_by_id is not None
            and self.created_by_id == user.pk
        )

    def mentions(self):
        """The organizations and officials the headline, summary and body mention."""
        return find_mentions("\n\n".join(self.texts()))

    def texts(self):
        """Headline, summary and body in every language they are written in."""
        values = (getattr(self, c) for c in in_every_language("title", "summary", "body"))
        return [value for value in values if value]

    def posts_at_publication(self):
        """Each official the article mentions with the posts they held on its publication
        day, from the register's dated positions (prefetched by with_posts())."""
        day = timezone.localdate(self.published_at) if self.published_at else timezone.localdate()
        officials = self.mentioned_officials()
        return [
            (official, [post for post in official.held_posts() if post.held_on(day)])
            for official in officials
        ]

    def organization_groups(self):
        """The organizations it mentions as readers think of them (the centre and its
        bodies, member states, observers, others); the source is the source, not a mention."""
        mentioned = [o for o in self.mentioned_organizations() if o.pk != self.source_id]
        day = timezone.localdate(self.published_at) if self.published_at else None
        return reader_groups(mentioned, settings.SITE_ORGANIZATION_SLUG, on=day)

    def related_by(self):
        """What related news is drawn from: the organizations it mentions (its source is
        not a mention) and the officials."""
        organizations = [o for o in self.mentioned_organizations() if o.pk != self.source_id]
        return organizations, self.mentioned_officials()

    def related(self, limit=4):
        """Published articles sharing the most mentions with this one, the latest first
        among equals. Counted on the link tables, in four queries whatever their size."""
        shared = collections.Counter()
        organizations, officials = self.related_by()
        for through, column, entities in [
            (Article.organizations.through, "organization_id", organizations),
            (Article.officials.through, "official_id", officials),
        ]:
            pks = [entity.pk for entity in entities]
            if not pks:
                continue
            # Grouped by article_id + 0, not by the column: SQLite would walk the whole
            # index by article for the group's order, rather than look up each entity's
            # mentions (an article naming 32 bodies at 100,000 articles: 13 ms against
            # 0.3; three bodies mentioned a thousand times each, the same either way).
            counts = (
                through.objects.filter(**{f"{column}__in": pks})
                .exclude(article_id=self.pk)
                .values(other=models.F("article_id") + 0)
                .annotate(n=models.Count("*"))
                .order_by("-n", "-other")
                .values_list("other", "n")[:RELATED_CANDIDATES]
            )
            shared.update(dict(counts))
        if not shared:
            return []
        # Ranked on two columns of the public candidates; only the few shown are read whole
        # (an article carries its body in every language).
        # The public rule read as a column: filtering on it, SQLite would walk the index of
        # every public article to find these few hundred.
        # Sorted by time in SQL, so that no time is read into Python; the sort by shared
        # mentions keeps that order among equals.
        # Plain rows: the translated-field manager would fill in each one's headline
        # fallbacks, and none is read here.
        candidates = (
            Article.objects.rewrite(False)
            .filter(pk__in=shared)
            .with_public_flag()
            .order_by("-published_at", "-pk")
            .values_list("pk", "is_public")
        )
        ranked = sorted(
            (pk for pk, is_public in candidates if is_public), key=lambda pk: -shared[pk]
        )
        shown = Article.objects.filter(pk__in=ranked[:limit]).select_related("source").in_bulk()
        return [shown[pk] for pk in ranked[:limit]]

    def may_concern_the_public(self):
        """Whether the public sees (or will, once its time comes) this article, or did
        before this change: what a change to a draft, never published, cannot do."""
        return Status.PUBLISHED in (self.status, self._loaded_status)

    def headline_rewritten(self):
        """Whether the headline differs from the one loaded (in any language)."""
        loaded = self._loaded_titles or {}
        return any(
            c in loaded and loaded[c] != getattr(self, c) for c in in_every_language("title")
        )

    def publication_problems(self):
        """Why the article may not be published yet: what a reader would miss."""
        problems = []
        cut = any((getattr(self, c) or "").endswith("…") for c in in_every_language("title"))
        if self.drafted_headline and cut and not self.headline_rewritten():
            problems.append(_("Write a headline: the one drafted from the story was cut short."))
        if not any(getattr(self, c) for c in in_every_language("summary")):
            problems.append(_("Write a summary: readers and search engines see it first."))
        return problems

    def fill_publication_time(self):
        """Publishing without a time means publishing now."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            return True
        return False

    def clean(self):
        super().clean()
        require_in_some_language(self, "title", _("Give the headline in at least one language."))
        fill_slug(self, "title")
        self.fill_publication_time()
        publishing = self.status == Status.PUBLISHED and self._loaded_status != Status.PUBLISHED
        if publishing and (problems := self.publication_problems()):
            raise ValidationError({"status": problems})
        if self.lead_image and not self.lead_image_alt.strip():
            raise ValidationError(
                {"lead_image_alt": _("Describe the image for readers who cannot see it.")}
            )
