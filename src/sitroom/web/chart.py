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

MAX_DAYS = 400
"""Above this many days the chart shows only days that have events."""


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


def _days(counts: Sequence[DailyCount]) -> list[str]:
    present = sorted({c.day for c in counts})
    try:
        first, last = dt.date.fromisoformat(present[0]), dt.date.fromisoformat(present[-1])
    except ValueError:
        return present
    span = (last - first).days + 1
    if span > MAX_DAYS:
        return present
    return [(first + dt.timedelta(days=i)).isoformat() for i in range(span)]


def daily_chart(counts: Sequence[DailyCount], width: int = 900, height: int = 160) -> Chart | None:
    """Lay out stacked bars, one column per day; None when there is nothing to draw."""
    if not counts:
        return None
    days = _days(counts)
    column = {d: i for i, d in enumerate(days)}
    per_day: dict[str, list[DailyCount]] = defaultdict(list)
    for c in counts:
        per_day[c.day].append(c)
    top = max(sum(c.count for c in cs) for cs in per_day.values())
    step = width / len(days)
    bar_w = max(step * 0.8, 1.0)
    bars: list[Bar] = []
    for day, cs in per_day.items():
        if day not in column:
            continue
        y = float(height)
        for c in sorted(cs, key=lambda c: c.type):
            h = height * c.count / top
            y -= h
            bars.append(
                Bar(column[day] * step, y, bar_w, h, colour(c.type), f"{day} {c.type}: {c.count}")
            )
    types = sorted({c.type for c in counts})
    return Chart(width, height, bars, top, days[0], days[-1], [(t, colour(t)) for t in types])
