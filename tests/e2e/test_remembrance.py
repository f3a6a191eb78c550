"""A visitor on the 30 November page in each language, a reading ceremony in reading mode, and the home page in
campaign mode on a frozen date."""

import datetime

import pytest

from home.services import ensure_home_page_translations
from memorial.archive.demo import load_attacks, load_sample_victims
from memorial.remembrance import dates
from memorial.remembrance.demo import load_remembrance
from memorial.remembrance.models import RemembranceDayPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = {"ar": "rtl", "en": "ltr"}


@pytest.fixture
def demo(site_url):
    # The demo's own loaders (load_demo without its guard on the settings module, which the live server hides).
    ensure_home_page_translations()
    load_attacks()
    load_sample_victims(12)
    load_remembrance()
    return site_url


def day_page(code):
    return RemembranceDayPage.objects.live().get(year=2026, locale__language_code=code)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_30_november_page_reads_right_in_each_language(
    page, demo, language, viewport, screenshot, axe, csp_violations
):
    from tests.e2e.conftest import VIEWPORTS

    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{demo}{day_page(language).url}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == LANGUAGES[language]
    assert page.locator("main time").first.get_attribute("datetime") == "2026-11-30"
    assert "C-20/DEC.10" in page.locator(".home__introduction").inner_text()
    assert page.locator(".block--statistics dd").count() >= 4
    assert page.locator(".roll__name").count() == 12
    # The navigation leads to the index of past years.
    page.locator(".site-nav a").last.click()
    page.wait_for_load_state()
    assert page.locator(f'main a[href="{day_page(language).url}"]').is_visible()
    page.go_back()
    screenshot(page, f"remembrance-day-{language}-{viewport}")
    assert axe(page) == []
    assert csp_violations == []


def test_reading_mode_shows_one_name_at_a_time_at_a_steady_pace(page, demo, csp_violations, screenshot):
    english = day_page("en")
    roll = next(block for block in english.body if block.block_type == "roll_of_names")
    roll.value["seconds_per_name"] = 2
    english.save_revision().publish()
    page.goto(f"{demo}{english.url}")
    names = page.locator(".roll__names .roll__name")
    expected = [names.nth(index).locator(".roll__part").first.inner_text() for index in range(3)]

    page.get_by_role("button", name="Reading mode").click()
    current = page.locator(".roll__current .roll__part").first
    assert current.inner_text() == expected[0]
    assert not page.locator(".roll__names").is_visible()
    assert page.locator(".roll__counter").inner_text() == "1 of 12"
    page.wait_for_timeout(2300)
    assert current.inner_text() == expected[1]
    screenshot(page, "remembrance-reading-mode-en")
    page.get_by_role("button", name="Pause").click()
    page.wait_for_timeout(2300)
    assert current.inner_text() == expected[1]
    page.get_by_role("button", name="Resume").click()
    page.wait_for_timeout(2300)
    assert current.inner_text() == expected[2]
    page.keyboard.press("Escape")
    assert page.locator(".roll__names").is_visible()
    assert csp_violations == []


def test_without_javascript_the_roll_is_a_plain_list(browser, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo}{day_page('ar').url}")
    assert page.locator(".roll__names .roll__name").count() == 12
    assert page.locator(".roll__start").count() == 0
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".roll__names").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_home_page_in_campaign_mode(page, demo, monkeypatch, language, viewport, screenshot, axe):
    from tests.e2e.conftest import VIEWPORTS

    # The live server runs in this process: freezing the rule freezes what it serves.
    monkeypatch.setattr(dates, "today", lambda: datetime.date(2026, 11, 25))
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{demo}/{language}/")
    campaign = page.locator(".campaign")
    assert campaign.is_visible()
    assert campaign.locator("time").get_attribute("datetime") == "2026-11-30"
    campaign.locator("a.button").click()
    page.wait_for_url(f"{demo}{day_page(language).url}")
    page.go_back()
    screenshot(page, f"home-campaign-{language}-{viewport}")
    assert axe(page) == []


def test_the_home_page_lists_an_anniversary_on_its_day(page, demo, monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: datetime.date(2026, 8, 21))
    page.goto(f"{demo}/en/")
    item = page.locator(".on-this-day li").first
    assert "today" in item.inner_text()
    assert page.locator(".campaign__title").inner_text().startswith("Eastern Ghouta")
