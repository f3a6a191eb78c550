"""The sealed part of a victim: the real names and details the family gave, encrypted at rest.

Only the modules that seal, reveal, import or rotate import this one (the import contracts in pyproject.toml);
everything public reads a victim through the public representation, which gets at these values through the
record's `identity` relation and decides what may be shown."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memorial.archive.text import TextWithoutControls
from memorial.privacy.sealing import SealedCharField, SealedDateField, SealedTextField


class VictimIdentity(TextWithoutControls, models.Model):
    """The sealed part of a victim: the real names and details the family gave. Never revisioned,
    indexed, listed or serialised; the public sees only what `representation.public_victim` derives."""

    victim = models.OneToOneField("archive.Victim", on_delete=models.CASCADE, related_name="identity")
    # Every value here is encrypted at rest (privacy.sealing); none is ever filtered or sorted on.
    given_name_ar = SealedCharField(_("given name (Arabic)"), max_length=100, blank=True)
    father_name_ar = SealedCharField(_("father's name (Arabic)"), max_length=100, blank=True)
    family_name_ar = SealedCharField(_("family name (Arabic)"), max_length=100, blank=True)
    given_name_latin = SealedCharField(_("given name (Latin script)"), max_length=100, blank=True)
    father_name_latin = SealedCharField(_("father's name (Latin script)"), max_length=100, blank=True)
    family_name_latin = SealedCharField(_("family name (Latin script)"), max_length=100, blank=True)
    birth_date = SealedDateField(_("date of birth"), null=True, blank=True)
    home_village = SealedCharField(_("home village"), max_length=200, blank=True)
    family_details = SealedTextField(
        _("details from the family"), blank=True, help_text=_("Anything the family told us that must stay private.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sealed identity")
        verbose_name_plural = _("sealed identities")
        default_permissions = ()
        permissions = [("reveal_identity", _("Can reveal and edit sealed identities"))]

    def __str__(self):
        # Never the name: this string can reach logs and admin messages.
        return gettext("Sealed identity of record %(pk)s") % {"pk": self.victim_id}

    def name_parts(self, script):
        """(given, father's, family) in 'ar' or 'latin' script."""
        return tuple(getattr(self, f"{part}_name_{script}") for part in ("given", "father", "family"))
