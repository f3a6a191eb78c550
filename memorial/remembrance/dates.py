"""The calendar of remembrance, as plain rules on dates: the Day of Remembrance for all Victims of Chemical
Warfare (30 November, OPCW Conference of the States Parties decision C-20/DEC.10, observed from 2016), each
attack's anniversary, and when the home page turns to a campaign. Every date is a Syrian date
(`settings.TIME_ZONE`, Asia/Damascus): a family in Douma marks 7 April when it is 7 April there."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

REMEMBRANCE_MONTH, REMEMBRANCE_DAY = 11, 30
# The weeks around 30 November: two weeks of preparation and reading before it, one week after.
REMEMBRANCE_BEFORE = datetime.timedelta(days=14)
REMEMBRANCE_AFTER = datetime.timedelta(days=7)
# An attack's anniversary is a family's day rather than a season: the week before it and two days after.
ANNIVERSARY_BEFORE = datetime.timedelta(days=7)
ANNIVERSARY_AFTER = datetime.timedelta(days=2)
# "This week" of the "on this day" list: today and the six days after it.
WEEK = 7


def today():
    """Today's date in Damascus, whatever time zone the server or the request runs in."""
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(settings.TIME_ZONE)).date()


def remembrance_day(year):
    return datetime.date(year, REMEMBRANCE_MONTH, REMEMBRANCE_DAY)


def anniversary(day, year):
    """The day's anniversary in `year`; an attack of 29 February is marked on 28 February in other years."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def nearest_anniversary(day, on):
    """The anniversary of `day` closest to `on` (last year's, this year's or next year's)."""
    return min((anniversary(day, on.year + shift) for shift in (-1, 0, 1)), key=lambda candidate: abs(candidate - on))


@dataclass(frozen=True)
class Campaign:
    """What the home page marks today: the Day of Remembrance, or one attack's anniversary."""

    kind: str
    day: datetime.date
    attack_key: str = ""

    REMEMBRANCE_DAY = "remembrance_day"
    ANNIVERSARY = "anniversary"


def campaign_on(on, attacks=()):
    """The campaign of date `on`, or None. `attacks` are (key, date) pairs. 30 November comes first; otherwise
    the attack whose anniversary is closest (an earlier attack first on a tie), within its window."""
    day = nearest_anniversary(remembrance_day(on.year), on)
    if day - REMEMBRANCE_BEFORE <= on <= day + REMEMBRANCE_AFTER:
        return Campaign(Campaign.REMEMBRANCE_DAY, day)
    candidates = []
    for key, date in attacks:
        mark = nearest_anniversary(date, on)
        if mark - ANNIVERSARY_BEFORE <= on <= mark + ANNIVERSARY_AFTER and mark.year > date.year:
            candidates.append((abs(mark - on), date, key, mark))
    if not candidates:
        return None
    _, _, key, mark = min(candidates)
    return Campaign(Campaign.ANNIVERSARY, mark, key)


@dataclass(frozen=True)
class OnThisDay:
    key: str
    date: datetime.date
    anniversary: datetime.date
    years: int
    days_away: int


def on_this_day(on, attacks=(), days=WEEK):
    """Attacks whose anniversary falls on `on` or within the `days` days from it, soonest first. `attacks` are
    (key, date) pairs; an attack in its own first year has no anniversary yet."""
    found = []
    for key, date in attacks:
        mark = anniversary(date, on.year)
        if mark < on:
            mark = anniversary(date, on.year + 1)
        away = (mark - on).days
        if away < days and mark.year > date.year:
            found.append(OnThisDay(key, date, mark, mark.year - date.year, away))
    return sorted(found, key=lambda item: (item.days_away, item.date, item.key))
