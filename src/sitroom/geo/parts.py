"""Points for parts of countries that news names but no gazetteer entry holds.

- A direction within a country ("northwestern Iran", "eastern Ukraine"): the mean of the
  country's first-level divisions that lie furthest that way from the middle of them all
  (those whose reach that way is at least ``REACH`` of the furthest one's, within 60
  degrees of the direction).
- The frontier between two countries ("the Iran-Azerbaijan border", "Iran's borders with
  Azerbaijan"): the middle of the border zone, the mean of the midpoints of town pairs
  across it less than ``BORDER_KM`` apart, one per ``CELL_DEG`` cell so that a densely
  settled stretch of the frontier does not outweigh the rest.

Both are approximate: a region's reference point, not an outline.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

from sitroom.geo.centre import area_centre
from sitroom.geo.distance import haversine_km

REACH = 0.75
BORDER_KM = 30.0
CELL_DEG = 0.5
_GRID_DEG = 0.5
"""Cell size of the lookup grid for towns across a border (larger than BORDER_KM)."""

_COMPASS = {"north": (0.0, 1.0), "south": (0.0, -1.0), "east": (1.0, 0.0), "west": (-1.0, 0.0)}
_DIRECTION = re.compile(r"^(north|south)?[- ]?(east|west)?(?:ern)?$")


def direction_name(word: str) -> str:
    """The adjective for a direction word ("north-west" -> "northwestern"), or empty."""
    lower = word.lower()
    if lower == "central":
        return "central"
    m = _DIRECTION.match(lower)
    if m is None or not (m.group(1) or m.group(2)):
        return ""
    return f"{m.group(1) or ''}{m.group(2) or ''}ern"


def _vector(direction: str) -> tuple[float, float] | None:
    """Unit (east, north) vector of a direction adjective; None for "central"."""
    m = _DIRECTION.match(direction)
    if m is None:
        return None
    x = y = 0.0
    for part in (m.group(1), m.group(2)):
        if part:
            dx, dy = _COMPASS[part]
            x, y = x + dx, y + dy
    norm = math.hypot(x, y)
    return (x / norm, y / norm) if norm else None


def directional_point(
    divisions: Sequence[tuple[float, float]], direction: str
) -> tuple[float, float] | None:
    """(lat, lon) of the part of a country that lies ``direction`` ("northwestern",
    "central"), from the points of its first-level divisions; None with fewer than three."""
    if len(divisions) < 3:
        return None
    lat0, lon0 = area_centre(divisions)
    vector = _vector(direction)
    if vector is None:
        return lat0, lon0
    scale = math.cos(math.radians(lat0))
    reach: list[tuple[float, tuple[float, float]]] = []
    for lat, lon in divisions:
        x, y = (lon - lon0) * scale, lat - lat0
        along = x * vector[0] + y * vector[1]
        if along > 0 and along >= 0.5 * math.hypot(x, y):  # within 60 degrees
            reach.append((along, (lat, lon)))
    if not reach:
        return None
    furthest = max(r for r, _ in reach)
    kept = [p for r, p in reach if r >= REACH * furthest]
    return sum(p[0] for p in kept) / len(kept), sum(p[1] for p in kept) / len(kept)


def border_point(
    towns_a: Sequence[tuple[float, float]], towns_b: Sequence[tuple[float, float]]
) -> tuple[float, float] | None:
    """(lat, lon) of the middle of the frontier between two countries' towns, or None when
    no two of them lie within ``BORDER_KM`` of each other (no land border between them)."""
    grid: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for lat, lon in towns_b:
        grid[(math.floor(lat / _GRID_DEG), math.floor(lon / _GRID_DEG))].append((lat, lon))
    cells: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for lat, lon in towns_a:
        gy, gx = math.floor(lat / _GRID_DEG), math.floor(lon / _GRID_DEG)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for blat, blon in grid.get((gy + dy, gx + dx), ()):
                    if haversine_km(lat, lon, blat, blon) <= BORDER_KM:
                        mid = ((lat + blat) / 2, (lon + blon) / 2)
                        cells[
                            (math.floor(mid[0] / CELL_DEG), math.floor(mid[1] / CELL_DEG))
                        ].append(mid)
    if not cells:
        return None
    means = [
        (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for pts in cells.values()
    ]
    return sum(p[0] for p in means) / len(means), sum(p[1] for p in means) / len(means)
