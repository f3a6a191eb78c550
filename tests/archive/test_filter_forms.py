"""The filter forms' fields, written in Python for speed (`FilterForm.as_filters`), print exactly what Django's
templates print for them: its label, its widget, the help text and the errors in the filters' boxes."""

from django.utils import translation

import pytest

from memorial.archive.forms import AttackFilterForm, VictimFilterForm
from tests.factories import AttackFactory, GovernorateFactory

pytestmark = pytest.mark.django_db


def with_djangos_templates(form):
    """The filters' boxes as their template wrote them, each field rendered by Django's own templates."""
    return "".join(
        f'<div class="filters__field{" filters__field--wide" if field.name in form.wide else ""}">'
        f"{field.label_tag()}{field}"
        + (f'<p class="helptext" id="{field.auto_id}_helptext">{field.help_text}</p>' if field.help_text else "")
        + (f'<div class="error" role="alert">{field.errors}</div>' if field.errors else "")
        + "</div>"
        for field in form
    )


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {"attack": "douma-2018", "governorate": "", "year": "2018", "sex": "female", "sort": "-date", "q": 'a"<b'}],
)
def test_the_filter_fields_print_what_djangos_templates_print(language, data):
    AttackFactory(key="douma-2018")
    AttackFactory(key="ghouta-2013")
    GovernorateFactory(name_en='Idlib & "Rif"', name_ar="إدلب")
    with translation.override(language):
        for form in (
            VictimFilterForm(data),
            AttackFilterForm(data and {"agent": "sarin", "governorate": "nowhere"}),
        ):
            form.is_valid()
            assert form.as_filters() == with_djangos_templates(form)
