"""The remembrance pages through HTTP and the admin: the index in the navigation, one page per year and
language, the anniversary page linked from its attack's record."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from home.models import HomePage
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage, RemembranceIndexPage
from tests.factories import AttackFactory
from tests.remembrance.conftest import add_page

pytestmark = pytest.mark.django_db


def nav_links(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {link.get_text(strip=True): link["href"] for link in soup.select(".site-nav a")}


@pytest.mark.parametrize(("code", "label"), [("ar", "إحياء الذكرى"), ("en", "Remembrance")])
def test_the_index_is_in_the_navigation_of_every_page(client, indexes, code, label):
    for path in (f"/{code}/", f"/{code}/attacks/", f"/{code}/victims/"):
        assert nav_links(client.get(path))[label] == indexes[code].url


def test_no_index_no_link(client):
    assert "Remembrance" not in nav_links(client.get("/en/"))


def test_the_index_lists_past_years_latest_first_and_no_draft(client, day_pages, indexes):
    day_pages(2024)
    day_pages(2025)
    day_pages(2026, publish=False)
    response = client.get(indexes["en"].url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [link.get_text() for link in soup.select("main li a")] == [
        "Day of Remembrance 2025",
        "Day of Remembrance 2024",
    ]


@pytest.mark.parametrize("code", ["ar", "en"])
def test_a_day_page_is_public_in_each_language(client, day_pages, code):
    page = day_pages(2026)[code]
    response = client.get(page.url)
    assert response.status_code == 200
    assert response.context["page"].year == 2026
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == code
    assert soup.select_one("main time")["datetime"] == "2026-11-30"
    assert page.get_translation_or_none(page.locale) == page


def test_one_page_per_year_in_each_language(day_pages, indexes):
    pages = day_pages(2026)
    with pytest.raises(ValidationError) as refused:
        add_page(indexes["en"], RemembranceDayPage, title="Again", slug="again", year=2026)
    assert "year" in refused.value.message_dict
    # Another year, or the same year in a language that has none, is fine.
    add_page(indexes["en"], RemembranceDayPage, title="Next", slug="next", year=2027)
    assert pages["ar"].year == pages["en"].year == 2026


def test_the_admin_refuses_a_second_page_for_a_year(admin_client, day_pages, indexes):
    day_pages(2026)
    url = reverse("wagtailadmin_pages:add", args=["remembrance", "remembrancedaypage", indexes["en"].pk])
    data = nested_form_data(
        {"title": "Again", "slug": "again", "year": 2026, "introduction": "", "body": streamfield([])}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    # The admin speaks the editor's language, Arabic by default.
    assert "توجد في هذه اللغة صفحة ليوم 30 تشرين الثاني 2026." in response.content.decode()
    assert RemembranceDayPage.objects.filter(locale=indexes["en"].locale, year=2026).count() == 1


def test_an_editor_creates_a_day_page_in_the_admin(admin_client, indexes):
    url = reverse("wagtailadmin_pages:add", args=["remembrance", "remembrancedaypage", indexes["ar"].pk])
    assert admin_client.get(url).status_code == 200
    data = nested_form_data(
        {"title": "2031", "slug": "30-november-2031", "year": 2031, "introduction": "", "body": streamfield([])}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    page = RemembranceDayPage.objects.get(year=2031, locale=indexes["ar"].locale)
    assert not page.live
    # The page tree is kept in step: the English side has the page too, as an alias until it is translated.
    alias = RemembranceDayPage.objects.get(year=2031, locale=indexes["en"].locale)
    assert alias.alias_of_id == page.pk
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200


def test_page_types_sit_where_they_belong():
    assert RemembranceIndexPage.parent_page_types == ["home.HomePage"]
    assert set(RemembranceIndexPage.allowed_subpage_models()) == {RemembranceDayPage, AttackAnniversaryPage}
    assert RemembranceDayPage.allowed_parent_page_models() == [RemembranceIndexPage]
    assert HomePage in RemembranceIndexPage.allowed_parent_page_models()


def test_an_anniversary_page_is_linked_from_its_attacks_record(client, anniversary_page):
    attack = AttackFactory(key="ghouta-2013", title_en="Ghouta")
    page = anniversary_page(attack, 2026)
    draft = anniversary_page(attack, 2027, publish=False)
    response = client.get(f"/en/attacks/{attack.key}/")
    soup = BeautifulSoup(response.content, "html.parser")
    links = [link["href"] for link in soup.select(".attack__anniversaries a")]
    assert links == [page.url]
    assert draft.url not in response.content.decode()
    shown = client.get(page.url)
    assert shown.status_code == 200
    assert f'href="/en/attacks/{attack.key}/"' in shown.content.decode()


def test_one_anniversary_page_per_attack_year_and_language(anniversary_page, indexes):
    attack = AttackFactory(date=datetime.date(2013, 8, 21))
    anniversary_page(attack, 2026)
    with pytest.raises(ValidationError):
        anniversary_page(attack, 2026)
    with pytest.raises(ValidationError):
        anniversary_page(attack, 2013)
    anniversary_page(attack, 2026, code="ar")
    anniversary_page(AttackFactory(date=datetime.date(2017, 4, 4)), 2026)


def test_the_public_crawl_reaches_every_kind_of_remembrance_page(public_pages):
    """The crawl-wide checks (valid HTML, no private object in a context) cover these pages: the demo publishes
    them and the navigation links the index."""
    reached = {page.path: page.status for page in public_pages}
    for code in ("ar", "en"):
        assert reached[f"/{code}/remembrance/"] == 200
        assert reached[f"/{code}/remembrance/30-november-2026/"] == 200
        assert reached[f"/{code}/remembrance/ghouta-2013-2026/"] == 200
    # The draft of the next year is not public, and nothing links to it.
    assert not any("30-november-2027" in path for path in reached)
