"""Private data and the rules about it: the image model and its public versions, publication defaults, policy
changes. The sealed identity has a module of its own (`identity`), which only the code that seals, reveals,
imports or rotates may import (the import contracts in pyproject.toml); it is imported here only so that Django
registers the model."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images.models import AbstractImage, AbstractRendition, Image, WagtailImageField, get_upload_to
from wagtail.models import Site

from memorial.privacy.models import identity  # noqa: F401
from memorial.privacy.policy import (
    K_ANONYMITY,
    MINIMUM_K,
    POLICY_FIELDS,
    AgePolicy,
    DatePolicy,
    NamePolicy,
    PhotoPolicy,
    PlacePolicy,
    ShowHide,
    policy_field,
)

# The folder of originals in their private storage (the orphan-file sweep looks there).
ORIGINALS_FOLDER = "originals"


def originals_storage():
    """Originals live in private storage; only renditions reach public media."""
    return storages["originals"]


class MemorialImage(AbstractImage):
    """A photo in the archive. Its stored name never comes from the upload's name."""

    file = WagtailImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        storage=originals_storage,
        width_field="width",
        height_field="height",
    )
    is_graphic = models.BooleanField(
        _("graphic"),
        default=False,
        help_text=_(
            "Tick when the photo shows injuries or death. Public pages hide it behind a warning "
            "that the visitor must choose to open."
        ),
    )

    intake_sha256 = models.CharField(
        _("SHA-256 at intake"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Fingerprint of the file as it was received, for provenance. Never published."),
    )

    admin_form_fields = (*Image.admin_form_fields, "is_graphic")

    def get_upload_to(self, filename):
        # A family's file name can carry a person's name or a place: keep only the extension.
        extension = os.path.splitext(filename)[1].lower()
        return f"{ORIGINALS_FOLDER}/{uuid.uuid4().hex}{extension}"

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


def public_photo_storage():
    return storages["default"]


class PublicPhotoVersion(models.Model):
    """A file the public may fetch for a photo under one policy mode, under a name unrelated to anything
    else. Deleted as soon as no published record needs that mode (P3, P5)."""

    class Mode(models.TextChoices):
        SHOW = "show", _("Sharp")
        BLURRED = "blurred", _("Blurred")

    image = models.ForeignKey(MemorialImage, on_delete=models.CASCADE, related_name="public_versions")
    mode = models.CharField(max_length=8, choices=Mode.choices)
    file = models.FileField(storage=public_photo_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["image", "mode"], name="one_public_version_per_mode")]

    def __str__(self):
        return self.file.name


class PhotoSize(models.Model):
    """One responsive size of a public photo file, made from that public file (already stripped and re-encoded,
    never the original), stored beside it under a random name. Goes with its public file (P5)."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(storage=public_photo_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["format", "width"]

    def __str__(self):
        return self.file.name


class PublicPhotoSize(PhotoSize):
    version = models.ForeignKey(PublicPhotoVersion, on_delete=models.CASCADE, related_name="sizes")

    class Meta(PhotoSize.Meta):
        constraints = [
            models.UniqueConstraint(fields=["version", "format", "width"], name="one_public_photo_size_per_width")
        ]


class MemorialRendition(AbstractRendition):
    image = models.ForeignKey(MemorialImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class PublicationDefaults(BaseSiteSetting):
    """What a record shows when nobody chose otherwise, and how strong the small-group guard is.

    Not registered with Wagtail's settings editor, which would save a looser value at once: it is edited on its
    own screen (privacy.admin_views.DefaultsView) under the rule of a record's policy (P11)."""

    name_policy = policy_field("name_policy", NamePolicy.INITIALS)
    photo_policy = policy_field("photo_policy", PhotoPolicy.BLURRED)
    place_policy = policy_field("place_policy", PlacePolicy.DISTRICT)
    date_policy = policy_field("date_policy", DatePolicy.EXACT)
    age_policy = policy_field("age_policy", AgePolicy.GROUP)
    biography_policy = policy_field("biography_policy", ShowHide.SHOW)
    sources_policy = policy_field("sources_policy", ShowHide.SHOW)
    k_anonymity = models.PositiveSmallIntegerField(
        _("smallest group (k)"),
        default=5,
        validators=[MinValueValidator(MINIMUM_K)],
        help_text=_(
            "A record whose name is not shown in full is coarsened until at least this many share its details."
        ),
    )

    class Meta:
        verbose_name = _("publication defaults")

    def as_policy(self):
        return {field: getattr(self, field) for field in POLICY_FIELDS}

    def as_protection(self):
        """The default policy with the guard's k: everything a change to the defaults can tighten or loosen."""
        return {**self.as_policy(), K_ANONYMITY: self.k_anonymity}


def publication_defaults():
    """The defaults of the default site; Wagtail's unsaved defaults before a site exists."""
    site = Site.objects.filter(is_default_site=True).first()
    return PublicationDefaults.for_site(site) if site else PublicationDefaults()


class PolicyChange(models.Model):
    """A change to a victim's publication policy. Tightening is applied at once and recorded here as
    applied; anything that loosens waits here until a second moderator approves it (P11)."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PENDING = "pending", _("Waiting for a second moderator")
        APPROVED = "approved", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")

    # No victim: a change to the site-wide publication defaults and the guard's k.
    victim = models.ForeignKey(
        "archive.Victim", null=True, blank=True, on_delete=models.CASCADE, related_name="policy_changes"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    before = models.JSONField(_("policy before"))
    after = models.JSONField(_("policy requested"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("policy change")
        verbose_name_plural = _("policy changes")
        ordering = ["-requested_at"]
        permissions = [("approve_policychange", _("Can approve a policy change that publishes more openly"))]

    def __str__(self):
        if self.victim_id is None:
            return gettext("Change to the publication defaults")
        return gettext("Policy change for record %(pk)s") % {"pk": self.victim_id}

    @property
    def differences(self):
        """(field, before, after) for every policy value this change alters."""
        return [
            (field, self.before[field], value) for field, value in self.after.items() if value != self.before.get(field)
        ]


class FailedSignIns(models.Model):
    """How many sign-ins failed on an account since its owner last signed in, and when the last did: what the
    owner is told at their next sign-in. No address or browser, which would say who tried from where."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()

    class Meta:
        verbose_name = _("failed sign-ins")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return gettext("Failed sign-ins on account %(pk)s") % {"pk": self.user_id}
