"""The record: places, sources, attacks and victims (the public side of each person)."""

import secrets

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from memorial.archive.previews import PublicPagePreview
from memorial.archive.text import TextWithoutControls
from memorial.privacy.guard import LEVEL_DESCRIPTIONS
from memorial.privacy.policy import (
    POLICY_FIELDS,
    AgePolicy,
    DatePolicy,
    NamePolicy,
    PhotoPolicy,
    PlacePolicy,
    ShowHide,
    policy_field,
)
from memorial.privacy.representation import public_label


def in_language(arabic, english):
    """The text for the active language, falling back to the other one when it is empty."""
    if get_language() == "en":
        return english or arabic
    return arabic or english


def scripted_panel(field_name, direction, widget=forms.TextInput):
    """A field typed in one script: its input runs in that script's direction whatever the admin's language."""
    return FieldPanel(field_name, widget=widget(attrs={"dir": direction}))


class Place(TextWithoutControls, models.Model):
    """A governorate, a district or a town, in both languages. Towns sit in districts, districts in governorates."""

    class Level(models.TextChoices):
        GOVERNORATE = "governorate", _("Governorate")
        DISTRICT = "district", _("District")
        TOWN = "town", _("Town")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("within"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The district a town lies in, or the governorate a district lies in."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    panels = [
        FieldPanel("level"),
        FieldRowPanel([scripted_panel("name_ar", "rtl"), scripted_panel("name_en", "ltr")]),
        FieldPanel("parent"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Coordinates")),
    ]

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["level", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["level", "parent", "name_en"], name="unique_place_name_within_parent"),
        ]

    def __str__(self):
        name = self.name
        if self.parent_id:
            return f"{name}، {self.parent}" if get_language() == "ar" else f"{name}, {self.parent}"
        return name

    @property
    def name(self):
        return in_language(self.name_ar, self.name_en)

    def clean(self):
        super().clean()
        expected_parent = {self.Level.TOWN: self.Level.DISTRICT, self.Level.DISTRICT: self.Level.GOVERNORATE}
        if self.level == self.Level.GOVERNORATE and self.parent_id:
            raise ValidationError({"parent": _("A governorate lies within no other place.")})
        if self.parent and self.parent.level not in {expected_parent.get(self.level), self.Level.GOVERNORATE}:
            raise ValidationError(
                {"parent": _("A town lies in a district or governorate; a district in a governorate.")}
            )

    def ancestor_at(self, level):
        """This place or the enclosing one at `level` (None when the record is not that precise)."""
        order = [self.Level.GOVERNORATE, self.Level.DISTRICT, self.Level.TOWN]
        place = self
        while place is not None and order.index(place.level) > order.index(level):
            place = place.parent
        return place if place is not None and place.level == level else None


class Source(TextWithoutControls, models.Model):
    """A published document that a figure, a finding or a record rests on."""

    publisher = models.CharField(_("publisher"), max_length=200, help_text=_("Who published it: SNHR, OPCW, HRW …"))
    title = models.CharField(_("title"), max_length=400, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)

    panels = [
        FieldPanel("publisher"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("document_number"), FieldPanel("date")]),
        FieldPanel("url"),
    ]

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["publisher", "-date", "title"]

    def __str__(self):
        parts = [self.publisher, self.title, self.document_number, self.date.isoformat() if self.date else ""]
        # A title that is the document number, or a publisher that is the title, is said once.
        return " — ".join(dict.fromkeys(part for part in parts if part))


class Attack(TextWithoutControls, DraftStateMixin, RevisionMixin, PublicPagePreview, index.Indexed, ClusterableModel):
    """One chemical attack: facts that can be cited against denial, each with its source."""

    class Agent(models.TextChoices):
        SARIN = "sarin", _("Sarin")
        CHLORINE = "chlorine", _("Chlorine")
        SULFUR_MUSTARD = "sulfur_mustard", _("Sulfur mustard")
        OTHER = "other", _("Other or unidentified")

    class Delivery(models.TextChoices):
        # A short list with a label in each language; the sources' own words go in `delivery_description`.
        ROCKETS = "rockets", _("Surface-to-surface rockets")
        ARTILLERY = "artillery", _("Artillery")
        AERIAL_BOMB = "aerial_bomb", _("Aerial bomb")
        HELICOPTER = "helicopter", _("Dropped from a helicopter")

    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Permanent identifier used in the address, e.g. douma-2018. Never change it once published."),
    )
    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Only for attacks over several days.")
    )
    title_ar = models.CharField(_("title in Arabic"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    places = ParentalManyToManyField(
        Place, verbose_name=_("places"), related_name="attacks", help_text=_("Every town the attack struck.")
    )
    agent = models.CharField(_("agent"), max_length=20, choices=Agent.choices)
    agent_description = models.CharField(
        _("agent as reported"),
        max_length=200,
        blank=True,
        help_text=_("The words of the sources, e.g. 'sarin (likely)'."),
    )
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, blank=True, help_text=_("Leave empty when unknown.")
    )
    delivery_description = models.CharField(
        _("delivery as reported"),
        max_length=200,
        blank=True,
        help_text=_("The words of the sources, e.g. 'two cylinders dropped from a helicopter'."),
    )
    narrative_ar = RichTextField(_("narrative in Arabic"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    narrative_en = RichTextField(_("narrative in English"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    figures_checked = models.BooleanField(
        _("figures checked"),
        default=False,
        help_text=_("Tick only when every figure has been checked against the cited report."),
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="attacks")

    panels = [
        FieldPanel("key"),
        FieldRowPanel([scripted_panel("title_ar", "rtl"), scripted_panel("title_en", "ltr")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("end_date")]),
        FieldPanel("places"),
        FieldRowPanel([FieldPanel("agent"), FieldPanel("agent_description")]),
        FieldRowPanel([FieldPanel("delivery"), FieldPanel("delivery_description")]),
        MultiFieldPanel(
            [FieldPanel("figures_checked"), InlinePanel("figures", label=_("Reported figure"))], heading=_("Figures")
        ),
        InlinePanel("findings", label=_("Official finding"), heading=_("Official findings")),
        FieldPanel("narrative_ar"),
        FieldPanel("narrative_en"),
        FieldPanel("sources"),
    ]

    search_fields = [
        index.SearchField("key"),
        index.SearchField("title_ar"),
        index.SearchField("title_en"),
        index.FilterField("agent"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("attack")
        verbose_name_plural = _("attacks")
        ordering = ["date", "key"]

    def __str__(self):
        # The title names the place and the day already ("Douma, 7 April 2018").
        return self.title

    @property
    @admin.display(description=_("title"))
    def title(self):
        return in_language(self.title_ar, self.title_en)


class AttackFigure(TextWithoutControls, models.Model):
    """A toll as one source reported it; ranges stay ranges."""

    class Kind(models.TextChoices):
        KILLED = "killed", _("Killed")
        INJURED = "injured", _("Injured")

    attack = ParentalKey(Attack, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    low = models.PositiveIntegerField(_("lowest figure"))
    high = models.PositiveIntegerField(_("highest figure"), null=True, blank=True, help_text=_("Only for a range."))
    reported_by = models.CharField(_("reported by"), max_length=300, help_text=_("The source's words, verbatim."))
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("low"), FieldPanel("high")]),
        FieldPanel("reported_by"),
        FieldRowPanel([FieldPanel("reported_on"), FieldPanel("source")]),
    ]

    class Meta:
        verbose_name = _("reported figure")
        ordering = ["kind", "low"]

    def __str__(self):
        figure = f"{self.low}–{self.high}" if self.high is not None and self.high != self.low else f"{self.low}"
        return f"{self.get_kind_display()}: {figure} ({self.reported_by})"

    def clean(self):
        super().clean()
        if self.high is not None and self.high < self.low:
            raise ValidationError({"high": _("The highest figure cannot be below the lowest.")})


class AttackFinding(TextWithoutControls, models.Model):
    """What an official investigation concluded, in that body's own words."""

    attack = ParentalKey(Attack, on_delete=models.CASCADE, related_name="findings")
    body = models.CharField(_("investigating body"), max_length=300)
    document = models.CharField(_("document"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    attribution = models.TextField(_("attribution"), help_text=_("In the body's own words; do not paraphrase."))
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("document"), FieldPanel("date")]),
        FieldPanel("attribution"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = _("official finding")
        ordering = ["date"]

    def __str__(self):
        return f"{self.body} — {self.document}"


def new_public_id():
    # Random rather than sequential: an id reveals nothing about drafts or withdrawn records.
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Victim(TextWithoutControls, DraftStateMixin, RevisionMixin, PublicPagePreview, models.Model):
    """The public side of a person killed in an attack. Names and other sealed details live in
    `privacy.VictimIdentity`; what the public sees is computed by `privacy.representation`."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNKNOWN = "unknown", _("Unknown")

    class AgeGroup(models.TextChoices):
        INFANT = "0-4", _("Under 5")
        CHILD = "5-11", _("5 to 11")
        ADOLESCENT = "12-17", _("12 to 17")
        YOUNG_ADULT = "18-29", _("18 to 29")
        ADULT = "30-44", _("30 to 44")
        MIDDLE_AGED = "45-59", _("45 to 59")
        ELDER = "60+", _("60 and over")
        UNKNOWN = "", _("Unknown")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    class DocumentationStatus(models.TextChoices):
        REPORTED = "reported", _("Reported by one source")
        CORROBORATED = "corroborated", _("Corroborated by several sources")
        CONFIRMED = "confirmed", _("Confirmed by an official investigation")

    public_id = models.CharField(_("public id"), max_length=12, unique=True, null=True, blank=True, editable=False)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, default=Sex.UNKNOWN)
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MaxValueValidator(120)], help_text=_("Age in years at death.")
    )
    age_group = models.CharField(
        _("age group"),
        max_length=5,
        choices=AgeGroup.choices,
        blank=True,
        help_text=_("Only when the exact age is unknown; otherwise it is derived from the age."),
    )
    attack = models.ForeignKey(
        Attack, verbose_name=_("attack"), null=True, blank=True, on_delete=models.PROTECT, related_name="victims"
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("place of death"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("As precise as is known: a town, or only a district or governorate."),
    )
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to the"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    documentation_status = models.CharField(
        _("documentation status"),
        max_length=12,
        choices=DocumentationStatus.choices,
        default=DocumentationStatus.REPORTED,
    )
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Synthetic demo data; shown with a 'sample record' badge.")
    )
    biography_ar = models.TextField(_("biography in Arabic"), blank=True)
    biography_en = models.TextField(_("biography in English"), blank=True)
    pseudonym_ar = models.CharField(_("pseudonym in Arabic"), max_length=100, blank=True)
    pseudonym_latin = models.CharField(_("pseudonym in Latin script"), max_length=100, blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sources = models.ManyToManyField(Source, verbose_name=_("sources"), blank=True, related_name="victims")

    # A new record starts private; opening it up goes through privacy.services.
    name_policy = policy_field("name_policy", NamePolicy.WITHHELD)
    photo_policy = policy_field("photo_policy", PhotoPolicy.NONE)
    place_policy = policy_field("place_policy", PlacePolicy.GOVERNORATE)
    date_policy = policy_field("date_policy", DatePolicy.MONTH)
    age_policy = policy_field("age_policy", AgePolicy.GROUP)
    biography_policy = policy_field("biography_policy", ShowHide.HIDE)
    sources_policy = policy_field("sources_policy", ShowHide.SHOW)

    guard_level = models.PositiveSmallIntegerField(
        _("k-anonymity coarsening"),
        default=0,
        editable=False,
        help_text=_("Set by the k-anonymity guard; it only ever rises on its own."),
    )
    # Set when a family withdraws: the record is never published again, by the admin or by an import.
    withdrawn_at = models.DateTimeField(_("withdrawn at the family's request"), null=True, blank=True, editable=False)
    external_source = models.CharField(_("imported from"), max_length=100, blank=True, editable=False)
    external_id = models.CharField(_("id at the source"), max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sex"), FieldPanel("age"), FieldPanel("age_group")]),
                FieldPanel("attack"),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("date_of_death"), FieldPanel("date_precision")]),
                FieldPanel("documentation_status"),
                FieldPanel("is_sample"),
            ],
            heading=_("Record"),
        ),
        # The publication policy is not edited here: it changes on its own screen, with a reason, and a
        # second moderator approves anything that loosens it (privacy.services).
        FieldRowPanel(
            [scripted_panel("pseudonym_ar", "rtl"), scripted_panel("pseudonym_latin", "ltr")], heading=_("Pseudonym")
        ),
        scripted_panel("biography_ar", "rtl", AdminAutoHeightTextInput),
        scripted_panel("biography_en", "ltr", AdminAutoHeightTextInput),
        FieldPanel("photo"),
        FieldPanel("sources"),
    ]

    # Not in Wagtail's search index: one index shared by admin and public search would let the public probe
    # hidden names (design.md). The admin searches public values with the ORM (see wagtail_hooks).

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~models.Q(external_id=""),
                name="unique_victim_per_import_source",
            )
        ]

    def __str__(self):
        return self.public_label

    @property
    def public_label(self):
        return public_label(self)

    @property
    def guard_summary(self):
        """What the k-anonymity guard did to this record and why, for moderators."""
        return LEVEL_DESCRIPTIONS[self.guard_level]

    def publish(self, revision, *args, **kwargs):
        if self.withdrawn_at is not None:
            raise PublishPermissionError(
                gettext("This record was withdrawn at the family's request and is never published again.")
            )
        return super().publish(revision, *args, **kwargs)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # Values that belong to the record, never to one revision of it. The policy is among them: it changes
        # only through privacy.services, so publishing an old revision can never loosen it (P11).
        for field in (
            "public_id", "guard_level", "withdrawn_at", "external_source", "external_id", "created_at", *POLICY_FIELDS,
        ):  # fmt: skip
            setattr(obj, field, getattr(self, field))
        return obj


class VictimNameKey(models.Model):
    """One normalised word of a victim's *public* name, in either script: what name search matches."""

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["victim", "key"], name="unique_name_key_per_victim")]
        # A search reads the victims of a key from the index alone.
        indexes = [models.Index(fields=["key", "victim"], name="name_key_victims")]

    def __str__(self):
        return self.key


class VictimAdminNameKey(models.Model):
    """One normalised word of a victim's public label, for every record, drafts included: what the admin's
    search matches. Kept apart from `VictimNameKey` so that the public search, which reads only that table,
    can never find a record that is not published; neither ever holds a name the policy withholds."""

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="admin_name_keys")
    key = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["victim", "key"], name="unique_admin_name_key_per_victim")]

    def __str__(self):
        return self.key


class VictimPublicIndex(models.Model):
    """What public listings, filters, sorting and statistics may use of a published victim: values taken
    from its public representation, so a filter can only ever match what the page itself shows (P9), and a
    listing can show a page of victims without decrypting a record. A row exists only while the victim is
    published."""

    victim = models.OneToOneField(Victim, on_delete=models.CASCADE, primary_key=True, related_name="public_index")
    public_id = models.CharField(max_length=12, unique=True)
    # The public name as the representation shows it, empty when withheld: what a listing prints.
    name_ar = models.CharField(max_length=400, blank=True)
    name_latin = models.CharField(max_length=400, blank=True)
    name_is_pseudonym = models.BooleanField(default=False)
    # Null exactly when no name is shown; `name_missing` puts those records last, and the sort and its page cursors
    # read the index.
    sort_name_ar = models.CharField(max_length=300, null=True)  # noqa: DJ001
    sort_name_latin = models.CharField(max_length=300, null=True)  # noqa: DJ001
    name_missing = models.BooleanField(default=False)
    name_shown_in_full = models.BooleanField(default=False)
    attack = models.ForeignKey(Attack, null=True, on_delete=models.CASCADE, related_name="+")
    governorate = models.ForeignKey(Place, null=True, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(Place, null=True, on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey(Place, null=True, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(null=True)
    date_precision = models.CharField(max_length=5, blank=True)
    # Records without a public date come last in both date orders, so a cursor compares non-null values.
    date_missing = models.BooleanField(default=False)
    year = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=8, blank=True)
    age = models.PositiveSmallIntegerField(null=True)
    age_group = models.CharField(max_length=5, blank=True)
    is_child = models.BooleanField(null=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["name_missing", "sort_name_ar", "public_id"], name="victim_index_by_arabic_name"),
            models.Index(fields=["name_missing", "sort_name_latin", "public_id"], name="victim_index_by_latin_name"),
            # An attack's victims in either name order, read from the index as far as a page needs.
            models.Index(fields=["attack", "name_missing", "sort_name_ar", "public_id"], name="victim_index_attack_ar"),
            models.Index(
                fields=["attack", "name_missing", "sort_name_latin", "public_id"], name="victim_index_attack_latin"
            ),
            models.Index(fields=["date_missing", "date", "public_id"], name="victim_index_by_date"),
            models.Index(fields=["date_missing", "-date", "-public_id"], name="victim_index_by_date_desc"),
            models.Index(fields=["date"]),
            models.Index(fields=["year"]),
            models.Index(fields=["is_sample", "sex"]),
        ]

    def __str__(self):
        return self.public_id

    @property
    def place(self):
        """The place the record shows, finest first: the index keeps it and the places it lies in."""
        return self.town or self.district or self.governorate
