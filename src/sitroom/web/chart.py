"""A stacked daily bar chart by event type, laid out for server-side SVG."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.model import PLOVER_TYPES
from sitroom.web.queries import DailyCount

# One colour per PLOVER type: cooperation in blues and greens, conflict in reds.
TYPE_COLOURS: dict[str, str] = {
    "AGREE": "#1f78b4",
    "CONSULT": "#6baed6",
    "SUPPORT": "#33a02c",
    "CONCEDE": "#b2df8a",
    "COOPERATE": "#08519c",
    "AID": "#41ab5d",
    "RETREAT": "#9ecae1",
    "INVESTIGATE": "#807dba",
    "DEMAND": "#fdbf6f",
    "DISAPPROVE": "#ff7f00",
    "REJECT": "#b15928",
    "THREATEN": "#fb9a99",
    "PROTEST": "#cab2d6",
    "CRIME": "#6a3d9a",
    "SANCTION": "#8c6d31",
    "MOBILIZE": "#969696",
    "COERCE": "#e7298a",
    "ASSAULT": "#e31a1c",
}
assert set(TYPE_COLOURS) == set(PLOVER_TYPES)

MAX_COLUMNS = 200
"""Most columns a chart draws: longer spans are drawn by week, month or year."""


def colour(type_: str) -> str:
    """The chart and map colour of an event type."""
    return TYPE_COLOURS.get(type_, "#555555")


@dataclass(frozen=True, slots=True)
class Bar:
    """One coloured rectangle: a type's count on a day."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    bars: list[Bar]
    max_count: int
    first_day: str
    last_day: str
    legend: list[tuple[str, str]]
    unit: str = "day"
    """What one column counts: ``day``, ``week``, ``month`` or ``year``."""


def _bucket(day: dt.date, unit: str) -> dt.date:
    """The first day of the ``unit`` (weeks start on Monday) that holds ``day``."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next(start: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return start + dt.timedelta(days=7)
    if unit == "month":
        return (start + dt.timedelta(days=31)).replace(day=1)
    if unit == "year":
        return start.replace(year=start.year + 1)
    return start + dt.timedelta(days=1)


def _label(start: dt.date, unit: str) -> str:
    if unit == "week":
        return f"week of {start.isoformat()}"
    if unit == "month":
        return start.isoformat()[:7]
    if unit == "year":
        return start.isoformat()[:4]
    return start.isoformat()


def _columns(first: dt.date, last: dt.date) -> tuple[str, list[dt.date]]:
    """The finest unit that fits the span in MAX_COLUMNS columns, and every column's start."""
    for unit in ("day", "week", "month", "year"):
        cols, end = [_bucket(first, unit)], _bucket(last, unit)
        # Years are the coarsest unit: they are drawn however many there are.
        while cols[-1] < end and (len(cols) <= MAX_COLUMNS or unit == "year"):
            cols.append(_next(cols[-1], unit))
        if len(cols) <= MAX_COLUMNS or unit == "year":
            return unit, cols
    raise AssertionError("unreachable")


def daily_chart(counts: Sequence[DailyCount], width: int = 900, height: int = 160) -> Chart | None:
    """Lay out stacked bars, one column per day (or week, month, year over long spans).

    Days that are not ISO dates are left out; None when there is nothing to draw.
    """
    dated: list[tuple[dt.date, DailyCount]] = []
    for c in counts:
        try:
            dated.append((dt.date.fromisoformat(c.day), c))
        except ValueError:
            continue
    if not dated:
        return None
    unit, starts = _columns(min(d for d, _ in dated), max(d for d, _ in dated))
    column = {d: i for i, d in enumerate(starts)}
    per_column: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, c in dated:
        per_column[column[_bucket(day, unit)]][c.type] += c.count
    top = max(sum(by_type.values()) for by_type in per_column.values())
    step = width / len(starts)
    bar_w = max(step * 0.8, 1.0)
    bars: list[Bar] = []
    for i, by_type in sorted(per_column.items()):
        label = _label(starts[i], unit)
        y = float(height)
        for type_, n in sorted(by_type.items()):
            h = height * n / top
            y -= h
            bars.append(Bar(i * step, y, bar_w, h, colour(type_), f"{label} {type_}: {n}"))
    types = sorted({c.type for _, c in dated})
    first, last = _label(starts[0], unit), _label(starts[-1], unit)
    return Chart(width, height, bars, top, first, last, [(t, colour(t)) for t in types], unit)
