"""The public filter forms. Choices list only public values; anything else is a clear error."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from memorial.archive.models import Attack, Place
from memorial.archive.selectors import SORTS, default_sort, live_attacks


class Select(forms.Select):
    """Django's select with the markup of its template, written here: the template includes two more for each
    option, and the victim filter's options (attacks, places, years) were a third of the index's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], html_attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    html_attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def html_attrs(attrs):
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` alone when True, nothing when False."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', str(value)))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place):
        return place.name


class VictimFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Type a name in Arabic or Latin letters; every word must match."),
    )
    attack = forms.ModelChoiceField(
        label=_("Attack"),
        queryset=Attack.objects.none(),
        required=False,
        to_field_name="key",
        empty_label=_("All"),
        widget=Select,
    )
    governorate = PlaceChoiceField(
        label=_("Governorate"), queryset=Place.objects.none(), required=False, empty_label=_("All"), widget=Select
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, widget=Select)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", _("All")), ("female", _("Female")), ("male", _("Male"))],
        widget=Select,
    )
    age = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[("", _("All")), ("child", _("Children")), ("adult", _("Adults"))],
        widget=Select,
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
        widget=Select,
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attack"].queryset = live_attacks().order_by("date")
        self.fields["governorate"].queryset = Place.objects.filter(level=Place.Level.GOVERNORATE).order_by("name_en")
        self.fields["year"].choices = [("", _("All")), *((year, str(year)) for year in years)]
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


class AttackFilterForm(forms.Form):
    governorate = PlaceChoiceField(
        label=_("Governorate"), queryset=Place.objects.none(), required=False, empty_label=_("All"), widget=Select
    )
    agent = forms.ChoiceField(
        label=_("Agent"), required=False, choices=[("", _("All")), *Attack.Agent.choices], widget=Select
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["governorate"].queryset = Place.objects.filter(level=Place.Level.GOVERNORATE).order_by("name_en")
