"""Area centres from a tessellation of each country's outline by its towns.

GeoNames gives admin areas no outline, but countryinfo gives each country one.
Covering the country with a grid and giving every cell to its nearest town
splits the whole country among its towns, the empty north of Ontario and the
outback of Queensland included; an area is then the cells of its towns, and its
point is their centroid. That is the geographic centre atlases give, where the
hull of the towns alone (``sitroom.geo.centre``) stops at the last settlement.
Needs numpy and scipy (both installed with spaCy and datasketch); without them,
or for a country without an outline, callers fall back to the hull.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

STEP_DEG = 0.25
"""Grid step in degrees (about 28 km): fine enough for provinces, coarse enough to build fast."""
MIN_CELLS = 3
"""Areas with fewer cells than this are small: the hull of their towns places them as well."""


class AreaTown(NamedTuple):
    """A town and the codes of the areas it belongs to (admin-1, admin-2)."""

    lat: float
    lon: float
    country: str
    """ISO-3 code."""
    areas: tuple[str, ...]


Ring = Any  # numpy array of (lon, lat) rows


class Share(NamedTuple):
    """An area's share of its country: centroid and size in grid cells."""

    lat: float
    lon: float
    cells: int


def country_outlines() -> dict[str, list[Ring]]:
    """ISO-3 -> outer rings of the country's polygons, from countryinfo's GeoJSON."""
    try:
        import numpy as np

        root = resources.files("countryinfo").joinpath("data")
    except ModuleNotFoundError:
        return {}
    out: dict[str, list[Ring]] = {}
    for item in root.iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3")
        rings: list[Ring] = []
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            kind, coords = geometry.get("type"), geometry.get("coordinates") or []
            polygons = coords if kind == "MultiPolygon" else [coords] if kind == "Polygon" else []
            rings.extend(np.asarray(poly[0], dtype=float) for poly in polygons if poly)
        if iso3 and rings:
            out[iso3] = rings
    return out


def tessellated_centres(
    towns: Iterable[AreaTown], outlines: dict[str, list[Ring]], step: float = STEP_DEG
) -> dict[str, Share]:
    """Area code -> centroid and number of the outline cells nearest its towns."""
    try:
        import numpy as np
        from scipy.spatial import cKDTree
    except ImportError:
        log.warning("numpy/scipy missing: admin areas are placed by the hull of their towns")
        return {}
    by_country: dict[str, list[AreaTown]] = {}
    for town in towns:
        if town.areas and town.country in outlines:
            by_country.setdefault(town.country, []).append(town)
    sums: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for country, members in by_country.items():
        lat, lon = _cells_inside(outlines[country], step)
        if lat.size == 0:
            continue
        cells = _unit(lat, lon)
        town_lat = np.array([t.lat for t in members])
        tree = cKDTree(_unit(town_lat, np.array([t.lon for t in members])))
        _, nearest = tree.query(cells)
        weighted = cells * np.cos(np.radians(lat))[:, None]  # cells shrink toward the poles
        owned = np.bincount(nearest, minlength=len(members))
        size = len(members)
        per_town = np.stack(
            [np.bincount(nearest, weights=weighted[:, k], minlength=size) for k in range(3)], axis=1
        )
        for i in np.flatnonzero(owned):
            vec = per_town[i]
            for code in members[i].areas:
                sums[code] = sums[code] + vec if code in sums else vec
                counts[code] = counts.get(code, 0) + int(owned[i])
    out = {}
    for code, vec in sums.items():
        if counts[code] >= MIN_CELLS:
            x, y, z = (float(v) for v in vec)
            lat_deg = math.degrees(math.atan2(z, math.hypot(x, y)))
            out[code] = Share(lat_deg, math.degrees(math.atan2(y, x)), counts[code])
    return out


def _unit(lat: Any, lon: Any) -> Any:
    """Points on the unit sphere: nearest in 3-D is nearest on the globe."""
    import numpy as np

    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)


def _cells_inside(rings: Sequence[Ring], step: float) -> tuple[Any, Any]:
    """Centres (lat, lon arrays) of the grid cells inside any of ``rings``."""
    import numpy as np

    lats_all, lons_all = [], []
    for ring in rings:
        lon0, lat0 = ring.min(axis=0)
        lon1, lat1 = ring.max(axis=0)
        lats = np.arange(math.floor(lat0 / step) * step + step / 2, lat1, step)
        lons = np.arange(math.floor(lon0 / step) * step + step / 2, lon1, step)
        if lats.size == 0 or lons.size == 0:
            continue
        mesh_lat, mesh_lon = np.meshgrid(lats, lons, indexing="ij")
        grid_lat, grid_lon = mesh_lat.ravel(), mesh_lon.ravel()
        keep = _inside(ring, grid_lon, grid_lat)
        lats_all.append(grid_lat[keep])
        lons_all.append(grid_lon[keep])
    if not lats_all:
        return np.empty(0), np.empty(0)
    lat, lon = np.concatenate(lats_all), np.concatenate(lons_all)
    # rings of one country can overlap (islands in lakes): count each cell once
    keys = np.floor(np.stack([lat, lon], axis=1) / step).astype(np.int64)
    _, first = np.unique(keys, axis=0, return_index=True)
    return lat[first], lon[first]


def _inside(ring: Ring, x: Any, y: Any) -> Any:
    """Even-odd ray casting: which points (x = lon, y = lat) lie inside ``ring``."""
    import numpy as np

    result = np.zeros(x.shape, dtype=bool)
    x0, y0 = ring[:, 0], ring[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    for ax, ay, bx, by in zip(x0, y0, x1, y1, strict=True):
        crosses = (ay > y) != (by > y)
        if not crosses.any():
            continue
        at = ax + (y[crosses] - ay) * (bx - ax) / (by - ay)
        hit = np.zeros_like(result)
        hit[crosses] = x[crosses] < at
        result ^= hit
    return result
