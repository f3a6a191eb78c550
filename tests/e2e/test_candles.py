"""A visitor lights a candle on an Arabic victim page: with the page's script the count changes in place; without
it the form posts and the page comes back thanking them. The victim's share card is looked at too."""

import datetime
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from memorial.privacy.publication import victims_published
from tests.e2e.conftest import VIEWPORTS
from tests.factories import AttackFactory, TownFactory, VictimFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Where this branch keeps the pictures looked at by hand (HELPERS.md), beside the suite's own screenshots/.
SHOTS = Path("/tmp/cand-shots")  # noqa: S108


@pytest.fixture
def victim(site_url):
    town = TownFactory(name_en="Khan Shaykhun", name_ar="خان شيخون")
    attack = AttackFactory(
        key="khan-shaykhun-2017",
        title_en="Khan Shaykhun, 4 April 2017",
        title_ar="خان شيخون، 4 نيسان 2017",
        date=datetime.date(2017, 4, 4),
        places=[town],
    )
    record = VictimFactory(
        attack=attack,
        identity__given_name_ar="أسماء",
        identity__father_name_ar="إبراهيم",
        identity__family_name_ar="الأحمد",
        identity__given_name_latin="Asmaa",
        identity__father_name_latin="Ibrahim",
        identity__family_name_latin="al-Ahmad",
    )
    victims_published([record])
    record.refresh_from_db()
    return record


def keep(path, name):
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / f"{name}.png")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_lighting_a_candle_on_an_arabic_victim_page(page, site_url, victim, viewport, screenshot, axe, csp_violations):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{site_url}/ar/victims/{victim.public_id}/")
    candle = page.locator("section.candle")
    assert candle.locator(".candle__count").inner_text() == "لم تُضأ أي شمعة بعد."
    assert not candle.locator(".candle__lit").is_visible()
    candle.get_by_role("button", name="أضئ شمعة").click()
    # A locator's wait, not a string evaluated in the page: the page's CSP forbids eval.
    expect(page.locator(".candle__count")).to_contain_text("شمعة واحدة")
    assert candle.locator(".candle__lit").is_visible()
    assert candle.locator(".candle__lit").inner_text() == "أُضيئت شمعتك. شكرًا على وفائك للذكرى."
    # The script changed the page in place: no navigation happened.
    assert page.url == f"{site_url}/ar/victims/{victim.public_id}/"
    keep(screenshot(page, f"candle-ar-{viewport}"), f"candle-ar-{viewport}")
    assert axe(page) == []
    assert csp_violations == []


def test_without_javascript_the_form_posts_and_the_page_thanks_the_visitor(browser, site_url, victim):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(f"{site_url}/ar/victims/{victim.public_id}/")
    page.get_by_role("button", name="أضئ شمعة").click()
    page.wait_for_url(f"**/ar/victims/{victim.public_id}/#candle-lit")
    assert page.locator(".candle__lit").is_visible()
    assert page.locator(".candle__count").inner_text() == "شمعة واحدة مضاءة"
    page.screenshot(path=str(SHOTS / "candle-ar-phone-no-js.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_share_card_is_there_for_a_look(page, site_url, victim, language):
    page.goto(f"{site_url}/{language}/victims/{victim.public_id}/")
    card_url = page.locator("meta[property='og:image']").get_attribute("content")
    response = page.request.get(f"{site_url}{urlsplit(card_url).path}")
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / f"share-card-victim-{language}.png").write_bytes(response.body())
    attack_url = page.locator(".facts a[href*='/attacks/']").get_attribute("href")
    page.goto(f"{site_url}{attack_url}")
    card_url = page.locator("meta[property='og:image']").get_attribute("content")
    (SHOTS / f"share-card-attack-{language}.png").write_bytes(page.request.get(card_url).body())
