"""Queries only the web UI needs: daily counts, actor lists, an article's mentions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, true, union_all

from sitroom.query import Filters
from sitroom.resolve.query import IncidentRecord, incident_record
from sitroom.store import Store
from sitroom.store import schema as s


@dataclass(frozen=True, slots=True)
class DailyCount:
    """How many event mentions of one type fall on one day."""

    day: str
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class ActorSummary:
    """A country-coded actor with how often it acts, is acted on, and speaks."""

    country: str
    names: list[str]
    events: int
    quotes: int


@dataclass(frozen=True, slots=True)
class Mention:
    """One span sitroom extracted from an article, for highlighting."""

    kind: str
    """``actor``, ``place``, ``time``, ``event`` or ``quote``."""
    start: int
    end: int
    label: str


def _bound(day: dt.date, col: ColumnElement[str]) -> ColumnElement[str]:
    return func.substr(literal(day.isoformat()), 1, func.length(col))


def _period(col: ColumnElement[str], f: Filters) -> list[ColumnElement[bool]]:
    """A (possibly month- or year-precision) date whose period meets [since, until]."""
    out: list[ColumnElement[bool]] = []
    # The first bound of each pair is implied by the second but is a plain range on the
    # column, so SQLite can use the date index instead of scanning every row.
    if f.since:
        out += [col >= f.since.isoformat()[:4], col >= _bound(f.since, col)]
    if f.until:
        out += [col <= f.until.isoformat(), col <= _bound(f.until, col)]
    return out


def _event_conditions(f: Filters) -> list[ColumnElement[bool]]:
    e = s.events
    conds: list[ColumnElement[bool]] = []
    conds.extend(_period(e.c.date, f))
    if f.type:
        conds.append(e.c.type == f.type.upper())
    if f.country:
        code = f.country.upper()
        involved = select(s.event_actors.c.event_id).where(s.event_actors.c.country == code)
        conds.append(or_(e.c.id.in_(involved), e.c.place_country == code))
    if f.place:
        pat = "%" + f.place.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(
            or_(
                e.c.place_name.ilike(pat, escape="\\"),
                e.c.place_admin1.ilike(pat, escape="\\"),
                e.c.place_text.ilike(pat, escape="\\"),
            )
        )
    if f.incident:
        conds.append(e.c.incident == f.incident)
    return conds


def daily_counts(store: Store, f: Filters | None = None) -> list[DailyCount]:
    """Event mentions per day and type, for day-precision dates matching ``f``."""
    e = s.events
    f = f or Filters()
    # Month- and year-precision dates have no day to sit on in a daily chart.
    stmt = (
        select(e.c.date, e.c.type, func.count().label("n"))
        .where(and_(true(), func.length(e.c.date) == 10, *_event_conditions(f)))
        .group_by(e.c.date, e.c.type)
        .order_by(e.c.date, e.c.type)
    )
    with store.connect() as conn:
        return [DailyCount(r.date, r.type, r.n) for r in conn.execute(stmt)]


def count_events(store: Store, f: Filters | None = None) -> int:
    """How many event mentions match ``f`` (type, country, place, dates, incident)."""
    conds = _event_conditions(f or Filters())
    stmt = select(func.count()).select_from(s.events).where(and_(true(), *conds))
    with store.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def select_actors(store: Store, limit: int = 200, offset: int = 0) -> list[ActorSummary]:
    """Country-coded actors, most active first, with the names they appear under."""
    ea, q = s.event_actors, s.quotes
    with store.connect() as conn:
        events = Counter(
            {
                r.country: r.n
                for r in conn.execute(
                    select(ea.c.country, func.count(func.distinct(ea.c.event_id)).label("n"))
                    .where(ea.c.country != "")
                    .group_by(ea.c.country)
                )
            }
        )
        quotes = Counter(
            {
                r.speaker_country: r.n
                for r in conn.execute(
                    select(q.c.speaker_country, func.count().label("n"))
                    .where(q.c.speaker_country.is_not(None), q.c.speaker_country != "")
                    .group_by(q.c.speaker_country)
                )
            }
        )
        codes = sorted(set(events) | set(quotes), key=lambda c: (-(events[c] + quotes[c]), c))
        page = codes[offset : offset + limit]
        names: dict[str, Counter[str]] = {c: Counter() for c in page}
        if page:
            rows = conn.execute(
                union_all(
                    select(ea.c.country.label("c"), ea.c.name.label("n")).where(
                        ea.c.country.in_(page), ea.c.name != ""
                    ),
                    select(q.c.speaker_country.label("c"), q.c.speaker.label("n")).where(
                        q.c.speaker_country.in_(page)
                    ),
                )
            )
            for r in rows:
                names[r.c][r.n] += 1
    return [
        ActorSummary(c, [n for n, _ in names[c].most_common(8)], events[c], quotes[c]) for c in page
    ]


def article_mentions(store: Store, article_id: str) -> list[Mention]:
    """Every extracted span of one article, ordered by position."""
    a, p, t, e, q = s.actors, s.places, s.times, s.events, s.quotes
    out: list[Mention] = []
    with store.connect() as conn:
        for r in conn.execute(select(a).where(a.c.article_id == article_id)):
            code = f"{r.country or '?'}/{r.sector}"
            out.append(Mention("actor", r.start, r.end, f"actor {r.name or r.text} ({code})"))
        for r in conn.execute(select(p).where(p.c.article_id == article_id)):
            out.append(Mention("place", r.start, r.end, f"place {r.name}, {r.country}"))
        for r in conn.execute(select(t).where(t.c.article_id == article_id)):
            out.append(Mention("time", r.start, r.end, f"time {r.type} {r.value}"))
        for r in conn.execute(select(e).where(e.c.article_id == article_id)):
            label = f"event {r.type} {r.mode} {r.date or ''}".replace("  ", " ").strip()
            out.append(Mention("event", r.start, r.end, label))
        for r in conn.execute(select(q).where(q.c.article_id == article_id)):
            out.append(Mention("quote", r.start, r.end, f"quote by {r.speaker}"))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def select_incident_page(
    store: Store, f: Filters | None = None, contested: bool = False, located: bool = False
) -> list[IncidentRecord]:
    """One page of incidents matching ``f``, filtered and paged in SQL (for large stores)."""
    f = f or Filters()
    i = s.incidents
    conds: list[ColumnElement[bool]] = []
    conds.extend(_period(i.c.date, f))
    if f.type:
        conds.append(i.c.type == f.type.upper())
    if f.country:
        code = f.country.upper()
        # ``countries`` is a JSON list of ISO-3 codes: match the quoted code.
        conds.append(or_(i.c.countries.like(f'%"{code}"%'), i.c.place_country == code))
    if f.place:
        pat = "%" + f.place.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conds.append(
            or_(i.c.place_name.ilike(pat, escape="\\"), i.c.place_admin1.ilike(pat, escape="\\"))
        )
    if f.incident:
        conds.append(i.c.id == f.incident)
    if contested:
        conds.append(i.c.contested != "[]")
    if located:
        conds.append(and_(i.c.place_lat.is_not(None), i.c.place_lon.is_not(None)))
    stmt = select(i).where(and_(true(), *conds)).order_by(i.c.date, i.c.id)
    if f.offset:
        stmt = stmt.offset(f.offset)
    if f.limit is not None:
        stmt = stmt.limit(f.limit)
    with store.connect() as conn:
        return [incident_record(r) for r in conn.execute(stmt)]
