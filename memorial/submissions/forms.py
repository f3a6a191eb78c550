"""The forms families fill in. Every submission form is a `FamilySubmissionForm` (abuse resistance from
`GuardedForm`, how the author appears, optional sealed contact, photos, versioned consent); each kind adds its
own fields and says what of them is stored (`content`)."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from memorial.archive.models import Attack, Place, Victim
from memorial.archive.selectors import live_attacks
from memorial.privacy.policy import POLICY_FIELDS, AgePolicy, DatePolicy, NamePolicy, PhotoPolicy, PlacePolicy, ShowHide
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

    def sealed_fields(self):
        """What this kind keeps sealed beside the submission (`services.submission_create`); most keep nothing."""
        return {}


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


# Names, pseudonyms and places are one line of letters: besides the invisible controls `PlainTextField` drops,
# no other control character (bell, escape…) belongs in them; line breaks and tabs become spaces.
LINE_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x85]")
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_NAME_PART_LENGTH = 100
MAX_BIOGRAPHY_LENGTH = 3000
MAX_SOURCES_LENGTH = 3000
MAX_REQUEST_LENGTH = 3000
NAME_PARTS = (
    "given_name_ar",
    "father_name_ar",
    "family_name_ar",
    "given_name_latin",
    "father_name_latin",
    "family_name_latin",
)
EARLIEST_YEAR = 1900


class LineTextField(PlainTextField):
    """One line of text (a name, a place): no control characters, runs of spaces made one."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(LINE_CONTROLS.sub("", LINE_BREAKS.sub(" ", value)).split()) if value else value


class NameSearchForm(forms.Form):
    """The first step of a new record: is the person already in the archive? The archive's public name search."""

    q = forms.CharField(
        label=pgettext_lazy("the person a family looks for", "Their name"),
        max_length=200,
        required=False,
        help_text=_("In Arabic or Latin letters. Every word you type must match."),
    )


def name_part(label, direction):
    # The input takes its script's direction; its label stays in the page's.
    return LineTextField(
        label=label,
        max_length=MAX_NAME_PART_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"dir": direction, "autocomplete": "off"}),
    )


def policy_choice(field, label, choices, help_text=""):
    """A publication choice for the victim, in plain words; its values are the archive's own policy values
    (`privacy.policy`, checked by a test), and it starts at the value a new record gets when nobody chose."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        initial=Victim._meta.get_field(field).default,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def attack_label(attack):
    title = attack.title_ar if get_language() == "ar" else attack.title_en or attack.title_ar
    return f"{title} ({formats.date_format(attack.date, 'j F Y')})"


class AttackField(forms.ModelChoiceField):
    def label_from_instance(self, attack):
        return attack_label(attack)


class DeathDateFields(forms.Form):
    """The day, month and year of death, each optional as a family knows it, made one date with its precision
    (the archive's own precisions) by `clean_date`: for the family's form and the moderators' edit."""

    death_day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31, required=False)
    death_month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", _("Not known"))] + [(number, name) for number, name in MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    death_year = forms.IntegerField(label=_("Year"), min_value=EARLIEST_YEAR, required=False)

    def clean_date(self, cleaned):
        """The date of death from what is known of it, and how precise it is (the archive's own precisions)."""
        day, month, year = cleaned.get("death_day"), cleaned.get("death_month"), cleaned.get("death_year")
        cleaned["date_of_death"], cleaned["date_precision"] = None, ""
        if year is None:
            if day or month:
                self.add_error("death_year", _("Write the year too, or leave the day and month empty."))
            return
        if day and not month:
            self.add_error("death_month", _("Choose the month too, or leave the day empty."))
            return
        if year > timezone.localdate().year:
            self.add_error("death_year", _("This date is in the future."))
            return
        try:
            known = date(year, month or 1, day or 1)
        except ValueError:
            self.add_error("death_day", _("This month has no such day."))
            return
        if known > timezone.localdate():
            self.add_error("death_year", _("This date is in the future."))
            return
        precision = (
            Victim.DatePrecision.DAY if day else Victim.DatePrecision.MONTH if month else Victim.DatePrecision.YEAR
        )
        cleaned["date_of_death"], cleaned["date_precision"] = known, precision

    @staticmethod
    def date_initial(iso_date, precision):
        """The three fields' initial values for a stored ISO date and its precision."""
        try:
            known = date.fromisoformat(iso_date) if iso_date else None
        except (TypeError, ValueError):
            known = None
        if known is None:
            return {"death_day": None, "death_month": None, "death_year": None}
        return {
            "death_day": known.day if precision == Victim.DatePrecision.DAY else None,
            "death_month": known.month if precision in (Victim.DatePrecision.DAY, Victim.DatePrecision.MONTH) else None,
            "death_year": known.year,
        }


class NewRecordForm(FamilySubmissionForm, DeathDateFields):
    """A family asks for a person to be added: what they know of them, what they want shown of them, and who
    they are. The names are kept sealed (`SubmittedIdentity`); everything else is kept in `content`."""

    given_name_ar = name_part(_("Given name (Arabic letters)"), "rtl")
    father_name_ar = name_part(_("Father's name (Arabic letters)"), "rtl")
    family_name_ar = name_part(_("Family name (Arabic letters)"), "rtl")
    given_name_latin = name_part(_("Given name (Latin letters)"), "ltr")
    father_name_latin = name_part(_("Father's name (Latin letters)"), "ltr")
    family_name_latin = name_part(_("Family name (Latin letters)"), "ltr")
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Victim.Sex.choices, initial=Victim.Sex.UNKNOWN, widget=forms.RadioSelect
    )
    age = forms.IntegerField(label=_("Age when they died (optional)"), min_value=0, max_value=120, required=False)
    governorate = forms.ModelChoiceField(
        label=_("Governorate where they died"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("Not known"),
    )
    place_name = LineTextField(
        label=_("Town, village or district (optional)"),
        max_length=MAX_NAME_LENGTH,
        required=False,
        help_text=_("As you know it. We will find it in the archive's list of places."),
    )
    place_level = forms.ChoiceField(
        label=_("Is the place you wrote a town or village, or a whole district?"),
        choices=[(Place.Level.TOWN, _("A town or village")), (Place.Level.DISTRICT, _("A district"))],
        initial=Place.Level.TOWN,
        widget=forms.RadioSelect,
        required=False,
    )
    attack = AttackField(
        label=_("The attack in which they died, if you know it"),
        queryset=Attack.objects.none(),
        to_field_name="key",
        required=False,
        empty_label=_("I do not know"),
    )
    biography = PlainTextField(
        label=_("A few words about them (optional)"),
        max_length=MAX_BIOGRAPHY_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who they were, what they loved, what you want others to know. Up to 3,000 characters."),
    )
    sources = PlainTextField(
        label=_("Sources you have (optional)"),
        max_length=MAX_SOURCES_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Where their death is recorded, if you know: a report, a list, a news article, a document. Links are "
            "welcome. A moderator checks every record against its sources."
        ),
    )
    name_policy = policy_choice(
        "name_policy",
        _("How may their name be shown?"),
        [
            (NamePolicy.FULL, _("Their full name")),
            (NamePolicy.FIRST_NAME, _("Only their first name")),
            (NamePolicy.INITIALS, _("Only their initials")),
            (NamePolicy.PSEUDONYM, _("Another name that you choose (write it below)")),
            (NamePolicy.WITHHELD, _("No name at all")),
        ],
    )
    pseudonym = LineTextField(
        label=_("The name to show instead"),
        max_length=MAX_NAME_PART_LENGTH,
        required=False,
        help_text=_("Only if you chose another name above."),
    )
    photo_policy = policy_choice(
        "photo_policy",
        _("May their photo be shown?"),
        [
            (PhotoPolicy.SHOW, _("Yes, show the photo")),
            (PhotoPolicy.BLURRED, _("Only a blurred version, in which they cannot be recognised")),
            (PhotoPolicy.NONE, _("No photo")),
        ],
    )
    place_policy = policy_choice(
        "place_policy",
        _("How precisely may the place be shown?"),
        [
            (PlacePolicy.TOWN, _("The town or village")),
            (PlacePolicy.DISTRICT, _("Only the district")),
            (PlacePolicy.GOVERNORATE, _("Only the governorate")),
            (PlacePolicy.COUNTRY, _("Only the country, Syria")),
        ],
    )
    date_policy = policy_choice(
        "date_policy",
        _("How precisely may the date of death be shown?"),
        [
            (DatePolicy.EXACT, _("The exact day")),
            (DatePolicy.MONTH, _("Only the month and year")),
            (DatePolicy.YEAR, _("Only the year")),
        ],
    )
    age_policy = policy_choice(
        "age_policy",
        _("May their age be shown?"),
        [
            (AgePolicy.EXACT, _("Their exact age")),
            (AgePolicy.GROUP, _("Only an age group, for example “5 to 11”")),
            (AgePolicy.WITHHELD, _("No age")),
        ],
    )
    biography_policy = policy_choice(
        "biography_policy",
        _("May the words you wrote about them be shown?"),
        [(ShowHide.SHOW, _("Yes")), (ShowHide.HIDE, _("No, they are for the moderators only"))],
    )
    sources_policy = policy_choice(
        "sources_policy",
        _("May the sources you gave be shown?"),
        [(ShowHide.SHOW, _("Yes")), (ShowHide.HIDE, _("No, they are for the moderators only"))],
    )

    field_order = [
        *NAME_PARTS,
        "sex",
        "age",
        "death_day",
        "death_month",
        "death_year",
        "governorate",
        "place_name",
        "place_level",
        "attack",
        "biography",
        "sources",
        "photos",
        "name_policy",
        "pseudonym",
        "photo_policy",
        "place_policy",
        "date_policy",
        "age_policy",
        "biography_policy",
        "sources_policy",
        "author_display",
        "author_name",
        "author_relationship",
        "contact",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["governorate"].queryset = Place.objects.filter(level=Place.Level.GOVERNORATE).order_by(
            "name_ar" if get_language() == "ar" else "name_en"
        )
        self.fields["attack"].queryset = live_attacks().order_by("date", "key")
        self.fields["author_relationship"].required = True
        self.fields["author_relationship"].help_text = _("For example: her son, his sister, a neighbour.")

    def publication_choices(self):
        """The victim's publication choices in the order the form explains them (the pseudonym after the name
        choice it belongs to); the template loops over them rather than naming the record's policy fields."""
        return [self[name] for name in ("name_policy", "pseudonym", *(f for f in POLICY_FIELDS if f != "name_policy"))]

    def name_groups(self):
        """The name fields in two groups, one per script, for the template."""
        return {script: [self[name] for name in NAME_PARTS if name.endswith(script)] for script in ("ar", "latin")}

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("given_name_ar") or cleaned.get("given_name_latin")):
            self.add_error(
                "given_name_ar",
                _("Write at least their given name, in Arabic or in Latin letters. You choose below what is shown."),
            )
        if cleaned.get("name_policy") == NamePolicy.PSEUDONYM and not cleaned.get("pseudonym"):
            self.add_error("pseudonym", _("Write the name to show, or choose another way to show their name."))
        self.clean_date(cleaned)
        return cleaned

    def content(self):
        data = self.cleaned_data
        return {
            "sex": data["sex"],
            "age": data["age"],
            "date_of_death": data["date_of_death"].isoformat() if data["date_of_death"] else "",
            "date_precision": data["date_precision"],
            "governorate": data["governorate"].pk if data["governorate"] else None,
            "place_name": data["place_name"],
            "place_level": data["place_level"] if data["place_name"] else "",
            "attack": data["attack"].key if data["attack"] else "",
            "biography": data["biography"],
            "sources": data["sources"],
            "pseudonym": data["pseudonym"] if data["name_policy"] == NamePolicy.PSEUDONYM else "",
            "policy": {field: data[field] for field in POLICY_FIELDS},
        }

    def sealed_fields(self):
        return {"identity": {name: self.cleaned_data[name] for name in NAME_PARTS}}


class RecordRequestForm(FamilySubmissionForm):
    """A correction or a takedown: a request to the moderators, never published, so its author does not choose
    how to appear; they may still say who they are to the person and how to reach them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("author_display", "author_name"):
            field = self.fields[name]
            field.widget = forms.HiddenInput()
            field.label = ""
            field.help_text = ""
        self.initial["author_display"] = Submission.AuthorDisplay.ANONYMOUS


class CorrectionForm(RecordRequestForm):
    what_is_wrong = PlainTextField(
        label=_("What is wrong on this page?"),
        max_length=MAX_REQUEST_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    should_say = PlainTextField(
        label=_("What should it say?"),
        max_length=MAX_REQUEST_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sources = PlainTextField(
        label=_("How do you know? (optional)"),
        max_length=MAX_SOURCES_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A source, a document, or your own knowledge as their family. Links are welcome."),
    )

    field_order = ["what_is_wrong", "should_say", "sources", "photos", "author_display", "author_name"]

    def content(self):
        return {name: self.cleaned_data[name] for name in ("what_is_wrong", "should_say", "sources")}


class TakedownForm(RecordRequestForm):
    reason = PlainTextField(
        label=_("Why should this record be taken down?"),
        max_length=MAX_REQUEST_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example: you are their family and did not agree to it, it puts someone in danger, or it is "
            "not true. Tell us what you can; a moderator reads every request."
        ),
    )

    # Set from the link under one tribute, its public token: the request is about that tribute alone (checked at
    # intake).
    tribute = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    field_order = ["reason", "photos", "author_display", "author_name"]

    def content(self):
        tribute = self.cleaned_data["tribute"]
        return {"reason": self.cleaned_data["reason"], **({"tribute": tribute} if tribute else {})}
