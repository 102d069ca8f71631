"""The brief's figures as static SVG: incidents and killed per day, and a map of incidents.

Both are plain SVG text with presentation attributes only (no scripts, no style
attributes), so they work offline, print, pass a strict Content-Security-Policy, and
WeasyPrint draws them into the PDF. Country outlines come from the ``countryinfo``
package's GeoJSON (installed with sitroom), drawn in an equirectangular projection.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from sitroom.brief.build import DayCount, MapPoint

INCIDENT_COLOUR = "#2b5c8a"
KILLED_COLOUR = "#c0392b"
LAND, BORDER, SEA = "#f2efe6", "#9a9a9a", "#dfe9f2"
MAX_COLUMNS = 120
"""Most columns a chart draws: longer periods are drawn by week, then by month."""
MAX_LABELS = 8
"""Places named on the map (the ones with the most incidents)."""


_STEP = {"day": dt.timedelta(days=1), "week": dt.timedelta(days=7), "month": dt.timedelta(days=31)}


def _bucket(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


@dataclass(frozen=True, slots=True)
class _Columns:
    """A chart's columns: the unit each counts, and each one's start and figures."""

    unit: str
    starts: list[dt.date]
    incidents: list[int]
    killed: list[int]


def _columns(days: Sequence[DayCount]) -> _Columns:
    """The finest unit (day, week, month) that fits MAX_COLUMNS, with each column's sums."""
    dates = [dt.date.fromisoformat(d.day) for d in days]
    first, last = min(dates), max(dates)
    for unit in ("day", "week", "month"):
        starts = [_bucket(first, unit)]
        while starts[-1] < _bucket(last, unit):
            starts.append(_bucket(starts[-1] + _STEP[unit], unit))
        if len(starts) <= MAX_COLUMNS:
            break
    index = {d: i for i, d in enumerate(starts)}
    cols = _Columns(unit, starts, [0] * len(starts), [0] * len(starts))
    for date, d in zip(dates, days, strict=True):
        i = index[_bucket(date, unit)]
        cols.incidents[i] += d.incidents
        cols.killed[i] += d.killed
    return cols


def _panel(
    cols: _Columns, what: str, top: float, size: tuple[float, float], colour: str
) -> list[str]:
    """Bars of ``what`` (incidents or killed), ``size`` (width, height), ``top`` down the SVG."""
    width, height = size
    values: list[int] = getattr(cols, what)
    title = f"{what.capitalize()} per {cols.unit}"
    peak = max(max(values), 1)
    step = width / len(values)
    out = [
        f'<text x="0" y="{top - 4:.1f}" font-size="11" fill="#333">{title} '
        f"(max {max(values)})</text>",
        f'<line x1="0" y1="{top + height:.1f}" x2="{width:.1f}" y2="{top + height:.1f}" '
        'stroke="#999" stroke-width="0.5"/>',
    ]
    for i, (start, n) in enumerate(zip(cols.starts, values, strict=True)):
        if not n:
            continue
        h = height * n / peak
        label = start.isoformat() if cols.unit == "day" else f"{cols.unit} of {start.isoformat()}"
        out.append(
            f'<rect x="{i * step + step * 0.1:.2f}" y="{top + height - h:.2f}" '
            f'width="{max(step * 0.8, 0.8):.2f}" height="{h:.2f}" fill="{colour}">'
            f"<title>{escape(label)}: {n}</title></rect>"
        )
    return out


def chart_svg(days: Sequence[DayCount], width: int = 640) -> str:
    """Two bar panels, incidents and killed (best estimates) per day, week or month."""
    if not days:
        return ""
    cols = _columns(days)
    panel, gap = 70, 28
    height = 2 * panel + 2 * gap + 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="brief-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-label="Incidents and people killed per {cols.unit}">',
        *_panel(cols, "incidents", gap, (width, panel), INCIDENT_COLOUR),
        *_panel(cols, "killed", 2 * gap + panel, (width, panel), KILLED_COLOUR),
        f'<text x="0" y="{height - 2}" font-size="10" fill="#555">{cols.starts[0]}</text>',
        f'<text x="{width}" y="{height - 2}" font-size="10" fill="#555" text-anchor="end">'
        f"{cols.starts[-1]}</text>",
        "</svg>",
    ]
    return "\n".join(parts)


@cache
def outlines() -> tuple[tuple[str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """(ISO-3, rings of (lon, lat)) of every country countryinfo draws."""
    out = []
    for item in sorted(resources.files("countryinfo").joinpath("data").iterdir(), key=str):
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3") or ""
        rings: list[tuple[tuple[float, float], ...]] = []
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geom = feature.get("geometry") or {}
            polygons = [geom["coordinates"]] if geom.get("type") == "Polygon" else []
            if geom.get("type") == "MultiPolygon":
                polygons = geom["coordinates"]
            for polygon in polygons:
                rings.extend(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in polygon)
        if rings:
            out.append((iso3, tuple(rings)))
    return tuple(out)


def _extent(points: Sequence[MapPoint]) -> tuple[float, float, float, float]:
    """(west, south, east, north) around the points, at least 6 degrees each way."""
    west, east = min(p.lon for p in points), max(p.lon for p in points)
    south, north = min(p.lat for p in points), max(p.lat for p in points)
    pad_x = max(1.5, (east - west) * 0.15, (6 - (east - west)) / 2)
    pad_y = max(1.0, (north - south) * 0.15, (6 - (north - south)) / 2)
    return west - pad_x, max(south - pad_y, -85), east + pad_x, min(north + pad_y, 85)


def map_svg(points: Sequence[MapPoint], width: int = 640) -> str:
    """Incidents as circles (area by incidents, red when people were killed) on country outlines.

    Points placed at a country's or region's centre are drawn hollow: their place is
    not known more exactly.
    """
    if not points:
        return ""
    west, south, east, north = _extent(points)
    aspect = math.cos(math.radians((south + north) / 2))
    # Never taller than wide: a tall extent is widened (more land either side).
    widen = max(0.0, (north - south) / aspect - (east - west)) / 2
    west, east = west - widen, east + widen
    scale = width / ((east - west) * aspect)
    height = round((north - south) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * aspect * scale, (north - lat) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="brief-map" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        'aria-label="Map of the incidents">',
        f'<rect width="{width}" height="{height}" fill="{SEA}"/>',
    ]
    for _iso3, rings in outlines():
        for ring in rings:
            lons = [x for x, _ in ring]
            lats = [y for _, y in ring]
            if max(lons) < west or min(lons) > east or max(lats) < south or min(lats) > north:
                continue
            d = " ".join(f"{px:.1f},{py:.1f}" for px, py in (xy(x, y) for x, y in ring))
            parts.append(
                f'<polygon points="{d}" fill="{LAND}" stroke="{BORDER}" stroke-width="0.6"/>'
            )
    most = max(p.incidents for p in points)
    for p in sorted(points, key=lambda p: -p.incidents):
        x, y = xy(p.lon, p.lat)
        r = 3 + 9 * math.sqrt(p.incidents / most)
        colour = KILLED_COLOUR if p.killed else INCIDENT_COLOUR
        fill = colour if p.precision == "town" else "none"
        title = f"{p.place}: {p.incidents} incident(s), {p.killed} killed ({p.precision or '?'})"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" fill-opacity="0.75" '
            f'stroke="{colour}" stroke-width="1.5"><title>{escape(title)}</title></circle>'
        )
    # Name the places with the most incidents, skipping a name that would overlap one
    # already placed (about 6 units a character, 12 high).
    placed: list[tuple[float, float, float, float]] = []
    for p in points:
        if len(placed) == MAX_LABELS:
            break
        x, y = xy(p.lon, p.lat)
        x0, y0, x1, y1 = x + 6, y - 17, x + 6 + 6.2 * len(p.place), y - 4
        if not p.place or any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in placed):
            continue
        placed.append((x0, y0, x1, y1))
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="11" fill="#222">'
            f"{escape(p.place)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
