import datetime

import pytest

from memorial.remembrance import dates
from memorial.remembrance.models import AttackAnniversaryPage, RemembranceDayPage
from memorial.remembrance.preparation import ensure_remembrance_index


@pytest.fixture
def indexes(db):
    return ensure_remembrance_index()


@pytest.fixture
def frozen_today(monkeypatch):
    """Fix today's Damascus date for everything that asks `dates.today()`."""

    def freeze(day):
        monkeypatch.setattr(dates, "today", lambda: day)
        return day

    return freeze


def add_page(parent, model, *, publish=True, original=None, **fields):
    page = model(live=publish, **fields)
    if original is not None:
        page.translation_key = original.translation_key
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


@pytest.fixture
def day_pages(indexes):
    """A published 30 November page for `year` in both languages, with the given raw blocks."""

    def make(year, body=(), publish=True):
        pages = {}
        original = None
        for code, title in (("ar", f"يوم إحياء الذكرى {year}"), ("en", f"Day of Remembrance {year}")):
            original = pages[code] = add_page(
                indexes[code],
                RemembranceDayPage,
                publish=publish,
                original=original,
                title=title,
                slug=f"30-november-{year}",
                year=year,
                introduction=f"Introduction {year}",
                body=list(body),
            )
        return pages

    return make


@pytest.fixture
def anniversary_page(indexes):
    def make(attack, year, code="en", publish=True, body=()):
        return add_page(
            indexes[code],
            AttackAnniversaryPage,
            publish=publish,
            title=f"Anniversary {attack.key} {year}",
            slug=f"{attack.key}-{year}",
            attack=attack,
            year=year,
            body=list(body),
        )

    return make


NOVEMBER_30_2026 = datetime.date(2026, 11, 30)
