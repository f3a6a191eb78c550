"""A visitor searches the archive and reads attack and victim records, in both languages."""

import datetime

import pytest

from memorial.archive.services import victims_published
from tests.e2e.conftest import VIEWPORTS
from tests.factories import AttackFactory, AttackFigureFactory, GovernorateFactory, TownFactory, VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def archive(site_url):
    town = TownFactory(
        name_en="Douma", name_ar="دوما", parent=GovernorateFactory(name_en="Rif Dimashq", name_ar="ريف دمشق")
    )
    attack = AttackFactory(
        key="douma-2018",
        title_en="Douma, 7 April 2018",
        title_ar="دوما، 7 نيسان 2018",
        date=datetime.date(2018, 4, 7),
        places=[town],
        agent="chlorine",
        delivery="helicopter",
        delivery_description="two cylinders dropped from a helicopter",
        figures_checked=True,
    )
    AttackFigureFactory(attack=attack, low=43, reported_by="43 named individuals (OPCW IIT)")
    victims = [
        VictimFactory(
            attack=attack,
            identity__given_name_ar="أسماء",
            identity__father_name_ar="إبراهيم",
            identity__family_name_ar="الأحمد",
            identity__given_name_latin="Asmaa",
            identity__father_name_latin="Ibrahim",
            identity__family_name_latin="al-Ahmad",
        ),
        *[VictimFactory(attack=attack, name_policy="initials", age=None, age_group="30-44") for _ in range(5)],
    ]
    victims_published(victims)
    victims[0].refresh_from_db()
    return {"attack": attack, "named": victims[0]}


def test_arabic_search_finds_a_name_typed_with_another_hamza(page, site_url, archive, axe):
    page.goto(f"{site_url}/ar/victims/")
    page.get_by_label("الاسم").fill("اسماء ابراهيم")
    page.get_by_role("button", name="بحث").click()
    page.wait_for_url("**/ar/victims/?q=*")
    results = page.locator(".victim-list__item")
    assert results.count() == 1
    assert "أسماء إبراهيم الأحمد" in results.first.inner_text()
    assert axe(page) == []


def test_search_for_nothing_says_so_honestly(page, site_url, archive):
    page.goto(f"{site_url}/en/victims/?q=Nobody+Here")
    assert "No public record matches this name" in page.locator("main").inner_text()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_archive_pages_read_right(page, site_url, archive, language, viewport, screenshot, axe, csp_violations):
    page.set_viewport_size(VIEWPORTS[viewport])
    pages = {
        "attack-index": f"/{language}/attacks/",
        "attack": f"/{language}/attacks/douma-2018/",
        "victim-index": f"/{language}/victims/",
        "victim": f"/{language}/victims/{archive['named'].public_id}/",
        "statistics": f"/{language}/statistics/",
    }
    for name, path in pages.items():
        response = page.goto(f"{site_url}{path}")
        assert response.status == 200, path
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        screenshot(page, f"{name}-{language}-{viewport}")
        assert axe(page) == [], path
    assert csp_violations == []
