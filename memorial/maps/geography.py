"""Syria's outline (data/syria.json, Natural Earth via world-atlas: see data/README.md), its governorates' seats
(data/governorate_seats.csv, each from the page named on its row) and the projection that places a latitude and
longitude on the map. Pure: no record is read here."""

import csv
import json
import math
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "syria.json"
SEATS = DATA.with_name("governorate_seats.csv")
WIDTH = 600
MARGIN = 30


@cache
def outline():
    return json.loads(DATA.read_text())["rings"]


@cache
def bounds():
    points = [point for ring in outline() for point in ring]
    longitudes, latitudes = [x for x, _ in points], [y for _, y in points]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


@cache
def frame():
    """(scale, height): equirectangular at the country's middle latitude, so that Syria keeps its shape."""
    west, south, east, north = bounds()
    stretch = math.cos(math.radians((south + north) / 2))
    scale = (WIDTH - 2 * MARGIN) / ((east - west) * stretch)
    return scale, stretch, round((north - south) * scale + 2 * MARGIN)


def project(latitude, longitude):
    """(x, y) in the map's viewBox, rounded to a tenth of a unit."""
    west, _, _, north = bounds()
    scale, stretch, _ = frame()
    return (
        round(MARGIN + (float(longitude) - west) * stretch * scale, 1),
        round(MARGIN + (north - float(latitude)) * scale, 1),
    )


def height():
    return frame()[2]


@cache
def outline_path():
    """The outline as one SVG path."""
    return " ".join(
        "M" + " L".join(f"{x:g},{y:g}" for x, y in (project(lat, lon) for lon, lat in ring)) + " Z"
        for ring in outline()
    )


@cache
def governorate_seats():
    """Each governorate named at its seat: the boundaries have no openly licensed source that can be shipped."""
    with SEATS.open(newline="", encoding="utf-8") as rows:
        return tuple(csv.DictReader(rows))
