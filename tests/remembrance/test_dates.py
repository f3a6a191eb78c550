"""The calendar rules, on frozen dates: when the home page turns to a campaign, and what "on this day" lists."""

import datetime

import pytest

from memorial.remembrance import dates
from memorial.remembrance.dates import Campaign, campaign_on, on_this_day

GHOUTA = ("ghouta-2013", datetime.date(2013, 8, 21))
DOUMA = ("douma-2018", datetime.date(2018, 4, 7))
KHAN_SHAYKHUN = ("khan-shaykhun-2017", datetime.date(2017, 4, 4))
LEAP = ("leap-2016", datetime.date(2016, 2, 29))
ATTACKS = [GHOUTA, DOUMA, KHAN_SHAYKHUN, LEAP]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 15), None),
        (datetime.date(2026, 11, 16), datetime.date(2026, 11, 30)),
        (datetime.date(2026, 11, 30), datetime.date(2026, 11, 30)),
        (datetime.date(2026, 12, 2), datetime.date(2026, 11, 30)),
        (datetime.date(2026, 12, 7), datetime.date(2026, 11, 30)),
        (datetime.date(2026, 12, 8), None),
    ],
)
def test_the_weeks_around_30_november_are_a_campaign(day, expected):
    campaign = campaign_on(day, ATTACKS)
    assert (campaign.day if campaign else None) == expected
    if campaign:
        assert campaign.kind == Campaign.REMEMBRANCE_DAY


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (datetime.date(2026, 8, 13), None),
        (datetime.date(2026, 8, 14), "ghouta-2013"),
        (datetime.date(2026, 8, 21), "ghouta-2013"),
        (datetime.date(2026, 8, 23), "ghouta-2013"),
        (datetime.date(2026, 8, 24), None),
        # Khan Shaykhun (4 April) and Douma (7 April): the closer anniversary is the campaign.
        (datetime.date(2026, 4, 3), "khan-shaykhun-2017"),
        (datetime.date(2026, 4, 6), "douma-2018"),
    ],
)
def test_the_days_around_an_attacks_anniversary_are_its_campaign(day, key):
    campaign = campaign_on(day, ATTACKS)
    assert (campaign.attack_key if campaign else None) == key
    if campaign:
        assert campaign.kind == Campaign.ANNIVERSARY
        assert campaign.day.year == 2026


def test_an_attack_has_no_anniversary_in_its_own_year():
    assert campaign_on(datetime.date(2013, 8, 21), [GHOUTA]) is None
    assert on_this_day(datetime.date(2013, 8, 21), [GHOUTA]) == []


def test_a_29_february_attack_is_marked_on_28_february_in_other_years():
    assert dates.anniversary(LEAP[1], 2027) == datetime.date(2027, 2, 28)
    assert campaign_on(datetime.date(2027, 2, 28), [LEAP]).day == datetime.date(2027, 2, 28)


def test_on_this_day_lists_today_and_this_week_soonest_first():
    listed = on_this_day(datetime.date(2026, 4, 2), ATTACKS)
    assert [(item.key, item.days_away, item.years) for item in listed] == [
        ("khan-shaykhun-2017", 2, 9),
        ("douma-2018", 5, 8),
    ]
    today = on_this_day(datetime.date(2026, 8, 21), ATTACKS)
    assert [(item.key, item.days_away, item.years) for item in today] == [("ghouta-2013", 0, 13)]
    # Seven days: today and the six after it.
    assert on_this_day(datetime.date(2026, 8, 14), ATTACKS) == []
    assert [item.key for item in on_this_day(datetime.date(2026, 8, 15), ATTACKS)] == ["ghouta-2013"]


def test_the_turn_of_the_year_wraps_to_next_year():
    listed = on_this_day(datetime.date(2026, 12, 30), [("new-year", datetime.date(2014, 1, 2))])
    assert [(item.anniversary, item.years) for item in listed] == [(datetime.date(2027, 1, 2), 13)]


def test_today_is_the_date_in_damascus(monkeypatch):
    # 22:30 UTC on 29 November is already 30 November in Damascus (UTC+3).
    late_evening_utc = datetime.datetime(2026, 11, 29, 22, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: late_evening_utc)
    assert dates.today() == datetime.date(2026, 11, 30)
