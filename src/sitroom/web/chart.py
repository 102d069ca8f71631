"""A stacked bar chart of incidents by type over time, laid out for server-side SVG.

Every incident is counted once at the precision of its date. A column is a day, week,
month or year (the finest that fits the span); an incident dated to the day, or to a
period no longer than a column, is a bar. One dated only to a month or a year that a
column cannot hold is drawn as a band under the axis across the columns of its period,
with its count, so that nothing is spread over days it may not fall on, and nothing is
left out silently. Undated incidents are counted in the caption.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sitroom.labels import date_label, type_label
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
UNITS = ("day", "week", "month", "year")
_FINER = {"day": 0, "week": 1, "month": 2, "year": 3}
# Left margin for the count axis, rows under the plot for date ticks and for bands.
LEFT, TICK_ROW, BAND_ROW = 34.0, 16.0, 14.0


def colour(type_: str) -> str:
    """The chart and map colour of an event type."""
    return TYPE_COLOURS.get(type_, "#555555")


@dataclass(frozen=True, slots=True)
class Bar:
    """One coloured rectangle: a type's count in a column."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True, slots=True)
class Column:
    """One period on the time axis, with the dates it spans (for brushing to filter)."""

    x: float
    width: float
    since: str
    until: str
    title: str


@dataclass(frozen=True, slots=True)
class Band:
    """Incidents dated only to a month or year wider than a column, under the axis."""

    x: float
    y: float
    width: float
    count: int
    since: str
    until: str
    title: str


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis tick: its position and label (``anchor``: where the label sits on it)."""

    at: float
    label: str
    anchor: str = "start"


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    """Height of the plot area; the SVG adds the axis and band rows below it."""
    total_height: float
    bars: list[Bar]
    columns: list[Column]
    bands: list[Band]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    max_count: int
    first_day: str
    last_day: str
    legend: list[tuple[str, str, str]]
    """(type code, type in words, colour) for each type drawn."""
    unit: str = "day"
    """What one column counts: ``day``, ``week``, ``month`` or ``year``."""
    in_bars: int = 0
    in_bands: int = 0
    undated: int = 0
    left: float = LEFT
    breaks: list[Column] = field(default_factory=list)
    """Long stretches without a dated incident, each drawn as one narrow column."""


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
    """A column's period in words: "17 Oct 2020", "week of 12 Oct 2020", "Oct 2020", "2020"."""
    if unit == "week":
        return f"week of {date_label(start.isoformat())}"
    if unit == "month":
        return date_label(start.isoformat()[:7])
    if unit == "year":
        return start.isoformat()[:4]
    return date_label(start.isoformat())


def _columns(first: dt.date, last: dt.date) -> tuple[str, list[dt.date]]:
    """The finest unit that fits the span in MAX_COLUMNS columns, and every column's start."""
    for unit in UNITS:
        cols, end = [_bucket(first, unit)], _bucket(last, unit)
        # Years are the coarsest unit: they are drawn however many there are.
        while cols[-1] < end and (len(cols) <= MAX_COLUMNS or unit == "year"):
            cols.append(_next(cols[-1], unit))
        if len(cols) <= MAX_COLUMNS or unit == "year":
            return unit, cols
    raise AssertionError("unreachable")


@lru_cache(maxsize=65536)
def period(value: str) -> tuple[dt.date, dt.date, str] | None:
    """The first and last day of an ISO date at day, month or year precision, and which."""
    try:
        if len(value) == 10:
            d = dt.date.fromisoformat(value)
            return d, d, "day"
        if len(value) == 7:
            first = dt.date.fromisoformat(value + "-01")
            return first, _next(first, "month") - dt.timedelta(days=1), "month"
        if len(value) == 4 and value.isdigit():
            first = dt.date(int(value), 1, 1)
            return first, dt.date(first.year, 12, 31), "year"
    except ValueError:
        return None
    return None


_MONTH = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _nice_step(top: int) -> int:
    """A round step (1, 2, 5, 10, ...) giving at most four ticks up to ``top``."""
    raw = max(top / 4, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)


def _x_ticks(
    starts: list[dt.date], unit: str, step: float, xs: list[float] | None = None
) -> list[Tick]:
    """Ticks where a larger period begins: months under days and weeks, years under months.

    ``xs``: where each of ``starts`` is drawn (by default one ``step`` after another; an
    axis with breaks leaves the columns of a break out).
    """
    xs = xs if xs is not None else [LEFT + i * step for i in range(len(starts))]
    if unit == "year":
        every = max(1, math.ceil(len(starts) / 10))
        return [Tick(xs[i], str(d.year)) for i, d in enumerate(starts) if i % every == 0]
    ticks: list[Tick] = []
    weekly = unit == "day" and len(starts) <= 62
    for i, d in enumerate(starts):
        prev = starts[i - 1] if i else None
        if weekly:
            # A month or two of days: a tick a week, the month named where it starts.
            if i == 0 or d.day in (1, 8, 15, 22, 29):
                if d.day == 1:
                    label = date_label(d.isoformat()[:7])
                elif i == 0:
                    label = date_label(d.isoformat())
                else:
                    label = f"{d.day} {_MONTH[d.month]}"
                ticks.append(Tick(xs[i], label))
        elif unit == "month":
            if i == 0 or d.year != prev.year:  # type: ignore[union-attr]
                ticks.append(Tick(xs[i], str(d.year)))
        elif i == 0 or d.month != prev.month:  # type: ignore[union-attr]
            ticks.append(Tick(xs[i], date_label(d.isoformat()[:7])))
    # Keep labels apart: about 70 pixels each.
    kept: list[Tick] = []
    for t in ticks:
        if not kept or t.at - kept[-1].at >= 70:
            kept.append(t)
    if len(kept) == 1 and unit in ("day", "week") and len(starts) > 1:
        # The span's last column, labelled from its right edge so the label stays inside.
        kept.append(Tick(xs[-1] + step, _label(starts[-1], unit), "end"))
    return kept


def _empty_runs(n: int, occupied: set[int]) -> list[tuple[int, int]]:
    """(first, last) column of each stretch without a dated incident long enough to be
    drawn as a break: at least six columns and a quarter of the axis."""
    shortest = max(6, math.ceil(n / 4))
    runs = []
    i = 0
    while i < n:
        if i in occupied:
            i += 1
            continue
        j = i
        while j + 1 < n and j + 1 not in occupied:
            j += 1
        if j - i + 1 >= shortest:
            runs.append((i, j))
        i = j + 1
    return runs


def count_chart(
    counts: Sequence[DailyCount],
    width: int = 900,
    height: int = 160,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Chart | None:
    """Lay out stacked bars of incidents per column, bands for coarse dates, and axes.

    ``counts`` holds dates at day, month or year precision, undated ones under "".
    The time axis spans the dated records, within ``since`` and ``until`` when given (a
    month or year reaching beyond them is drawn over the part inside). None when nothing
    is dated.
    """
    dated: list[tuple[dt.date, dt.date, str, DailyCount]] = []
    undated = 0
    for c in counts:
        p = period(c.day) if c.day else None
        if p is None:
            undated += c.count
            continue
        first, last, precision = p
        first, last = max(first, since or first), min(last, until or last)
        if first <= last:
            dated.append((first, last, precision, c))
    if not dated:
        return None
    unit, starts = _columns(min(p[0] for p in dated), max(p[1] for p in dated))
    column = {d: i for i, d in enumerate(starts)}
    # Where each column is drawn: a long stretch without any dated incident (1995 to
    # 2018 between a war's first reports and its return) takes one narrow slot, so
    # that it does not squeeze the years that have incidents into a few pixels.
    # Day and week axes span a few months at most: their gaps are part of the story.
    runs: list[tuple[int, int]] = []
    if unit in ("month", "year"):
        occupied: set[int] = set()
        for first, last in {(p[0], p[1]) for p in dated}:
            occupied.update(range(column[_bucket(first, unit)], column[_bucket(last, unit)] + 1))
        runs = _empty_runs(len(starts), occupied)
    slot: list[int] = []
    n_slots = 0
    run_at = {a: b for a, b in runs}
    skip_to = -1
    for i in range(len(starts)):
        if i <= skip_to:
            slot.append(n_slots - 1)
            continue
        if i in run_at:
            skip_to = run_at[i]
        slot.append(n_slots)
        n_slots += 1
    plot_w = width - LEFT
    step = plot_w / n_slots
    per_column: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    coarse: dict[tuple[dt.date, dt.date, str], dict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for first, last, precision, c in dated:
        if _FINER[precision] <= _FINER[unit] and (precision != "month" or unit != "week"):
            per_column[column[_bucket(first, unit)]][c.type] += c.count
        else:
            coarse[(first, last, precision)][c.type] += c.count
    top = max((sum(t.values()) for t in per_column.values()), default=0)
    # The count axis runs to the first round tick at or above the tallest column.
    y_step = _nice_step(max(top, 1))
    scale_top = y_step * math.ceil(max(top, 1) / y_step)
    bar_w = max(step * 0.8, 1.0)
    bars: list[Bar] = []
    for i, by_type in sorted(per_column.items()):
        label = _label(starts[i], unit)
        y = float(height)
        for type_, n in sorted(by_type.items()):
            h = height * n / scale_top
            y -= h
            what = "incident" if n == 1 else "incidents"
            bars.append(
                Bar(
                    LEFT + slot[i] * step,
                    y,
                    bar_w,
                    h,
                    colour(type_),
                    f"{label}: {n} {type_label(type_).lower()} {what}",
                )
            )
    columns = []
    breaks = []
    in_run = {i for a, b in runs for i in range(a, b + 1)}
    for i, d in enumerate(starts):
        end = _next(d, unit) - dt.timedelta(days=1)
        if i not in in_run:
            columns.append(
                Column(LEFT + slot[i] * step, step, d.isoformat(), end.isoformat(), _label(d, unit))
            )
    for a, b in runs:
        end = _next(starts[b], unit) - dt.timedelta(days=1)
        gap = Column(
            LEFT + slot[a] * step,
            step,
            starts[a].isoformat(),
            end.isoformat(),
            f"{_label(starts[a], unit)} – {_label(starts[b], unit)}: no dated incident",
        )
        columns.append(gap)
        breaks.append(gap)
    columns.sort(key=lambda c: c.x)
    bands: list[Band] = []
    rows: list[float] = []  # the right edge of the last band in each row
    for (first, last, precision), by_type in sorted(coarse.items()):
        # The columns span every dated incident's period, so both ends have a column.
        x0 = LEFT + slot[column[_bucket(first, unit)]] * step
        x1 = LEFT + (slot[column[_bucket(last, unit)]] + 1) * step
        row = next((k for k, edge in enumerate(rows) if edge <= x0), len(rows))
        if row == len(rows):
            rows.append(x1)
        rows[row] = x1
        n = sum(by_type.values())
        kinds = ", ".join(f"{k} {type_label(t).lower()}" for t, k in sorted(by_type.items()))
        when = date_label(first.isoformat()[: 7 if precision == "month" else 4])
        if precision == "year" and first.year != last.year:
            when = f"{first.year}–{last.year}"
        title = f"{n} dated only to {when} ({precision} only): {kinds}"
        y = height + TICK_ROW + row * BAND_ROW
        bands.append(
            Band(x0, y, max(x1 - x0 - 1, 2.0), n, first.isoformat(), last.isoformat(), title)
        )
    y_ticks = [
        Tick(height - height * v / scale_top, str(v)) for v in range(0, scale_top + 1, y_step)
    ]
    types = sorted({c.type for *_, c in dated})
    return Chart(
        width=width,
        height=height,
        total_height=height + TICK_ROW + len(rows) * BAND_ROW + 2,
        bars=bars,
        columns=columns,
        bands=bands,
        x_ticks=_x_ticks(
            [d for i, d in enumerate(starts) if i not in in_run],
            unit,
            step,
            [LEFT + slot[i] * step for i in range(len(starts)) if i not in in_run],
        ),
        y_ticks=y_ticks,
        max_count=top,
        first_day=_label(starts[0], unit),
        last_day=_label(starts[-1], unit),
        legend=[(t, type_label(t), colour(t)) for t in types],
        unit=unit,
        in_bars=sum(sum(t.values()) for t in per_column.values()),
        in_bands=sum(sum(t.values()) for t in coarse.values()),
        undated=undated,
        breaks=breaks,
    )
