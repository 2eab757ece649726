"""Organizations, officials, the posts they hold, and who belongs to what.

Field names follow Popolo, the open-government standard for people,
organizations and memberships.
"""

import re

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Length
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.addresses import slug_path
from core.collation import by_name
from core.managers import SlugNaturalKeyManager
from core.models import ChoiceLabels
from core.partial_dates import (
    PartialDateField,
    current_q,
    held_on,
    period_ordered_q,
    precedes,
)
from core.slugs import fill_slug
from core.translation import in_every_language, require_in_some_language

from .country_names import fill_names


class Classification(models.TextChoices):
    STATE = "state", _("State")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organization")
    UN_AGENCY = "un_agency", _("UN agency")
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Government agency")
    NEWS_AGENCY = "news_agency", _("News agency")
    OTHER = "other", _("Other")


# The order in which the directory presents organizations: the bodies first.
DIRECTORY_ORDER = [
    Classification.INTERGOVERNMENTAL,
    Classification.UN_AGENCY,
    Classification.STATE,
    Classification.MINISTRY,
    Classification.AGENCY,
    Classification.NEWS_AGENCY,
    Classification.OTHER,
]


class Dateframeable(models.Model):
    """A period with a start and an end, each known to the year, month or day."""

    start_date = PartialDateField(_("start date"))
    end_date = PartialDateField(
        _("end date"),
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; leave empty while it lasts."),
    )

    # When the record last changed: partners' mirrors sync from it (?updated_since=).
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_current(self):
        """Whether the period is under way today, with the same rule as `current()`."""
        today = timezone.localdate().isoformat()
        return not precedes(self.end_date, today) and not precedes(today, self.start_date)

    def clean(self):
        super().clean()
        if precedes(self.end_date, self.start_date):
            raise ValidationError({"end_date": _("The end date cannot precede the start date.")})


class DateframeableQuerySet(models.QuerySet):
    def current(self, on=None):
        """Periods under way on a day; today unless told otherwise."""
        return self.filter(current_q(on))


def names_q(query, *fields):
    """Every word of the query in one of the name fields, in any language, ignoring case."""
    condition = models.Q()
    columns = in_every_language(*fields)
    for word in re.findall(r"\w+", query)[:8]:
        any_field = models.Q()
        for column in columns:
            any_field |= models.Q(**{f"{column}__icontains": word})
        condition &= any_field
    return condition


class OrganizationQuerySet(models.QuerySet):
    def matching(self, query):
        """Organizations whose name, abbreviation or aliases hold every word of the query."""
        if not re.search(r"\w", query):
            return self.none()
        return self.filter(names_q(query, "name", "abbreviation", "aliases")).order_by(
            Length("name"), "name"
        )

    def in_directory_order(self):
        """Bodies first, then states, ministries and agencies; by name within each."""
        return self.annotate(
            directory_rank=Case(
                *[
                    When(classification=value, then=Value(rank))
                    for rank, value in enumerate(DIRECTORY_ORDER)
                ],
                default=Value(len(DIRECTORY_ORDER)),
                output_field=IntegerField(),
            )
        ).order_by("directory_rank", by_name("name", translation.get_language()), "pk")

    def in_name_order(self):
        """By the name the reader sees, in the reader's alphabet, ignoring case."""
        return self.order_by(by_name("name", translation.get_language()), "pk")

    def named(self, name):
        """Organizations called `name` in any language, by name, abbreviation or alias,
        ignoring case in any alphabet ("КАЗИНФОРМ" is Казинформ).

        Compared in Python: SQLite folds the case of ASCII letters only. The register
        holds hundreds of entries, and this serves the importer, not the pages.
        """
        wanted = " ".join(name.split()).casefold()
        if not wanted:
            return self.none()
        columns = ["pk", "abbreviation", "aliases", *in_every_language("name")]
        matching = [
            row[0]
            for row in self.values_list(*columns)
            if wanted
            in {
                " ".join(value.split()).casefold()
                for value in (row[1], *row[2].splitlines(), *row[3:])
                if value
            }
        ]
        return self.filter(pk__in=matching)

    def holding_role_in(self, organization, role, on=None):
        """Organizations holding `role` in `organization` on a day (today by default)."""
        memberships = Membership.objects.current(on).filter(organization=organization, role=role)
        return self.filter(pk__in=memberships.values("member"))

    def search(self, text):
        return self.filter(models.Q(name__icontains=text) | models.Q(abbreviation__icontains=text))


class OrganizationManager(SlugNaturalKeyManager.from_queryset(OrganizationQuerySet)):
    pass


class AliasesMixin:
    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


NAME_REQUIRED = _("Give the name in at least one language.")


@reversion.register(follow=["memberships"])
class Organization(ChoiceLabels, AliasesMixin, models.Model):
    """A state, a ministry, an agency or an international body."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the page address. Left blank, it is made from the name in Latin letters."
        ),
    )
    abbreviation = models.CharField(
        _("abbreviation"), max_length=50, blank=True, help_text=_("For example CARICC or UNODC.")
    )
    classification = models.CharField(
        _("classification"), max_length=32, choices=Classification.choices, db_index=True
    )
    # PROTECT: deleting a state must not silently detach or delete its ministries.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A ministry's state, a regional office's agency."),
    )
    iso_code = models.CharField(
        _("ISO code"),
        max_length=2,
        blank=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166-1 code in capitals."))
        ],
        help_text=_("ISO 3166-1 alpha-2 code, for states only (KZ, GB)."),
    )
    founding_date = PartialDateField(_("founding date"))
    dissolution_date = PartialDateField(_("dissolution date"))
    aliases = models.TextField(
        _("also known as"),
        blank=True,
        help_text=_(
            "Other names the news uses, one per line (for example Kazakh MFA). "
            "Wire import links the organization when the text uses any of them."
        ),
    )
    headquarters = models.CharField(
        _("headquarters"), max_length=100, blank=True, help_text=_("The city.")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["updated_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="organization_unique_iso_code",
                violation_error_message=_("Another organization already has this ISO code."),
            ),
            models.CheckConstraint(
                condition=period_ordered_q("founding_date", "dissolution_date"),
                name="organization_dissolved_after_founding",
                violation_error_message=_("The dissolution date cannot precede the founding date."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A state is named in every language from CLDR unless an editor named it.
        filled = fill_names(self)
        fill_slug(self, "name")
        if filled and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *filled}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("organizations:organization-detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def short_name(self):
        return self.abbreviation or self.name

    def clean(self):
        super().clean()
        require_in_some_language(self, "name", NAME_REQUIRED)
        fill_slug(self, "name")
        errors = {}
        if precedes(self.dissolution_date, self.founding_date):
            errors["dissolution_date"] = _("The dissolution date cannot precede the founding date.")
        if self.iso_code and self.classification != Classification.STATE:
            errors["iso_code"] = _("Only states have an ISO 3166-1 code.")
        elif (
            self.iso_code
            and Organization.objects.filter(iso_code=self.iso_code).exclude(pk=self.pk).exists()
        ):
            errors["iso_code"] = _("Another organization already has this ISO code.")
        if self.parent_id:
            ancestor, seen = self.parent, set()
            while ancestor is not None and ancestor.pk not in seen:
                if self.pk is not None and ancestor.pk == self.pk:
                    errors["parent"] = _("An organization cannot be its own parent or ancestor.")
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


class OfficialQuerySet(models.QuerySet):
    def matching(self, query):
        """Officials whose name or aliases hold every word of the query."""
        if not re.search(r"\w", query):
            return self.none()
        return self.filter(names_q(query, "name", "aliases")).order_by("name")

    def in_surname_order(self):
        """By surname as the reader sees the name, in the reader's alphabet."""
        language = translation.get_language()
        return self.order_by(
            by_name("name", language, surname=True), by_name("name", language), "pk"
        )


class OfficialManager(SlugNaturalKeyManager.from_queryset(OfficialQuerySet)):
    pass


@reversion.register(follow=["positions"])
class Official(AliasesMixin, models.Model):
    """A person who holds posts in organizations."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the page address. Left blank, it is made from the name in Latin letters."
        ),
    )
    biography = models.TextField(_("biography"), blank=True)
    aliases = models.TextField(
        _("also known as"),
        blank=True,
        help_text=_(
            "Other names the news uses, one per line (for example a surname alone). "
            "Wire import links the official when the text uses any of them."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OfficialManager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"]), models.Index(fields=["updated_at"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, "name")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("organizations:official-detail", self.slug)

    def clean(self):
        super().clean()
        require_in_some_language(self, "name", NAME_REQUIRED)
        fill_slug(self, "name")

    @property
    def short_name(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def held_posts(self):
        """Every post held, newest first, with its organization: as prefetched (held_posts_of)
        or queried."""
        posts = self.__dict__.get(POSTS_HELD)
        if posts is None:
            return list(self.positions.select_related("organization"))
        return posts


# Where held_posts_of() keeps an official's posts: a plain list, rather than a manager and
# a queryset made for every official of a list.
POSTS_HELD = "posts_held"


def held_posts_of(path="positions"):
    """The Prefetch of the officials' posts at `path` (officials__positions), for
    Official.held_posts(): one query for a list."""
    return models.Prefetch(
        path, queryset=Position.objects.select_related("organization"), to_attr=POSTS_HELD
    )


class PositionManager(models.Manager.from_queryset(DateframeableQuerySet)):
    def get_by_natural_key(self, official, organization, title, start_date):
        return self.get(
            official__slug=official,
            organization__slug=organization,
            title=title,
            start_date=start_date,
        )


@reversion.register()
class Position(Dateframeable):
    """A post an official holds in an organization."""

    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="positions"
    )
    # PROTECT: an organization with posts on record is corrected, not deleted.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("For example First Deputy Minister of Foreign Affairs."),
    )

    objects = PositionManager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start_date", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "organization", "title", "start_date"],
                name="position_unique_post_and_start",
                violation_error_message=_("This official already holds this post from this date."),
            ),
            models.CheckConstraint(
                condition=period_ordered_q("start_date", "end_date"),
                name="position_ends_after_start",
                violation_error_message=_("The end date cannot precede the start date."),
            ),
        ]

    def __str__(self):
        return _("%(title)s, %(organization)s") % {
            "title": self.title,
            "organization": self.organization,
        }

    def natural_key(self):
        return (self.official.slug, self.organization.slug, self.title, self.start_date)

    natural_key.dependencies = ["organizations.official", "organizations.organization"]

    def held_on(self, day):
        return held_on(self.start_date, self.end_date, day)


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


class MembershipQuerySet(DateframeableQuerySet):
    def overlapping(self, membership):
        """Other memberships of the same member in the same body whose periods overlap."""
        others = self.filter(organization=membership.organization_id, member=membership.member_id)
        if membership.pk:
            others = others.exclude(pk=membership.pk)
        return [other for other in others if periods_overlap(other, membership)]


def ends_by(a, b):
    """Whether period `a` is over when `b` starts; one role may end the day the next begins."""
    if not a.end_date or not b.start_date:
        return False
    return not precedes(b.start_date, a.end_date)


def periods_overlap(a, b):
    return not ends_by(a, b) and not ends_by(b, a)


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, organization, member, start_date):
        return self.get(organization__slug=organization, member__slug=member, start_date=start_date)


@reversion.register()
class Membership(ChoiceLabels, Dateframeable):
    """One organization's membership of another: a state in CARICC, Interpol as observer."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("The body, for example CARICC."),
    )
    # PROTECT: removing a member must not silently erase the body's membership record.
    member = models.ForeignKey(
        Organization,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="memberships_held",
        help_text=_("The state or organization that belongs to the body."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, db_index=True)

    objects = MembershipManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "role", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "member", "start_date"],
                name="membership_unique_member_and_start",
                violation_error_message=_(
                    "This member already has a membership of this body from this date."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("organization")),
                name="membership_not_own_member",
                violation_error_message=_("An organization cannot be a member of itself."),
            ),
            models.CheckConstraint(
                condition=period_ordered_q("start_date", "end_date"),
                name="membership_ends_after_start",
                violation_error_message=_("The end date cannot precede the start date."),
            ),
        ]

    def __str__(self):
        return _("%(member)s: %(role)s of %(organization)s") % {
            "member": self.member,
            "role": self.get_role_display().lower(),
            "organization": self.organization,
        }

    def natural_key(self):
        return (self.organization.slug, self.member.slug, self.start_date)

    natural_key.dependencies = ["organizations.organization"]

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.organization_id and self.organization_id == self.member_id:
            errors.setdefault("member", []).append(
                _("An organization cannot be a member of itself.")
            )
        elif self.organization_id and self.member_id and "end_date" not in errors:
            clashes = Membership.objects.overlapping(self)
            if clashes:
                errors.setdefault("start_date", []).append(
                    _(
                        "%(member)s already holds a role in %(organization)s in this period "
                        "(%(role)s). End that membership first."
                    )
                    % {
                        "member": self.member,
                        "organization": self.organization,
                        "role": clashes[0].get_role_display().lower(),
                    }
                )
        if errors:
            raise ValidationError(errors)


def reader_groups(organizations, centre_slug, on=None):
    """Organizations as a reader thinks of them: the centre and its bodies, its member
    states, its observers, the others (each kept in the order given). Pairs of a
    group's name and its organizations; empty groups left out."""
    organizations = list(organizations)
    centre = Organization.objects.filter(slug=centre_slug).only("pk").first()
    roles = {}
    if centre is not None:
        roles = dict(
            Membership.objects.filter(organization=centre, member__in=[o.pk for o in organizations])
            .filter(current_q(on))
            .values_list("member_id", "role")
        )
    groups = {
        "centre": (_("The centre and its bodies"), []),
        Role.MEMBER: (_("Member states"), []),
        Role.OBSERVER: (_("Observers"), []),
        "other": (_("Other organizations"), []),
    }
    for organization in organizations:
        is_centre = centre is not None and centre.pk in (organization.pk, organization.parent_id)
        key = "centre" if is_centre else roles.get(organization.pk, "other")
        groups[key][1].append(organization)
    return [(name, members) for name, members in groups.values() if members]


class NotAMention(models.Model):
    """A phrase an editor said does not mention an organization or official, so that the
    linker never links it for that phrase again ("Mittal Steel" is not Ashita Mittal)."""

    phrase = models.CharField(_("phrase"), max_length=255, help_text=_("Compared ignoring case."))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("phrase that is not a mention")
        verbose_name_plural = _("phrases that are not mentions")
        ordering = ["phrase", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=True) ^ models.Q(official__isnull=True),
                name="not_a_mention_of_one_entity",
                violation_error_message=_("Choose an organization or an official."),
            ),
            models.UniqueConstraint(
                fields=["phrase", "organization", "official"], name="not_a_mention_once"
            ),
        ]

    def __str__(self):
        return f"{self.phrase} ≠ {self.organization or self.official}"

    def save(self, *args, **kwargs):
        self.phrase = " ".join(self.phrase.split()).casefold()
        super().save(*args, **kwargs)

    @classmethod
    def remember(cls, entity, phrases):
        """Record that each phrase does not mention `entity` (an organization or official)."""
        field = "organization" if isinstance(entity, Organization) else "official"
        for phrase in phrases:
            cls.objects.get_or_create(phrase=" ".join(phrase.split()).casefold(), **{field: entity})
