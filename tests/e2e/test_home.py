"""A visitor opens the home page in each language, on a phone and a desktop, and switches language."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = {"ar": "rtl", "en": "ltr"}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_home_page_reads_right_in_each_language(page, site_url, language, viewport, screenshot, axe, csp_violations):
    from tests.e2e.conftest import VIEWPORTS

    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{site_url}/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == LANGUAGES[language]
    assert page.locator("h1").is_visible()

    loaded_fonts = page.evaluate(
        "async () => { await document.fonts.ready; "
        "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family); }"
    )
    expected_font = "Noto Naskh Arabic" if language == "ar" else "Noto Sans"
    assert any(expected_font in family for family in loaded_fonts), loaded_fonts

    if language == "ar":
        # Right-to-left: the heading starts at the right edge of the main column.
        main_box = page.locator("main").bounding_box()
        heading_box = page.locator("h1").bounding_box()
        assert heading_box["x"] + heading_box["width"] > main_box["x"] + main_box["width"] - 40

    screenshot(page, f"home-{language}-{viewport}")
    assert axe(page) == []
    assert csp_violations == []


@pytest.mark.parametrize(("language", "other"), [("ar", "en"), ("en", "ar")])
def test_language_switch_lands_on_the_same_page(page, site_url, language, other):
    page.goto(f"{site_url}/{language}/")
    page.locator(f'.language-switcher a[hreflang="{other}"]').click()
    page.wait_for_url(f"{site_url}/{other}/")
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("html").get_attribute("dir") == LANGUAGES[other]


def test_not_found_page_is_accessible(page, site_url, axe, screenshot):
    response = page.goto(f"{site_url}/ar/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "الصفحة غير موجودة"
    screenshot(page, "not-found-ar")
    assert axe(page) == []
