"""The map of the attacks, from what their public pages show: an attack's title, key, date, the coordinates of its
place and the death tolls its sources reported. No victim is read here."""

import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi

from memorial.archive.models import AttackFigure
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
    title: str
    url: str
    x: float
    y: float
    radius: float
    toll: int | None
    highlighted: bool


def documented_toll(attack):
    """The highest of the lowest death tolls its sources reported, or None when none is recorded."""
    lows = [figure.low for figure in attack.figures.all() if figure.kind == AttackFigure.Kind.KILLED]
    return max(lows) if lows else None


def mark_radius(toll):
    return round(max(SMALLEST_RADIUS, RADIUS_PER_ROOT * math.sqrt(toll or 0)), 1)


def located_place(attack):
    """The first of the attack's places that has coordinates, or None: a place without them is never guessed."""
    return next(
        (place for place in attack.places.all() if place.latitude is not None and place.longitude is not None), None
    )


def attack_map(attacks, *, highlighted=None):
    """Marks for the live attacks given (largest first, so a small mark is never hidden under a large one), and the
    attacks that have no coordinates, to be listed beside the map."""
    marks, unmapped = [], []
    for attack in attacks:
        place = located_place(attack)
        url = reverse("archive:attack", args=[attack.key])
        if place is None:
            unmapped.append({"title": attack.title, "url": url})
            continue
        toll = documented_toll(attack)
        x, y = geography.project(place.latitude, place.longitude)
        marks.append(
            Mark(attack.title, url, x, y, mark_radius(toll), toll, attack.pk == getattr(highlighted, "pk", None))
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
