"""What families send, kept quarantined and private until a moderator decides (M1).

No public surface reads these models: a submission reaches the public only as a record or a tribute a
moderator approved, shown through the public representation. The receipt code is stored only as a keyed hash
(`receipts`), contact details are sealed (P4), and photos are scrubbed at intake and kept in private storage
(P3). A submission has its own status machine (`TRANSITIONS`); every change of status is one conditional
update (`services.transition`), so of two people acting at once exactly one wins (M3).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from memorial.archive.models import Attack, Victim
from memorial.privacy.models import PhotoSize, originals_storage, public_photo_storage
from memorial.privacy.sealing import JSONWithSealedKeys, SealedCharField, SealedTextField

# The folder in the private (originals) storage that holds submitted photos, staged or attached; nothing
# there is ever served to the public.
PHOTOS_FOLDER = "submissions"


def photo_name(instance, filename):
    # Never the upload's name: it can carry a person's name or a place.
    return f"{PHOTOS_FOLDER}/{secrets.token_hex(16)}.jpg"


class ConsentText(models.Model):
    """The exact consent text a family was shown, per kind of submission and language. A text that changes
    becomes a new version; an old version is never edited, so a submission's consent always says what was
    shown (`consent.current_consent`)."""

    kind = models.CharField(_("kind of submission"), max_length=20)
    language = models.CharField(_("language"), max_length=8)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    text_sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("first shown at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language", "version"], name="one_consent_per_version"),
            models.UniqueConstraint(fields=["kind", "language", "text_sha256"], name="one_version_per_consent_text"),
        ]

    def __str__(self):
        return f"{self.kind} · {self.language} · v{self.version}"


class Submission(models.Model):
    """One thing a family sent: a tribute, a new record, a correction or a takedown request."""

    class Kind(models.TextChoices):
        TRIBUTE = "tribute", _("Tribute")
        NEW_RECORD = "new_record", _("New victim record")
        CORRECTION = "correction", _("Correction")
        TAKEDOWN = "takedown", _("Takedown request")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received, waiting for review")
        NEEDS_INFORMATION = "needs_information", _("Needs more information")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class AuthorDisplay(models.TextChoices):
        NAME = "name", _("With my name")
        RELATIONSHIP = "relationship", _("Only my relationship to them")
        ANONYMOUS = "anonymous", _("Anonymously")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    victim = models.ForeignKey(
        Victim,
        verbose_name=_("record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        help_text=_("The record this is about; for a new record, the one made from it when it is approved."),
    )
    attack = models.ForeignKey(
        Attack,
        verbose_name=_("attack"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a new record, the attack the family named or a moderator chose; the queue filters on it."),
    )
    tribute = models.ForeignKey(
        "PublishedTribute",
        verbose_name=_("tribute"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="takedowns",
        help_text=_("For a takedown request about one published tribute: that tribute, not the whole record."),
    )
    content = models.JSONField(
        _("content"), default=dict, blank=True, help_text=_("What the family typed, field by field, as sent.")
    )
    edits = JSONWithSealedKeys(
        _("moderator's edits"),
        default=dict,
        blank=True,
        sealed_keys=("names",),
        help_text=_(
            "A new record's fields as a moderator changed them before approval; the content stays as sent. The "
            "names are sealed (P4)."
        ),
    )
    language = models.CharField(_("language of the form"), max_length=8)
    author_display = models.CharField(
        _("author shown"), max_length=20, choices=AuthorDisplay.choices, default=AuthorDisplay.ANONYMOUS
    )
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    author_relationship = models.CharField(_("author's relationship"), max_length=100, blank=True)
    contact = SealedTextField(
        _("contact details"),
        blank=True,
        help_text=_("Sealed: shown only to moderators with the reveal permission, and each reveal is logged."),
    )
    consent = models.ForeignKey(ConsentText, verbose_name=_("consent shown"), on_delete=models.PROTECT)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    processing_failed = models.BooleanField(
        _("photo processing failed"),
        default=False,
        help_text=_("A photo was accepted but could not be prepared; the submission itself is complete."),
    )
    message_to_family = models.TextField(
        _("message to the family"),
        blank=True,
        help_text=_("Shown on the family's status page, for example what information is missing."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_confirmed_at = models.DateTimeField(
        _("withdrawal confirmed at"),
        null=True,
        blank=True,
        help_text=_("When a moderator confirmed the family's withdrawal; until then it waits in the queue (P6)."),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "kind", "created_at"], name="submission_queue")]
        permissions = [
            ("moderate_submission", _("Can moderate submissions")),
            ("reveal_submission", _("Can reveal a submitter's sealed contact details")),
        ]

    def __str__(self):
        # No content, no author: a label that can appear in a log or an admin history.
        return f"{self.get_kind_display()} #{self.pk}"


Status = Submission.Status
# Which statuses a submission may move to, from which. A family's added information brings a submission
# that needed it back to "received"; withdrawal is open until the end, even after approval (P6).
TRANSITIONS = {
    Status.NEEDS_INFORMATION: {Status.RECEIVED},
    Status.RECEIVED: {Status.NEEDS_INFORMATION},
    Status.APPROVED: {Status.RECEIVED, Status.NEEDS_INFORMATION},
    Status.REJECTED: {Status.RECEIVED, Status.NEEDS_INFORMATION},
    Status.WITHDRAWN: {Status.RECEIVED, Status.NEEDS_INFORMATION, Status.APPROVED},
}
PENDING = (Status.RECEIVED, Status.NEEDS_INFORMATION)


class SubmissionAddition(models.Model):
    """Information a family added later from the status page."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="additions")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("added information")
        verbose_name_plural = _("added information")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.submission} · {self.created_at:%Y-%m-%d}"


class SubmissionPhoto(models.Model):
    """A photo sent with a submission: already scrubbed at intake (no metadata left), kept in private
    storage. Its preview for moderators is made after the submission is stored; if that fails the photo is
    marked failed and the submission flagged, never lost (M4)."""

    class State(models.TextChoices):
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be prepared")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_name, storage=originals_storage, max_length=200)
    preview = models.FileField(upload_to=photo_name, storage=originals_storage, max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    intake_sha256 = models.CharField(_("SHA-256 at intake"), max_length=64, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("submitted photo")
        verbose_name_plural = _("submitted photos")
        ordering = ["submission", "position"]

    def __str__(self):
        return f"{self.submission} · {self.position + 1}"


class StagedPhoto(models.Model):
    """A photo accepted while the rest of its form was not yet valid: a browser cannot refill a file input, so
    the photo waits here, under the form's staging key, until the form is sent or the staging area expires."""

    staging_key = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to=photo_name, storage=originals_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    intake_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"staged photo {self.pk}"


class SubmittedIdentity(models.Model):
    """The names a family gave for a new record, sealed at rest like a contact (P4): a new record's names are
    private until a moderator has set the record's policy. What a moderator makes of them goes into the
    record's own sealed identity (`privacy.VictimIdentity`)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="identity")
    given_name_ar = SealedCharField(_("given name (Arabic)"), max_length=100, blank=True)
    father_name_ar = SealedCharField(_("father's name (Arabic)"), max_length=100, blank=True)
    family_name_ar = SealedCharField(_("family name (Arabic)"), max_length=100, blank=True)
    given_name_latin = SealedCharField(_("given name (Latin script)"), max_length=100, blank=True)
    father_name_latin = SealedCharField(_("father's name (Latin script)"), max_length=100, blank=True)
    family_name_latin = SealedCharField(_("family name (Latin script)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("submitted names")
        verbose_name_plural = _("submitted names")
        default_permissions = ()

    def __str__(self):
        # Never a name: this string can reach logs and admin messages.
        return f"names of {self.submission}"

    def name_parts(self, script):
        """(given, father's, family) in 'ar' or 'latin' script, as `VictimIdentity.name_parts`."""
        return tuple(getattr(self, f"{part}_name_{script}") for part in ("given", "father", "family"))


@register_setting(icon="mail")
class ArchiveContact(BaseSiteSetting):
    """How families reach the archive's team, shown on the public contact page. Empty means the page points
    only to the forms of this site, which is always a way to reach the team."""

    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("The address families can write to. Leave empty if the team is reached only through the forms."),
    )
    other_ways = models.TextField(
        _("other ways to reach the team"),
        blank=True,
        help_text=_("For example a phone or messaging number and when it is answered. Shown as written."),
    )

    class Meta:
        verbose_name = _("archive contact")


# The folder in public storage that holds the photos of published tributes, under random names; apart from the
# record photos' folder, whose versions follow the records' policies (privacy.photos).
TRIBUTE_PHOTOS_FOLDER = "tribute-photos"


def tribute_photo_name(instance, filename):
    return f"{TRIBUTE_PHOTOS_FOLDER}/{secrets.token_hex(16)}.jpg"


class RejectionReason(models.Model):
    """A reason moderators choose when they do not accept a submission; its message is what the family reads on
    their status page. Editable by moderators as a snippet, so the words stay kind and consistent."""

    title = models.CharField(
        _("title"), max_length=100, help_text=_("What moderators pick from; not shown to families.")
    )
    message = models.TextField(_("message to the family"))

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["title"]

    def __str__(self):
        return self.title


def tribute_token():
    """A published tribute's address in the link that asks for its takedown: random, so it says nothing of how
    many tributes there are or in which order they came, and cannot be guessed."""
    return secrets.token_urlsafe(16)


class PublishedTribute(models.Model):
    """A tribute as a moderator approved it: the text after any redaction and the author as the family chose.
    Shown on the victim's page while its submission stays approved and the record is public."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="published_tribute")
    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="tributes")
    text = models.TextField(_("text"))
    author_display = models.CharField(_("author shown"), max_length=20, choices=Submission.AuthorDisplay.choices)
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    author_relationship = models.CharField(_("author's relationship"), max_length=100, blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=tribute_token, editable=False)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    hidden_at = models.DateTimeField(
        _("hidden at"),
        null=True,
        blank=True,
        help_text=_("Hidden from the public while a takedown request about it is considered."),
    )

    class Meta:
        verbose_name = _("published tribute")
        verbose_name_plural = _("published tributes")
        ordering = ["published_at", "pk"]

    def __str__(self):
        return f"{self.submission}"


class TributePhoto(models.Model):
    """The public copy of an approved photo: re-encoded from the scrubbed intake file, so no metadata."""

    tribute = models.ForeignKey(PublishedTribute, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=tribute_photo_name, storage=public_photo_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["tribute", "position"]

    def __str__(self):
        return self.file.name


class TributePhotoSize(PhotoSize):
    """A responsive size of a tribute's public copy (privacy.photos.make_sizes), made from that copy."""

    photo = models.ForeignKey(TributePhoto, on_delete=models.CASCADE, related_name="sizes")

    class Meta(PhotoSize.Meta):
        constraints = [
            models.UniqueConstraint(fields=["photo", "format", "width"], name="one_tribute_photo_size_per_width")
        ]


class SubmissionTombstone(models.Model):
    """What is left of a purged submission (P8): that something of this kind was sent in a month and how it
    ended. Nothing here identifies the family, the person or the content."""

    kind = models.CharField(_("kind"), max_length=20, choices=Submission.Kind.choices)
    final_status = models.CharField(_("final status"), max_length=20, choices=Submission.Status.choices)
    received_month = models.DateField(_("received in (month)"))
    purged_at = models.DateTimeField(_("purged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("purged submission")
        verbose_name_plural = _("purged submissions")
        ordering = ["purged_at"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.received_month:%Y-%m}"
