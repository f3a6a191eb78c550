"""The statistics page's charts, drawn on the server as SVG from the very figures its tables print.

Each chart is a small structure of positions and texts that the template writes out as SVG (escaped like any
template text). Bars are horizontal, one row each, the label above its bar, so long attack titles wrap and a
phone can read them; rows run down the page in the tables' order, so time runs downwards in both languages.
On a right-to-left page every x is mirrored: bars grow from the right and text is anchored at its start, which
the SVG's direction puts on the right.

A withheld count is drawn as a hatched mark of one fixed width labelled "not shown": no length, position or
total in a chart is derived from it, and the scale is set by the shown counts alone.
"""

import textwrap
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from memorial.archive.display import grouped

# At 390 px the chart is drawn a little smaller than its viewBox, at its widest (27rem) a little larger: text
# stays about the size of the page's own.
WIDTH = 400
FONT_SIZE = 16
LINE = 21
BAR = 16
ROW_GAP = 12
HEADING = 30
# Room after the longest bar for its number.
VALUE_ROOM = 64
NOT_SHOWN_WIDTH = 28
# Labels this short (years, age groups) stand in a column beside their bars; longer ones (attack titles) go
# above them, wrapped at about as many characters as fit on a line.
SHORT_LABEL = 14
LABEL_COLUMN = 118
LABEL_CHARACTERS = 42


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Bar:
    label: list  # of Text, the label's lines
    x: float
    y: float
    # None for a withheld count: its mark has the fixed NOT_SHOWN_WIDTH, whatever it hides.
    width: float | None
    value: Text

    @property
    def suppressed(self):
        return self.width is None


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    direction: str
    height: int
    headings: list  # of Text
    bars: list  # of Bar
    width: int = WIDTH
    bar_height: int = BAR
    not_shown_width: int = NOT_SHOWN_WIDTH
    font_size: int = FONT_SIZE


def bar_chart(chart_id, title, sections, direction):
    """A chart of `sections`: [(heading or None, [(label, Cell)])], the cells as the table beside it shows them.
    None when there is nothing to draw (the table says so)."""
    rows = [(heading, label, item) for heading, cells in sections for label, item in cells]
    if not rows:
        return None
    largest = max((item.value for _, _, item in rows if not item.suppressed), default=0)

    def at(x, width=0):
        """The x where something of `width` starts `x` from the chart's start edge."""
        return x if direction == "ltr" else WIDTH - x - width

    beside = all(len(str(label)) <= SHORT_LABEL for _, label, _ in rows)
    bars_start = LABEL_COLUMN if beside else 0
    longest = WIDTH - bars_start - VALUE_ROOM
    headings, bars, y = [], [], 0
    for heading, cells in sections:
        if heading is not None and cells:
            y += HEADING
            headings.append(Text(at(0), y - 9, heading))
        for label, item in cells:
            if beside:
                label_texts = [Text(at(0), y + BAR - 2, str(label))]
            else:
                lines = textwrap.wrap(str(label), LABEL_CHARACTERS) or [""]
                label_texts = [Text(at(0), y + LINE * (number + 1) - 5, line) for number, line in enumerate(lines)]
                y += LINE * len(lines) + 2
            if item.suppressed:
                width, value, length = None, gettext("not shown"), NOT_SHOWN_WIDTH
            else:
                width = round(longest * item.value / largest, 2) if largest else 0
                value, length = grouped(item.value), width
            value_text = Text(at(bars_start + length + 6), y + BAR - 2, value)
            bars.append(Bar(label_texts, at(bars_start, length), y, width, value_text))
            y += BAR + ROW_GAP
    return Chart(chart_id, title, describe(title, rows), direction, y, headings, bars)


def describe(title, rows):
    """The chart's text alternative: what it shows, its highest shown count, and how many are withheld."""
    shown = [(heading, label, item.value) for heading, label, item in rows if not item.suppressed]
    parts = [title + "."]
    if shown:
        heading, label, value = max(shown, key=lambda row: row[2])
        if heading is not None:
            label = gettext("%(group)s, %(item)s") % {"group": heading, "item": label}
        parts.append(gettext("Highest shown: %(label)s, %(value)s.") % {"label": label, "value": grouped(value)})
    else:
        parts.append(gettext("No count is shown."))
    hidden = len(rows) - len(shown)
    if hidden:
        parts.append(
            ngettext("%(count)s count is not shown.", "%(count)s counts are not shown.", hidden)
            % {"count": grouped(hidden)}
        )
    parts.append(gettext("The same figures are given in the table."))
    return " ".join(parts)


def statistics_charts(figures, direction):
    """The charts of the statistics page from the figures its tables print (`display.statistics_for_display`)."""
    by_age_sex = figures["by_age_sex"]
    return {
        "by_year": bar_chart("chart-by-year", gettext("Victims by year"), [(None, figures["by_year"])], direction),
        "by_attack": bar_chart(
            "chart-by-attack", gettext("Victims by attack"), [(None, figures["by_attack"])], direction
        ),
        "by_age_sex": bar_chart(
            "chart-by-age-sex",
            gettext("Victims by age group and sex"),
            [
                (sex, [(age_group, cells[column]) for age_group, cells in by_age_sex["rows"]])
                for column, sex in enumerate(by_age_sex["sexes"])
            ],
            direction,
        ),
    }
