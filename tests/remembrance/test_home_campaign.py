"""The home page in campaign mode in the weeks around 30 November and around an attack's anniversary, and the
"on this day" list, on frozen Damascus dates."""

import datetime

import pytest
from bs4 import BeautifulSoup

from tests.factories import AttackFactory

pytestmark = pytest.mark.django_db


def home(client, code="en"):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def attacks():
    return {
        "ghouta": AttackFactory(key="ghouta-2013", date=datetime.date(2013, 8, 21), title_en="Ghouta"),
        "douma": AttackFactory(key="douma-2018", date=datetime.date(2018, 4, 7), title_en="Douma"),
        "unpublished": AttackFactory(key="draft-2019", date=datetime.date(2019, 8, 22), live=False),
    }


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_weeks_around_30_november_turn_the_home_page_into_the_campaign(client, frozen_today, day_pages, code):
    pages = day_pages(2026)
    frozen_today(datetime.date(2026, 11, 20))
    soup = home(client, code)
    assert "home-page--campaign" in soup.body["class"]
    campaign = soup.select_one(".campaign")
    assert campaign.select_one("time")["datetime"] == "2026-11-30"
    assert campaign.select_one("a.button")["href"] == pages[code].url
    assert "C-20/DEC.10" in campaign.get_text()


def test_outside_the_weeks_the_home_page_is_as_usual(client, frozen_today, day_pages, attacks):
    day_pages(2026)
    frozen_today(datetime.date(2026, 10, 1))
    soup = home(client)
    assert soup.select_one(".campaign") is None
    assert "home-page--campaign" not in soup.body["class"]
    assert soup.select_one(".on-this-day") is None


def test_before_the_page_is_published_the_campaign_links_the_past_years(client, frozen_today, day_pages, indexes):
    day_pages(2025)
    frozen_today(datetime.date(2026, 11, 25))
    campaign = home(client).select_one(".campaign")
    assert campaign.select_one("a.button") is None
    assert campaign.select_one(f'a[href="{indexes["en"].url}"]')


def test_an_attacks_anniversary_is_a_campaign_with_its_page(client, frozen_today, attacks, anniversary_page):
    page = anniversary_page(attacks["ghouta"], 2026)
    frozen_today(datetime.date(2026, 8, 19))
    soup = home(client)
    campaign = soup.select_one(".campaign")
    assert campaign.select_one(".campaign__title").get_text() == "Ghouta"
    assert "13 years since the attack" in campaign.get_text()
    assert campaign.select_one('a[href="/en/attacks/ghouta-2013/"]')
    assert campaign.select_one("a.button")["href"] == page.url


def test_on_this_day_lists_the_anniversaries_of_this_week(client, frozen_today, attacks):
    frozen_today(datetime.date(2026, 8, 21))
    items = home(client).select(".on-this-day li")
    assert [item.select_one("a")["href"] for item in items] == ["/en/attacks/ghouta-2013/"]
    assert "on-this-day__today" in items[0]["class"]
    assert "today" in items[0].get_text()

    frozen_today(datetime.date(2026, 8, 17))
    items = home(client).select(".on-this-day li")
    # The unpublished attack of 22 August is not listed.
    assert [item.get_text(" ", strip=True).split(" · ")[0] for item in items] == ["21 August Ghouta in 4 days"]


def test_on_this_day_speaks_arabic_on_the_arabic_home_page(client, frozen_today, attacks):
    frozen_today(datetime.date(2026, 4, 7))
    item = home(client, "ar").select_one(".on-this-day li")
    assert item.select_one("time").get_text() == "7 نيسان"
    assert item.select_one("a")["href"] == "/ar/attacks/douma-2018/"
