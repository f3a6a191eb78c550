"""Regenerate memorial/maps/data/syria.json from Natural Earth's countries at 1:50m, as packaged on the npm
registry by world-atlas (TopoJSON). Run by hand when the source changes, never at run time:

    cd "$(mktemp -d)" && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz
    python scripts/build_syria_outline.py package/countries-50m.json package/package.json

The outline is simplified (Douglas-Peucker, TOLERANCE degrees) and rounded to PRECISION decimals, so that the map
drawn from it stays a few kilobytes of the page."""

import json
import sys
from pathlib import Path

SYRIA = "760"  # ISO 3166-1 numeric, world-atlas's feature id
TOLERANCE = 0.02
PRECISION = 2
OUTPUT = Path(__file__).resolve().parent.parent / "memorial" / "maps" / "data" / "syria.json"


def decoded_arcs(topology):
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (scale_x, scale_y), (translate_x, translate_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(points)
    return arcs


def ring(indexes, arcs):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplified(points, tolerance):
    """Douglas-Peucker: the points that keep the line within `tolerance` of the original."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    distances = [
        abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length if length else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        for x, y in points[1:-1]
    ]
    farthest = max(range(len(distances)), key=distances.__getitem__)
    if distances[farthest] <= tolerance:
        return [points[0], points[-1]]
    split = farthest + 1
    return simplified(points[: split + 1], tolerance)[:-1] + simplified(points[split:], tolerance)


def main(topology_path, package_path):
    topology = json.loads(Path(topology_path).read_text())
    version = json.loads(Path(package_path).read_text())["version"]
    arcs = decoded_arcs(topology)
    syria = next(g for g in topology["objects"]["countries"]["geometries"] if g["id"] == SYRIA)
    polygons = syria["arcs"] if syria["type"] == "MultiPolygon" else [syria["arcs"]]
    rings = []
    for polygon in polygons:
        for indexes in polygon:
            # A closed ring keeps its first point at both ends: simplify it as two halves.
            points = ring(indexes, arcs)
            half = len(points) // 2
            kept = simplified(points[: half + 1], TOLERANCE)[:-1] + simplified(points[half:], TOLERANCE)
            rings.append([[round(x, PRECISION), round(y, PRECISION)] for x, y in kept])
    OUTPUT.write_text(
        json.dumps(
            {
                "source": f"Natural Earth 4.1.0, 1:50m admin-0 countries, via world-atlas {version} (countries-50m.json)",
                "licence": "public domain",
                "rings": rings,
            },
            separators=(",", ":"),
        )
        + "\n"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
