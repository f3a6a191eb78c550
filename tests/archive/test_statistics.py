"""Small-cell and complementary suppression (P10)."""

import datetime
import itertools
import random

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from memorial.archive.statistics import (
    CACHE_KEY,
    STATISTICS_TIMEOUT,
    Cell,
    archive_statistics,
    purge_statistics,
    suppressed_table,
    with_complements_suppressed,
)
from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, GovernorateFactory, TownFactory, VictimFactory


def shown(cells):
    return [item.value if not item.suppressed else "-" for item in cells]


def test_cells_below_k_are_suppressed_and_zero_is_shown():
    assert shown(with_complements_suppressed([0, 3, 5, 40], 5)) == [0, "-", "-", 40]


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it():
    # Without the second suppression, 2 = total − 10 − 40.
    cells = with_complements_suppressed([2, 10, 40], 5)
    assert shown(cells) == ["-", "-", 40]


def test_two_suppressed_cells_already_protect_each_other():
    assert shown(with_complements_suppressed([2, 3, 40], 5)) == ["-", "-", 40]


def test_nothing_to_suppress():
    assert shown(with_complements_suppressed([5, 10], 5)) == [5, 10]


def test_tables_keep_their_labels():
    assert suppressed_table([(2017, 1), (2018, 30), (2019, 12)], 5) == [
        (2017, Cell(None, True)),
        (2018, Cell(30)),
        (2019, Cell(None, True)),
    ]


@pytest.mark.parametrize(
    ("values", "k", "expected"),
    [
        # 42 − 40 = 2 can only be 1 + 1: the 40 goes too.
        ([1, 1, 40], 3, ["-", "-", "-"]),
        # 43 − 40 = 3 is 1 + 2 or 2 + 1.
        ([1, 2, 40], 3, ["-", "-", 40]),
        ([2, 40, 41], 3, ["-", "-", 41]),
        ([5, 6, 7], 5, [5, 6, 7]),
        # 3 left for three cells of at least 1: each is 1.
        ([1, 1, 1, 40], 3, ["-", "-", "-", "-"]),
        # All hidden cells read the same: 8 for two cells, or 7 for three, can be split many ways.
        ([4, 4, 40], 5, ["-", "-", 40]),
        ([1, 1, 5, 40], 5, ["-", "-", "-", 40]),
        ([2], 5, ["-"]),
        ([0, 2, 0], 5, [0, "-", 0]),
    ],
)
def test_suppressed_cells_come_to_at_least_k_between_at_least_two(values, k, expected):
    assert shown(with_complements_suppressed(values, k)) == expected


def test_no_table_lets_a_reader_subtract_a_suppressed_cell():
    generator = random.Random(20130821)
    for _ in range(2000):
        k = generator.randint(3, 6)
        values = [generator.choice([0, 1, 2, 3, 4, 5, 8, 40]) for _ in range(generator.randint(1, 6))]
        cells = with_complements_suppressed(values, k)
        hidden = [value for value, item in zip(values, cells, strict=True) if item.suppressed]
        shown_values = [item.value for item in cells if not item.suppressed]
        assert all(value == 0 or value >= k for value in shown_values), (values, k)
        if hidden and sum(hidden) >= k:
            assert len(hidden) >= 2, (values, k)
        elif hidden:
            # Only when everything is withheld, and then the table's total, below k, is withheld as well.
            assert not any(shown_values) and sum(values) < k, (values, k)


def possible_values(cells, values):
    """For each hidden cell, every value it can take given what the table shows: the hidden cells' sum, each
    at least 1 (zeros are shown), all under the same label."""
    hidden = [index for index, item in enumerate(cells) if item.suppressed]
    total = sum(values[index] for index in hidden)
    seen = {index: set() for index in hidden}
    for combination in itertools.product(range(1, total + 1), repeat=len(hidden)):
        if sum(combination) == total:
            for index, value in zip(hidden, combination, strict=True):
                seen[index].add(value)
    return seen


def test_no_hidden_cell_can_be_worked_out_by_a_reader():
    generator = random.Random(20170404)
    for _ in range(1500):
        k = generator.randint(3, 5)
        values = [generator.choice([0, 1, 2, 3, 4, 5, 7, 12]) for _ in range(generator.randint(1, 5))]
        cells = with_complements_suppressed(values, k)
        if all(item.suppressed or item.value == 0 for item in cells) and sum(values) < k:
            continue  # the table's total is withheld too
        for index, options in possible_values(cells, values).items():
            assert len(options) >= 2, (values, k, index, options)


# Through the page


def figures(page):
    """{heading: [(label, count or None when withheld)]} for each table, and the key facts."""
    tables = {}
    for heading in page.select(".counted h3"):
        rows = heading.find_next("table").select("tbody tr")
        tables[heading.get_text(strip=True)] = [
            (row.th.get_text(strip=True), None if row.td.select_one(".suppressed") else int(row.td.get_text()))
            for row in rows
        ]
    facts = {
        div.dt.get_text(strip=True): None if div.dd.select_one(".suppressed") else int(div.dd.get_text())
        for div in page.select(".counted .facts div")
    }
    return tables, facts


@pytest.mark.django_db
def test_the_statistics_page_never_lets_a_reader_subtract_a_hidden_cell(client):
    places = {
        name: TownFactory(parent=GovernorateFactory(name_en=name))
        for name in ("Rif Dimashq", "Hama", "Aleppo", "Idlib")
    }
    attacks = [
        (AttackFactory(date=datetime.date(2013, 8, 21), agent="sarin", places=[places["Rif Dimashq"]]), 1),
        (AttackFactory(date=datetime.date(2014, 4, 11), agent="chlorine", places=[places["Hama"]]), 2),
        (AttackFactory(date=datetime.date(2016, 8, 10), agent="chlorine", places=[places["Aleppo"]]), 6),
        (AttackFactory(date=datetime.date(2017, 4, 4), agent="sarin", places=[places["Idlib"]]), 10),
    ]
    victims = [VictimFactory(attack=attack, is_sample=False) for attack, count in attacks for _ in range(count)]
    victims[-1].age = 8
    victims[-1].save()
    victims_published(victims)

    tables, facts = figures(BeautifulSoup(client.get("/en/statistics/").content, "html.parser"))

    k = 5
    total = facts.pop("Victims")
    assert total == 19
    assert {heading: dict(tables[heading]) for heading in ("By year", "By governorate", "By agent")} == {
        # 1 + 2 = 19 − 6 − 10 would leave only 1 + 2 or 2 + 1: the 6 goes too.
        "By year": {"2013": None, "2014": None, "2016": None, "2017": 10},
        "By governorate": {"Aleppo": None, "Hama": None, "Idlib": 10, "Rif Dimashq": None},
        "By agent": {"Chlorine": 8, "Sarin": 11},
    }
    # One child would be 19 − 18 − 0.
    sexes = {label: facts[label] for label in ("Children", "Women", "Men")}
    assert sexes == {"Children": None, "Women": None, "Men": 0}
    for rows in [*tables.values(), list(sexes.items())]:
        counts = [count for _, count in rows]
        hidden = counts.count(None)
        assert hidden != 1
        if hidden:
            assert total - sum(count for count in counts if count is not None) >= k


# Caching


def victims_counted():
    return archive_statistics()["victims"].value


@pytest.mark.django_db
def test_counts_cached_before_a_change_commits_are_purged_when_it_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        purge_statistics()
        # Another process counts between the purge and the commit, from the data it still sees, and caches that.
        cache.set(CACHE_KEY, "counted before the change committed")
    assert cache.get(CACHE_KEY) is None


def test_cached_counts_expire_within_the_hour():
    assert 0 < STATISTICS_TIMEOUT <= 60 * 60


@pytest.mark.django_db
def test_counts_a_missed_purge_left_behind_expire(monkeypatch):
    attack = AttackFactory()
    victims_published([VictimFactory(attack=attack, is_sample=False) for _ in range(5)])
    assert victims_counted() == 5
    with monkeypatch.context() as patched:
        patched.setattr("memorial.privacy.publication.purge_statistics", lambda: None)
        victims_published([VictimFactory(attack=attack, is_sample=False) for _ in range(5)])
    assert victims_counted() == 5

    # The database cache's clock moves on past the expiry, however slow the machine is.
    later = timezone.now() + datetime.timedelta(seconds=STATISTICS_TIMEOUT + 1)
    monkeypatch.setattr("django.core.cache.backends.db.tz_now", lambda: later)
    assert victims_counted() == 10
