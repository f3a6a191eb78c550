"""The filter forms' selects, written in Python for speed, print exactly what Django's select template prints."""

from django import forms
from django.utils import translation

import pytest

from memorial.archive.forms import AttackFilterForm, VictimFilterForm
from tests.factories import AttackFactory, GovernorateFactory

pytestmark = pytest.mark.django_db


def with_django_selects(form):
    """The same form, its selects rendered by Django's own widget and templates."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Select):
            widget = forms.Select(attrs=field.widget.attrs)
            widget.choices = field.widget.choices
            field.widget = widget
    return form


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {"attack": "douma-2018", "governorate": "", "year": "2018", "sex": "female", "sort": "-date", "q": 'a"<b'}],
)
def test_the_filter_selects_print_what_djangos_template_prints(language, data):
    AttackFactory(key="douma-2018")
    AttackFactory(key="ghouta-2013")
    GovernorateFactory(name_en='Idlib & "Rif"', name_ar="إدلب")
    with translation.override(language):
        for make in (
            lambda: VictimFilterForm(data, years=[2013, 2018]),
            lambda: AttackFilterForm(data and {"agent": "sarin", "governorate": "nowhere"}),
        ):
            ours, django = make(), with_django_selects(make())
            ours.is_valid(), django.is_valid()
            assert [type(field.widget).__module__ for field in django.fields.values()] != [
                type(field.widget).__module__ for field in ours.fields.values()
            ]
            for name in ours.fields:
                assert str(ours[name]) == str(django[name]), name
