"""A remembrance page that names a person whose name the archive withholds is not published, by the admin, by a
script or on schedule; the editor is told where, never which name."""

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from memorial.privacy.publication import victims_published
from memorial.remembrance.forms import withheld_name_message
from memorial.remembrance.models import RemembranceDayPage
from memorial.remembrance.withheld_names import naming_withheld, text_word_keys, withheld_phrases
from tests.factories import named_victim
from tests.remembrance.conftest import add_page
from tests.remembrance.test_blocks import STREAM

pytestmark = pytest.mark.django_db


@pytest.fixture
def withheld():
    """A published record whose family withheld the name, and one shown in full."""
    hidden = named_victim("عبد الرحمن خالد الأحمد", "Abd al-Rahman Khaled al-Ahmad", name_policy="withheld")
    shown = named_victim("سلمى يوسف الحسن", "Salma Youssef al-Hassan")
    victims_published([hidden, shown])
    return hidden


@pytest.mark.parametrize(
    "text",
    [
        "<p>We remember Abd al-Rahman al-Ahmad, who was nine.</p>",
        "<p>We remember Abdulrahman Khalid.</p>",
        "<p>نستذكر عبدالرحمن الاحمد اليوم</p>",
        "<p>نستذكر عَبْد الرَّحمن خالد</p>",
    ],
)
def test_spellings_of_a_withheld_name_are_found(withheld, text):
    assert naming_withheld({"Text": text}) == ["Text"]


@pytest.mark.parametrize(
    "text",
    [
        "<p>Abd al-Rahman was a common name in Zamalka.</p>",
        "<p>We remember Salma Youssef al-Hassan.</p>",
        "<p>Al-Ahmad, Abd al-Rahman: the names are listed by family.</p>",
    ],
)
def test_a_given_name_alone_or_a_public_name_passes(withheld, text):
    assert naming_withheld({"Text": text}) == []


def test_words_are_keyed_in_order_across_scripts():
    keys = text_word_keys("<p>Salma &amp; سلمى</p>")
    assert len(keys) == 2
    assert "سلمي" in keys[1]


def test_phrases_come_from_sealed_names_not_from_public_ones(withheld):
    phrases = withheld_phrases()
    assert phrases
    assert all("=husayn" not in phrase for phrase in phrases)


def publish_data(page, paragraph, action="action-publish"):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "year": page.year,
            "introduction": page.introduction,
            "body": streamfield([("text", rich_text(paragraph))]),
            action: action,
        }
    )


def test_the_admin_refuses_to_publish_and_does_not_repeat_the_name(admin_client, withheld, indexes):
    page = add_page(indexes["en"], RemembranceDayPage, publish=False, title="2026", slug="2026", year=2026)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(url, publish_data(page, "<p>We remember Abd al-Rahman al-Ahmad.</p>"))
    assert response.status_code == 200
    html = response.content.decode()
    # The admin speaks the editor's language (Arabic by default); the message says where, and names no one.
    with translation.override("ar"):
        label = STREAM.child_blocks["text"].label
        message = withheld_name_message([gettext("Block %(position)s (%(label)s)") % {"position": 1, "label": label}])
    assert escape(message) in html
    assert "Rahman" not in message and "Ahmad" not in message
    page.refresh_from_db()
    assert not page.live


def test_a_draft_may_hold_the_name_while_the_editor_works(admin_client, withheld, indexes):
    page = add_page(indexes["en"], RemembranceDayPage, publish=False, title="2026", slug="2026", year=2026)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(url, publish_data(page, "<p>Abd al-Rahman al-Ahmad</p>", action="action-save"))
    assert response.status_code == 302
    response = admin_client.post(url, publish_data(page, "<p>A child of Zamalka.</p>"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_publishing_from_code_is_refused_too(withheld, indexes):
    page = add_page(
        indexes["en"],
        RemembranceDayPage,
        publish=False,
        title="2026",
        slug="2026",
        year=2026,
        introduction="For Abd al-Rahman Khaled, and for all.",
    )
    with translation.override("en"), pytest.raises(PublishPermissionError) as refused:
        page.save_revision().publish()
    assert "Introduction" in str(refused.value) and "Rahman" not in str(refused.value)
    page.refresh_from_db()
    assert not page.live
