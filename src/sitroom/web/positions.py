"""An actor's positions over time: what it demanded, condemned, supported, rejected,
threatened and offered, towards whom, per month, laid out for a summary line, a compact
SVG dot chart and a table of the source sentences."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom import labels
from sitroom.web.chart import colour
from sitroom.web.queries import PositionCount

MAX_MONTHS = 36
"""Most month columns the dot chart draws (the latest)."""


@dataclass(frozen=True, slots=True)
class Position:
    """One kind of position towards one party, with its total and monthly counts."""

    verb: str
    target: str
    """The party in words, "" when none is named."""
    type: str
    total: int
    by_month: dict[str, int]

    @property
    def phrase(self) -> str:
        """ "called on Armenia", "condemned", "offered mediation to Azerbaijan"."""
        if self.target:
            return f"{self.verb} {self.target}"
        return self.verb.removesuffix(" to").removesuffix(" on").removesuffix(" with")


@dataclass(frozen=True, slots=True)
class Dot:
    """One circle of the dot chart: a position's count in a month."""

    x: float
    y: float
    r: float
    colour: str
    title: str


@dataclass(frozen=True, slots=True)
class PositionChart:
    """A row per position, a column per month, a dot sized by the count."""

    width: float
    height: float
    label_width: float
    rows: list[tuple[float, str]]
    columns: list[tuple[float, str]]
    dots: list[Dot]
    left_out: int
    """Positions dated only to a year or undated: counted in the summary, not drawn."""


def positions(counts: Sequence[PositionCount]) -> list[Position]:
    """Counts grouped by position (verb and target), largest first."""
    totals: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        verb = labels.position_verb(c.type, c.mode)
        if not verb:
            continue
        target = labels.join_words([labels.country_label(t) for t in c.target.split()])
        totals[(verb, target, c.type)][c.month] += c.count
    out = [
        Position(verb, target, type_, sum(months.values()), dict(months))
        for (verb, target, type_), months in totals.items()
    ]
    out.sort(key=lambda p: (-p.total, p.verb, p.target))
    return out


def summary(actor: str, found: Sequence[Position], most: int = 6) -> str:
    """ "Iran: called on Armenia 14 times, offered mediation to Azerbaijan 5 times, ..."."""
    if not found:
        return ""
    parts = [f"{p.phrase} {labels.times(p.total)}" for p in found[:most]]
    more = len(found) - most
    tail = f", and {more} other positions" if more > 0 else ""
    return f"{actor}: {', '.join(parts)}{tail}."


_GAP_MONTHS = 3
"""Empty months between two drawn ones from which the stretch is one narrow break column."""


def _month_after(month: str) -> str:
    year, m = int(month[:4]), int(month[5:7])
    return f"{year + m // 12:04d}-{m % 12 + 1:02d}"


def _months_between(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7]) - 1


def _slots(months: list[str]) -> list[tuple[str, int]]:
    """The chart's columns in time order: ("2020-10", 0) for a month, ("", n) for a break
    standing for ``n`` empty months. A month or two with nothing is drawn empty, so the
    columns keep time's spacing; a longer stretch is one narrow break."""
    out: list[tuple[str, int]] = []
    for prev, m in zip([None, *months], months, strict=False):
        if prev is not None:
            gap = _months_between(prev, m)
            if gap >= _GAP_MONTHS:
                out.append(("", gap))
            else:
                fill = prev
                for _ in range(gap):
                    fill = _month_after(fill)
                    out.append((fill, 0))
        out.append((m, 0))
    return out


def position_chart(found: Sequence[Position], most: int = 10) -> PositionChart | None:
    """The dot chart of the ``most`` largest positions over their months."""
    rows = list(found[:most])
    months = sorted({m for p in rows for m in p.by_month if len(m) == 7})[-MAX_MONTHS:]
    if not rows or not months:
        return None
    label_w, col_w, gap_w, row_h, top = 260.0, 50.0, 24.0, 22.0, 30.0
    biggest = max(n for p in rows for m, n in p.by_month.items() if m in months)
    centres: list[tuple[float, str, int]] = []  # (x centre, month or "", empty months)
    x = label_w
    for m, gap in _slots(months):
        w = gap_w if gap else col_w
        centres.append((x + w / 2, m, gap))
        x += w
    dots = []
    for i, p in enumerate(rows):
        for cx, m, _ in centres:
            n = p.by_month.get(m, 0) if m else 0
            if n:
                r = 3 + 7 * (n / biggest) ** 0.5
                title = f"{p.phrase}: {labels.times(n)} in {labels.date_label(m)}"
                dots.append(Dot(cx, top + i * row_h + row_h / 2, r, colour(p.type), title))
    left_out = sum(n for p in rows for m, n in p.by_month.items() if len(m) != 7)
    return PositionChart(
        width=x + 10,
        height=top + len(rows) * row_h + 6,
        label_width=label_w,
        rows=[(top + i * row_h + row_h / 2 + 4, p.phrase) for i, p in enumerate(rows)],
        columns=[
            (cx, labels.date_label(m).replace(" ", "\u00a0") if m else "//") for cx, m, _ in centres
        ],
        dots=dots,
        left_out=left_out,
    )
