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


def position_chart(found: Sequence[Position], most: int = 10) -> PositionChart | None:
    """The dot chart of the ``most`` largest positions over their months."""
    rows = list(found[:most])
    months = sorted({m for p in rows for m in p.by_month if len(m) == 7})[-MAX_MONTHS:]
    if not rows or not months:
        return None
    label_w, col_w, row_h, top = 260.0, 50.0, 22.0, 30.0
    biggest = max(n for p in rows for m, n in p.by_month.items() if m in months)
    dots = []
    for i, p in enumerate(rows):
        for j, m in enumerate(months):
            n = p.by_month.get(m, 0)
            if n:
                r = 3 + 7 * (n / biggest) ** 0.5
                title = f"{p.phrase}: {labels.times(n)} in {labels.date_label(m)}"
                dots.append(
                    Dot(
                        label_w + j * col_w + col_w / 2,
                        top + i * row_h + row_h / 2,
                        r,
                        colour(p.type),
                        title,
                    )
                )
    left_out = sum(n for p in rows for m, n in p.by_month.items() if len(m) != 7)
    return PositionChart(
        width=label_w + len(months) * col_w + 10,
        height=top + len(rows) * row_h + 6,
        label_width=label_w,
        rows=[(top + i * row_h + row_h / 2 + 4, p.phrase) for i, p in enumerate(rows)],
        columns=[
            (label_w + j * col_w + col_w / 2, labels.date_label(m).replace(" ", "\u00a0"))
            for j, m in enumerate(months)
        ],
        dots=dots,
        left_out=left_out,
    )
