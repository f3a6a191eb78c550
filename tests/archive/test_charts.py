"""The statistics page's charts: drawn from the tables' own cells, withheld counts as a fixed mark, mirrored in
Arabic."""

import datetime

from django.core.management import call_command

import pytest
from bs4 import BeautifulSoup

from memorial.archive.charts import LABEL_COLUMN, NOT_SHOWN_WIDTH, WIDTH, bar_chart
from memorial.archive.statistics import Cell
from memorial.privacy.publication import victims_published
from tests.factories import AttackFactory, VictimFactory

CHARTS = {"chart-by-year": "by-year", "chart-by-attack": "by-attack", "chart-by-age-sex": "by-age-sex"}


def table_cells(section):
    """The table's cells in the chart's order: by row, or for a cross table column by column."""
    rows = section.select("table tbody tr")
    grid = [
        [None if td.select_one(".suppressed") else td.get_text(strip=True) for td in row.select("td")] for row in rows
    ]
    return [grid[row][column] for column in range(len(grid[0])) for row in range(len(grid))]


def chart_cells(svg):
    return [
        None if row.select_one(".chart__not-shown") else row.select_one(".chart__value").get_text(strip=True)
        for row in svg.select(".chart__row")
    ]


def bars(svg):
    return [(float(rect["x"]), float(rect["width"]), rect["class"][0]) for rect in svg.select(".chart__row rect")]


@pytest.fixture
def published():
    attacks = [
        AttackFactory(date=datetime.date(2013, 8, 21), agent="sarin"),
        AttackFactory(date=datetime.date(2014, 4, 11), agent="chlorine"),
        AttackFactory(date=datetime.date(2017, 4, 4), agent="sarin"),
    ]
    victims = [
        VictimFactory(attack=attack, is_sample=False)
        for attack, count in zip(attacks, (2, 12, 30), strict=True)
        for _ in range(count)
    ]
    victims_published(victims)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
def test_each_chart_shows_its_tables_cells_suppressed_ones_included(client, published, language):
    page = BeautifulSoup(client.get(f"/{language}/statistics/").content, "html.parser")
    hidden = 0
    for chart_id, section_id in CHARTS.items():
        svg = page.select_one(f"svg:has(#{chart_id}-title)")
        section = page.select_one(f"section[aria-labelledby={section_id}]")
        cells = table_cells(section)
        assert chart_cells(svg) == cells
        hidden += cells.count(None)
        # The text alternative, read by assistive technology, names the chart.
        assert svg["aria-describedby"] == f"{chart_id}-desc"
        assert svg.select_one("desc").get_text(strip=True)
        assert svg["viewbox"] == f"0 0 {WIDTH} {svg['viewbox'].split()[3]}"
    assert hidden, "the fixture must withhold some cells"


@pytest.mark.django_db
def test_withheld_marks_give_nothing_away(client, published):
    page = BeautifulSoup(client.get("/en/statistics/").content, "html.parser")
    for chart_id in CHARTS:
        svg = page.select_one(f"svg:has(#{chart_id}-title)")
        for row in svg.select(".chart__row"):
            mark = row.select_one(".chart__not-shown")
            if mark is not None:
                assert float(mark["width"]) == NOT_SHOWN_WIDTH
                assert row.select_one(".chart__value").get_text(strip=True) == "not shown"


def test_bar_lengths_are_proportional_to_the_shown_counts_only():
    chart = bar_chart("c", "T", [(None, [(2013, Cell(10)), (2014, Cell(None, True)), (2015, Cell(40))])], "ltr")
    shown = [bar for bar in chart.bars if not bar.suppressed]
    assert shown[0].width * 4 == pytest.approx(shown[1].width)
    assert chart.bars[1].width is None
    # The scale is set by the largest shown count, whatever the withheld one hides.
    without = bar_chart("c", "T", [(None, [(2013, Cell(10)), (2015, Cell(40))])], "ltr")
    assert [bar.width for bar in without.bars] == [bar.width for bar in shown]


def test_zero_is_drawn_as_zero_not_as_withheld():
    chart = bar_chart("c", "T", [(None, [(2013, Cell(0)), (2014, Cell(5))])], "ltr")
    assert chart.bars[0].width == 0
    assert chart.bars[0].value.text == "0"


def test_bars_grow_from_the_right_in_arabic():
    sections = [(None, [(2013, Cell(10)), (2014, Cell(None, True)), (2015, Cell(40))])]
    ltr, rtl = bar_chart("c", "T", sections, "ltr"), bar_chart("c", "T", sections, "rtl")
    for left, right in zip(ltr.bars, rtl.bars, strict=True):
        length = left.width if left.width is not None else NOT_SHOWN_WIDTH
        assert right.x == pytest.approx(WIDTH - left.x - length)
        # Every bar in a right-to-left chart ends at the same right edge.
        assert right.x + length == pytest.approx(rtl.bars[0].x + rtl.bars[0].width)
        assert right.value.x == pytest.approx(WIDTH - left.value.x)


@pytest.mark.django_db
def test_the_arabic_page_draws_its_charts_right_to_left(client, published):
    page = BeautifulSoup(client.get("/ar/statistics/").content, "html.parser")
    svg = page.select_one("svg:has(#chart-by-attack-title)")
    assert svg["direction"] == "rtl"
    ends = {round(x + width, 2) for x, width, _ in bars(svg)}
    # All bars start at one right-hand edge (past the labels' column when the labels are short).
    assert len(ends) == 1
    assert ends.pop() in {WIDTH, WIDTH - LABEL_COLUMN}
    marks = [row for row in svg.select(".chart__row") if row.select_one(".chart__not-shown")]
    assert marks
    assert {row.select_one(".chart__value").get_text(strip=True) for row in marks} == {"غير معروض"}


@pytest.mark.django_db
def test_the_statistics_page_with_the_demo_stays_under_100_kb(client):
    call_command("load_demo", victims=300)
    for language in ("ar", "en"):
        response = client.get(f"/{language}/statistics/")
        assert response.status_code == 200
        assert len(response.content) < 100_000
        assert response.content.count(b"<svg") >= 3
