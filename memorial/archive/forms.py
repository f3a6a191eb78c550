"""The public filter forms. Choices list only public values; anything else is a clear error."""

from html import escape

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from memorial.archive.models import Attack, Place, in_language
from memorial.archive.selectors import SORTS, default_sort, filter_choices, live_attacks

FIELD = '<div class="filters__field{}">{}{}{}{}</div>'
LABEL = '<label for="{}">{}</label>'
INPUT = '<input type="{}" name="{}"{}{}>'
SELECT = '<select name="{}"{}>{}\n</select>'
OPTION = '\n  <option value="{}"{}>{}</option>\n'
HELP_TEXT = '<p class="helptext" id="{}_helptext">{}</p>'
ERRORS = '<div class="error" role="alert">{}</div>'


class FilterForm(forms.Form):
    """A public filter form: text boxes and selects, each in its box with its label, help text and errors.

    `as_filters` writes the fields with the markup of Django's templates for them (label.html, input.html,
    select.html and its options, attrs.html) and their attributes as `BoundField.as_widget` gives them, in one
    pass: rendered from those templates, the victim filter's seven fields were a fifth of a listing's time. An option
    is selected as Django's `optgroups` selects it: the first whose value is the field's."""

    # Fields whose box spans the form's width.
    wide = ()

    def as_filters(self):
        stops = gettext(":?.!")
        parts = []
        for bound in self:
            field, id_ = bound.field, bound.auto_id
            label = conditional_escape(bound.label)
            if self.label_suffix and label and label[-1] not in stops:
                label += conditional_escape(self.label_suffix)
            described = [f"{id_}_helptext"] if field.help_text else []
            attrs = dict(field.widget.attrs)
            if bound.errors:
                attrs["aria-invalid"] = "true"
                described.append(f"{id_}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
            attrs["id"] = id_
            value = field.widget.format_value(bound.value())
            if isinstance(field.widget, forms.Select):
                control = SELECT.format(escape(bound.html_name), html_attrs(attrs), options(field.choices, value))
            else:
                shown = "" if value is None else f' value="{escape(value)}"'
                control = INPUT.format(field.widget.input_type, escape(bound.html_name), shown, html_attrs(attrs))
            parts.append(
                FIELD.format(
                    " filters__field--wide" if bound.name in self.wide else "",
                    LABEL.format(escape(id_), label),
                    control,
                    HELP_TEXT.format(escape(id_), conditional_escape(field.help_text)) if field.help_text else "",
                    ERRORS.format(conditional_escape(bound.errors)) if bound.errors else "",
                )
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def options(choices, values):
    parts = []
    has_selected = False
    for value, label in choices:
        value = "" if value is None else str(value)
        selected = not has_selected and value in values
        has_selected |= selected
        parts.append(OPTION.format(escape(value), " selected" if selected else "", escape(str(label))))
    return "".join(parts)


def html_attrs(attrs):
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` alone when True, nothing when False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class RecordChoiceField(forms.ChoiceField):
    """A record chosen among options given as values (`filter_choices`: no query to list them), cleaned to the record
    itself, looked up in `queryset` by `to_field_name`: what a ModelChoiceField answers, with its error."""

    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, *, queryset, to_field_name="pk", **kwargs):
        self.queryset = queryset
        self.to_field_name = to_field_name
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return self.queryset.get(**{self.to_field_name: value})
        except (ValueError, TypeError, self.queryset.model.DoesNotExist):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


def named_choices(records):
    """("", "All") and each record's key with its name in the page's language, from (key, Arabic, English)."""
    return [("", _("All")), *((key, in_language(arabic, english)) for key, arabic, english in records)]


class VictimFilterForm(FilterForm):
    wide = ("q",)

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Type a name in Arabic or Latin letters; every word must match."),
    )
    attack = RecordChoiceField(label=_("Attack"), queryset=live_attacks(), to_field_name="key", required=False)
    governorate = RecordChoiceField(
        label=_("Governorate"),
        queryset=Place.objects.filter(level=Place.Level.GOVERNORATE),
        required=False,
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("All")), ("female", _("Female")), ("male", _("Male"))],
    )
    age = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[("", _("All")), ("child", _("Children")), ("adult", _("Adults"))],
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("name", _("Name (Arabic)")),
            ("name_latin", _("Name (Latin letters)")),
            ("-date", _("Most recent first")),
            ("date", _("Oldest first")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        self.fields["attack"].choices = named_choices(choices.attacks)
        self.fields["governorate"].choices = named_choices(choices.governorates)
        self.fields["year"].choices = [("", _("All")), *((year, str(year)) for year in choices.years)]
        # The box shows the order the list is in when none was asked for.
        self.fields["sort"].initial = default_sort()

    def filters(self):
        """Keyword arguments for `victim_index_entries`; empty when the form is invalid."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return {
            "query": data["q"].strip(),
            "attack": data["attack"],
            "governorate": data["governorate"],
            "year": data["year"],
            "sex": data["sex"],
            "age": data["age"],
            "sort": data["sort"] if data["sort"] in SORTS else default_sort(),
        }


class AttackFilterForm(FilterForm):
    governorate = RecordChoiceField(
        label=_("Governorate"),
        queryset=Place.objects.filter(level=Place.Level.GOVERNORATE),
        required=False,
    )
    agent = forms.ChoiceField(label=_("Agent"), required=False, choices=[("", _("All")), *Attack.Agent.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["governorate"].choices = named_choices(filter_choices().governorates)
