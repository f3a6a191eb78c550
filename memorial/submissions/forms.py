"""The forms families fill in. Every submission form is a `FamilySubmissionForm` (abuse resistance from
`GuardedForm`, how the author appears, optional sealed contact, photos, versioned consent); each kind adds its
own fields and says what of them is stored (`content`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from memorial.submissions.abuse import GuardedForm, PhotosField, PlainTextField
from memorial.submissions.models import Submission
from memorial.submissions.services import MAX_ADDITION_LENGTH

MAX_TRIBUTE_LENGTH = 5000
MAX_NAME_LENGTH = 200
MAX_RELATIONSHIP_LENGTH = 100
MAX_CONTACT_LENGTH = 300


class FamilySubmissionForm(GuardedForm):
    """What every kind of submission asks: how the author appears, optional contact, photos and consent.

    `consent` is the ConsentText shown with the form (`consent.current_consent`); the form refuses a consent
    given to another version, so what is stored is what was read."""

    author_display = forms.ChoiceField(
        label=_("How should you appear if this is published?"),
        choices=Submission.AuthorDisplay.choices,
        initial=Submission.AuthorDisplay.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    author_name = PlainTextField(
        label=_("Your name"),
        max_length=MAX_NAME_LENGTH,
        required=False,
        help_text=_("Needed only if you chose to appear with your name."),
    )
    author_relationship = PlainTextField(
        label=_("Your relationship to them"),
        max_length=MAX_RELATIONSHIP_LENGTH,
        required=False,
        help_text=_("For example: her brother, his neighbour, a friend from school."),
    )
    contact = PlainTextField(
        label=_("How can we reach you? (optional)"),
        max_length=MAX_CONTACT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "A phone number or e-mail address, only if you want us to be able to ask you a question. It is stored "
            "encrypted and only the archive's moderators can read it; it is never published."
        ),
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        help_text=_(
            "Up to 5 photos (JPEG, PNG, WebP or HEIC), each at most 15 MB. We remove the location and all other "
            "hidden information from every photo."
        ),
    )
    consent_version = forms.IntegerField(widget=forms.HiddenInput)
    consent_given = forms.BooleanField(
        label=_("I agree"),
        required=True,
        error_messages={
            "required": _("Nothing can be sent without your consent: please read the text and tick the box.")
        },
    )

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.initial["consent_version"] = consent.pk
        if self.is_bound and self.data.get("consent_version") != str(consent.pk):
            # Show the current text's version from now on; the clean below says why the box must be ticked again.
            self.data = self.data.copy()
            self.data["consent_version"] = str(consent.pk)
            self.data.pop("consent_given", None)
            self.consent_changed = True
        else:
            self.consent_changed = False

    def clean(self):
        cleaned = super().clean()
        if self.consent_changed:
            self.add_error(
                "consent_given",
                ValidationError(
                    _("The consent text has changed. Please read it again and tick the box."), code="changed"
                ),
            )
        display = cleaned.get("author_display")
        if display == Submission.AuthorDisplay.NAME and not cleaned.get("author_name"):
            self.add_error("author_name", _("Write your name, or choose another way to appear."))
        if display == Submission.AuthorDisplay.RELATIONSHIP and not cleaned.get("author_relationship"):
            self.add_error(
                "author_relationship", _("Write your relationship to them, or choose another way to appear.")
            )
        return cleaned

    def author_fields(self):
        """The Submission fields that say who the author is and how they appear."""
        data = self.cleaned_data
        return {
            "author_display": data["author_display"],
            "author_name": data["author_name"],
            "author_relationship": data["author_relationship"],
            "contact": data["contact"],
        }

    def content(self):
        """What of this kind's own fields the submission keeps, as JSON."""
        raise NotImplementedError


class TributeForm(FamilySubmissionForm):
    text = PlainTextField(
        label=_("Your tribute"),
        max_length=MAX_TRIBUTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("A memory, a few words about who they were, what you want others to know. Up to 5,000 characters."),
    )

    field_order = ["text", "photos", "author_display", "author_name", "author_relationship", "contact"]

    def content(self):
        return {"text": self.cleaned_data["text"]}


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("The code shown when you sent your submission, for example ABCD-EFGH-…"),
    )


class AddInformationForm(ReceiptCodeForm):
    text = PlainTextField(
        label=_("What would you like to add?"),
        max_length=MAX_ADDITION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
