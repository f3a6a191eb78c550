from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from memorial.privacy.models import PublicationDefaults
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.policy import K_ANONYMITY, MINIMUM_K, POLICY_FIELDS, POLICY_LABELS


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Why you need this. The reason is kept in the record's history with your name."),
        error_messages={"required": _("Give a reason: it is kept in the record's history.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason: it is kept in the record's history."))
        return reason


class IdentityForm(forms.ModelForm):
    class Meta:
        model = VictimIdentity
        fields = [
            "given_name_ar",
            "father_name_ar",
            "family_name_ar",
            "given_name_latin",
            "father_name_latin",
            "family_name_latin",
            "birth_date",
            "home_village",
            "family_details",
        ]
        widgets = {
            "family_details": forms.Textarea(attrs={"rows": 3}),
            # Latin-script names read left to right even on the Arabic admin.
            **{f"{part}_name_latin": forms.TextInput(attrs={"dir": "ltr"}) for part in ("given", "father", "family")},
        }


# The date and town of a public attack are public facts (P10): a moderator choosing a date or place policy is told
# that it cannot hide them.
ATTACK_NOTES = {
    "date_policy": _(
        "A public attack's date is a public fact: this policy applies only to what the attack does not say."
    ),
    "place_policy": _(
        "A public attack's town is a public fact: this policy applies only to what the attack does not say."
    ),
}


class PolicyForm(ReasonForm):
    """Every policy value, with the record's current values as the starting point. `notes` replace the general
    word on what a public attack already says with what the record's own attack says."""

    def __init__(self, *args, current, notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        notes = {**ATTACK_NOTES, **(notes or {})}
        for field, choices in POLICY_FIELDS.items():
            self.fields[field] = forms.ChoiceField(
                label=capfirst(POLICY_LABELS[field]),
                choices=choices.choices,
                initial=current[field],
                help_text=notes.get(field, ""),
            )
        self.order_fields([*POLICY_FIELDS, "reason"])

    def proposed(self):
        return {field: self.cleaned_data[field] for field in POLICY_FIELDS}


class DefaultsForm(PolicyForm):
    """The site-wide default policy, and the guard's k."""

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, current=current, **kwargs)
        model_field = PublicationDefaults._meta.get_field(K_ANONYMITY)
        self.fields[K_ANONYMITY] = forms.IntegerField(
            label=capfirst(model_field.verbose_name),
            help_text=model_field.help_text,
            min_value=MINIMUM_K,
            max_value=1000,
            initial=current[K_ANONYMITY],
        )
        self.order_fields([*POLICY_FIELDS, K_ANONYMITY, "reason"])

    def proposed(self):
        return {**super().proposed(), K_ANONYMITY: self.cleaned_data[K_ANONYMITY]}


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class SetupForm(TokenForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No recovery codes exist yet at this step: they are made once this code is confirmed.
        self.fields["token"].help_text = _("The six digits your authenticator app shows now.")
