"""The map of the attacks, from what their public pages show: an attack's title, key, date, the coordinates of its
place and the death tolls its sources reported. No victim is read here."""

import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi, gettext

from memorial.maps import geography

SMALLEST_RADIUS = 4.0
# Area proportional to the toll: 91 killed gives a mark about 27 units across on a map 600 wide, 1,127 about 94.
RADIUS_PER_ROOT = 1.4


SEAT_FONT_SIZE = 17
# Where a seat's name sits from its dot, in viewBox units: (dx, dy, side); side is the compass side of the dot the
# text extends to, turned into text-anchor below according to the page's direction.
LABEL_OFFSETS = {
    "east": (6, 6, "east"),
    "west": (-6, 6, "west"),
    "north": (0, -7, "middle"),
    "south": (0, 19, "middle"),
}


@dataclass(frozen=True)
class Seat:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def text_anchor(side, rtl):
    """text-anchor counts from where the text starts: the right end in a right-to-left page."""
    if side == "middle":
        return "middle"
    starts_on_the_left = (side == "east") != rtl
    return "start" if starts_on_the_left else "end"


def governorate_seats():
    """A dot and a name for each governorate's seat, in the page's language."""
    arabic, rtl = (get_language() or "").startswith("ar"), get_language_bidi()
    seats = []
    for row in geography.governorate_seats():
        x, y = geography.project(row["latitude"], row["longitude"])
        dx, dy, side = LABEL_OFFSETS[row["label"]]
        name = row["name_ar"] if arabic else row["name_en"]
        seats.append(Seat(name, x, y, round(x + dx, 1), round(y + dy, 1), text_anchor(side, rtl)))
    return seats


@dataclass(frozen=True)
class Mark:
    # The attack's title and its documented toll, as the mark's tooltip says them.
    label: str
    url: str
    x: float
    y: float
    radius: float
    highlighted: bool


def mark_radius(toll):
    return round(max(SMALLEST_RADIUS, RADIUS_PER_ROOT * math.sqrt(toll or 0)), 1)


def attack_map(attacks, *, highlighted=None):
    """Marks for the live attacks given (`selectors.MappedAttack`; largest first, so a small mark is never hidden
    under a large one), and the attacks that have no coordinates, to be listed beside the map."""
    marks, unmapped = [], []
    for attack in attacks:
        url = reverse("archive:attack", args=[attack.key])
        if attack.latitude is None:
            unmapped.append({"title": attack.title, "url": url})
            continue
        x, y = geography.project(attack.latitude, attack.longitude)
        label = attack.title
        if attack.toll is not None:
            # Grouped as the site writes counts (display.grouped).
            label = f"{label} · {gettext('killed: %(low)s') % {'low': f'{attack.toll:,}'}}"
        marks.append(
            Mark(
                label,
                url,
                x,
                y,
                mark_radius(attack.toll),
                attack.pk == getattr(highlighted, "pk", None),
            )
        )
    marks.sort(key=lambda mark: (mark.highlighted, -mark.radius))
    return {
        "outline": geography.outline_path(),
        "width": geography.WIDTH,
        "height": geography.height(),
        "marks": marks,
        "unmapped": unmapped,
        "seats": governorate_seats(),
        "seat_font_size": SEAT_FONT_SIZE,
        "direction": "rtl" if get_language_bidi() else "ltr",
    }
