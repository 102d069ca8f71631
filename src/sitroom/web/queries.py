"""Queries only the web UI needs: daily counts, actor lists, an article's mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true, union_all

from sitroom.labels import (
    actor_code,
    actor_label,
    date_label,
    event_kind,
    is_proper_name,
    kind_code,
    place_label,
)
from sitroom.model import Actor
from sitroom.query import EventRecord, Filters, country_clause, event_records_by, period_clause
from sitroom.resolve.query import IncidentRecord, incident_record
from sitroom.store import Store
from sitroom.store import schema as s

MAX_OFFSET = 1_000_000_000
"""Largest offset a page may ask for: far beyond any store, well within SQLite's integers
(a larger one would fail in the driver, not as a bad request)."""


@dataclass(frozen=True, slots=True)
class DailyCount:
    """How many records (incidents or event mentions) of one type fall on one date.

    ``day`` is an ISO date at day, month or year precision, or "" for undated ones.
    """

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


def _event_conditions(store: Store, f: Filters) -> list[ColumnElement[bool]]:
    e = s.events
    conds: list[ColumnElement[bool]] = period_clause(store, e.c.date, f)
    if f.type:
        conds.append(e.c.type == f.type.upper())
    if f.country:
        # Within a date window test each event; over all dates list the country's once.
        conds.append(country_clause(f.country, per_row=bool(f.since or f.until)))
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
        .where(and_(true(), func.length(e.c.date) == 10, *_event_conditions(store, f)))
        .group_by(e.c.date, e.c.type)
        .order_by(e.c.date, e.c.type)
    )
    with store.connect() as conn:
        return [DailyCount(r.date, r.type, r.n) for r in conn.execute(stmt)]


def date_counts(store: Store, f: Filters | None = None) -> list[DailyCount]:
    """Event mentions per stored date (day, month or year) and type; undated under ""."""
    e = s.events
    day = func.coalesce(e.c.date, "").label("day")
    stmt = (
        select(day, e.c.type, func.count().label("n"))
        .where(and_(true(), *_event_conditions(store, f or Filters())))
        .group_by(e.c.date, e.c.type)
        .order_by(e.c.date, e.c.type)
    )
    with store.connect() as conn:
        return [DailyCount(r.day, r.type, r.n) for r in conn.execute(stmt)]


def count_events(store: Store, f: Filters | None = None) -> int:
    """How many event mentions match ``f`` (type, country, place, dates, incident)."""
    conds = _event_conditions(store, f or Filters())
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
            both = union_all(
                select(ea.c.country.label("c"), ea.c.name.label("n")).where(
                    ea.c.country.in_(page), ea.c.name != ""
                ),
                select(q.c.speaker_country.label("c"), q.c.speaker.label("n")).where(
                    q.c.speaker_country.in_(page)
                ),
            ).subquery()
            # Counted in SQL: one row per (country, name), not one per mention.
            for r in conn.execute(
                # Ordered, so that names with equal counts rank the same on every database.
                select(both.c.c, both.c.n, func.count().label("k"))
                .group_by(both.c.c, both.c.n)
                .order_by(both.c.c, both.c.n)
            ):
                names[r.c][r.n] += r.k
    return [
        ActorSummary(c, [n for n, _ in names[c].most_common(8)], events[c], quotes[c]) for c in page
    ]


def article_mentions(store: Store, article_id: str) -> list[Mention]:
    """Every extracted span of one article, ordered by position."""
    a, p, t, e, q = s.actors, s.places, s.times, s.events, s.quotes
    out: list[Mention] = []
    with store.connect() as conn:
        for r in conn.execute(select(a).where(a.c.article_id == article_id)):
            actor = Actor(text=r.text, country=r.country or "", sector=r.sector, name=r.name or "")
            label = actor_label(actor) or r.text
            out.append(Mention("actor", r.start, r.end, f"actor {label} ({actor_code(actor)})"))
        for r in conn.execute(select(p).where(p.c.article_id == article_id)):
            where = place_label(r.name, r.admin1, r.country, r.precision)
            out.append(Mention("place", r.start, r.end, f"place {where}"))
        for r in conn.execute(select(t).where(t.c.article_id == article_id)):
            out.append(Mention("time", r.start, r.end, f"time {r.type} {r.value}"))
        for r in conn.execute(select(e).where(e.c.article_id == article_id)):
            what = f"{event_kind(r.type, r.mode)} ({kind_code(r.type, r.mode)})"
            out.append(Mention("event", r.start, r.end, f"event {what} {date_label(r.date)}"))
        for r in conn.execute(select(q).where(q.c.article_id == article_id)):
            out.append(Mention("quote", r.start, r.end, f"quote by {r.speaker}"))
    out.sort(key=lambda m: (m.start, -m.end))
    return out


def _incident_conditions(
    store: Store, f: Filters, contested: bool = False, located: bool = False
) -> list[ColumnElement[bool]]:
    i = s.incidents
    conds: list[ColumnElement[bool]] = period_clause(store, i.c.date, f)
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
    return conds


def select_incident_page(
    store: Store,
    f: Filters | None = None,
    contested: bool = False,
    located: bool = False,
    *,
    newest_first: bool = False,
) -> list[IncidentRecord]:
    """One page of incidents matching ``f``, filtered and paged in SQL (for large stores).

    By date, or with ``newest_first`` latest first and undated last.
    """
    f = f or Filters()
    i = s.incidents
    conds = _incident_conditions(store, f, contested, located)
    by_date = store.descending(i.c.date) if newest_first else store.ascending(i.c.date)
    stmt = select(i).where(and_(true(), *conds)).order_by(by_date, i.c.id)
    if f.offset:
        stmt = stmt.offset(f.offset)
    if f.limit is not None:
        stmt = stmt.limit(f.limit)
    with store.connect() as conn:
        return [incident_record(r) for r in conn.execute(stmt)]


def count_incidents(store: Store, f: Filters | None = None, contested: bool = False) -> int:
    """How many incidents match ``f`` (its page ignored)."""
    conds = _incident_conditions(store, f or Filters(), contested)
    stmt = select(func.count()).select_from(s.incidents).where(and_(true(), *conds))
    with store.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def incident_date_counts(
    store: Store, f: Filters | None = None, contested: bool = False, located: bool = False
) -> list[DailyCount]:
    """Incidents per stored date (day, month or year) and type; undated under ""."""
    i = s.incidents
    day = func.coalesce(i.c.date, "").label("day")
    conds = _incident_conditions(store, f or Filters(), contested, located)
    # Grouped on the expression, not the column: grouping on ``date`` makes SQLite walk
    # the date index and fetch every row out of order (three times slower on a large
    # store); the groups are few and sorted after.
    stmt = (
        select(day, i.c.type, func.count().label("n"))
        .where(and_(true(), *conds))
        .group_by(day, i.c.type)
    )
    with store.connect() as conn:
        rows = [DailyCount(r.day, r.type, r.n) for r in conn.execute(stmt)]
    return sorted(rows, key=lambda c: (c.day, c.type))


def incident_place_precisions(store: Store, ids: list[str]) -> dict[str, str]:
    """Incident id -> the precision (town, region, country) of the place it is mapped to,
    as its mentions that name that place have it."""
    i, e = s.incidents, s.events
    out: dict[str, str] = {}
    with store.connect() as conn:
        for k in range(0, len(ids), 500):
            stmt = (
                select(i.c.id, func.max(e.c.place_precision).label("p"))
                .join(e, and_(e.c.incident == i.c.id, e.c.place_name == i.c.place_name))
                .where(i.c.id.in_(ids[k : k + 500]))
                .group_by(i.c.id)
            )
            out.update({r.id: r.p or "" for r in conn.execute(stmt)})
    return out


@dataclass(frozen=True, slots=True)
class PositionCount:
    """How often an actor took one position towards one party in one month."""

    month: str
    """``YYYY-MM``, ``YYYY`` for a year-precision date, "" when undated."""
    type: str
    mode: str
    target: str
    """The targets' ISO-3 codes, space-separated and sorted; "" when none is coded."""
    count: int


@dataclass(frozen=True, slots=True)
class NamedActor:
    """A person or institution: the names it is recorded under, how often it speaks and acts."""

    name: str
    country: str
    statements: int
    events: int


def _source_events(country: str | None, name: str | None) -> Any:
    """Ids of events whose source actor is of ``country`` or named ``name``."""
    ea = s.event_actors
    conds = [ea.c.role == "source"]
    if country:
        conds.append(ea.c.country == country)
    if name:
        conds.append(ea.c.name == name)
    return select(ea.c.event_id).where(*conds)


def position_counts(
    store: Store, types: Sequence[str], country: str | None = None, name: str | None = None
) -> list[PositionCount]:
    """Events of ``types`` an actor was the source of, per month, type, mode and the set
    of parties they were aimed at (one count per event, however many parties)."""
    e, ea = s.events, s.event_actors
    month = func.coalesce(func.substr(e.c.date, 1, 7), "").label("month")
    target = func.coalesce(ea.c.country, "").label("target")
    stmt = (
        select(e.c.id, month, e.c.type, e.c.mode, target)
        .select_from(e.outerjoin(ea, and_(ea.c.event_id == e.c.id, ea.c.role == "target")))
        .where(e.c.id.in_(_source_events(country, name)), e.c.type.in_(list(types)))
    )
    events: dict[int, tuple[str, str, str, set[str]]] = {}
    with store.connect() as conn:
        for r in conn.execute(stmt):
            entry = events.setdefault(r.id, (r.month, r.type, r.mode, set()))
            if r.target and r.target != country:
                entry[3].add(r.target)
    counts: Counter[tuple[str, str, str, str]] = Counter(
        (m, t, mode, " ".join(sorted(targets))) for m, t, mode, targets in events.values()
    )
    return [PositionCount(*key, n) for key, n in sorted(counts.items())]


def position_events(
    store: Store,
    types: Sequence[str],
    country: str | None = None,
    name: str | None = None,
    limit: int = 50,
) -> list[EventRecord]:
    """The latest events of ``types`` an actor was the source of, with their sentences."""
    e = s.events
    return _latest_events(
        store, e.c.id.in_(_source_events(country, name)), e.c.type.in_(list(types)), limit=limit
    )


def actor_event_count(store: Store, country: str | None = None, name: str | None = None) -> int:
    """Event mentions with an actor of ``country`` or named ``name`` (as the actors list counts)."""
    ea = s.event_actors
    conds = []
    if country:
        conds.append(ea.c.country == country)
    if name:
        conds.append(ea.c.name == name)
    stmt = select(func.count(func.distinct(ea.c.event_id))).where(*conds)
    with store.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def select_named_actors(store: Store, limit: int = 200) -> list[NamedActor]:
    """People and institutions by name, most active first: speakers of statements and
    named actors of events (countries and common nouns left out)."""
    ea, q, ent = s.event_actors, s.quotes, s.entities
    stats: dict[str, list[Any]] = {}
    # every spelling of one speaker counts under its canonical entity's name
    speaker = func.coalesce(ent.c.name, q.c.speaker).label("speaker")
    with store.connect() as conn:
        for r in conn.execute(
            select(speaker, q.c.speaker_country, func.count().label("n"))
            .select_from(q.outerjoin(ent, ent.c.id == q.c.entity_id))
            .group_by(speaker, q.c.speaker_country)
            .order_by(speaker)
        ):
            entry = stats.setdefault(r.speaker, [Counter(), 0, 0])
            entry[0][r.speaker_country or ""] += r.n
            entry[1] += r.n
        for r in conn.execute(
            select(ea.c.name, ea.c.country, func.count(func.distinct(ea.c.event_id)).label("n"))
            .where(ea.c.name != "")
            .group_by(ea.c.name, ea.c.country)
            .order_by(ea.c.name)
        ):
            entry = stats.setdefault(r.name, [Counter(), 0, 0])
            entry[0][r.country or ""] += r.n
            entry[2] += r.n
    found = [
        NamedActor(name, countries.most_common(1)[0][0] if countries else "", n_q, n_e)
        for name, (countries, n_q, n_e) in stats.items()
        if is_proper_name(name)
    ]
    found.sort(key=lambda a: (-(a.statements + a.events), a.name))
    return found[:limit]


def named_events(store: Store, name: str, limit: int = 100) -> list[EventRecord]:
    """The latest event mentions with an actor named ``name`` (source or target)."""
    e, ea = s.events, s.event_actors
    named = e.c.id.in_(select(ea.c.event_id).where(ea.c.name == name))
    return _latest_events(store, named, limit=limit)


def _latest_events(store: Store, *where: ColumnElement[bool], limit: int) -> list[EventRecord]:
    """The latest event mentions matching ``where``, newest first, with their sentences."""
    e = s.events
    stmt = (
        select(e.c.id)
        .where(*where)
        .order_by(store.descending(e.c.date), e.c.id.desc())
        .limit(limit)
    )
    with store.connect() as conn:
        ids = [r.id for r in conn.execute(stmt)]
    order = {i: k for k, i in enumerate(ids)}
    return sorted(event_records_by(store, "id", ids), key=lambda r: order[r.id])


def claim_relays(store: Store, mentions: Sequence[Any]) -> dict[int, str]:
    """Event mention id -> the outlet that relayed the statement the mention lies in
    ("Armenpress reported, citing the ministry, that ...": Armenpress), where one did."""
    q = s.quotes
    ids = sorted({m.article_id for m in mentions})
    if not ids:
        return {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    stmt = select(q.c.article_id, q.c.start, q.c.end, q.c.relay).where(
        q.c.article_id.in_(ids), q.c.relay != ""
    )
    with store.connect() as conn:
        for r in conn.execute(stmt):
            spans.setdefault(r.article_id, []).append((r.start, r.end, r.relay))
    out: dict[int, str] = {}
    for m in mentions:
        # the innermost statement holding the mention, as its claimant was chosen
        holding = [
            (end - start, relay)
            for start, end, relay in spans.get(m.article_id, [])
            if start <= m.event.start and m.event.end <= end
        ]
        if holding:
            out[m.id] = min(holding)[1]
    return out


def speaker_entities(store: Store, name: str) -> list[str]:
    """Ids of the canonical entities named ``name``, or speaking under that name."""
    q, ent = s.quotes, s.entities
    spoke = select(q.c.entity_id).where(q.c.speaker == name, q.c.entity_id.is_not(None))
    named = select(ent.c.id).where(ent.c.name == name)
    with store.connect() as conn:
        return sorted(set(conn.execute(spoke.union(named)).scalars()))


def entity_spellings(store: Store, ids: Sequence[str]) -> list[str]:
    """The speaker names the text gives these entities, most frequent first."""
    if not ids:
        return []
    q = s.quotes
    n = func.count().label("n")
    stmt = (
        select(q.c.speaker, n)
        .where(q.c.entity_id.in_(list(ids)))
        .group_by(q.c.speaker)
        .order_by(n.desc(), q.c.speaker)
    )
    with store.connect() as conn:
        return [r.speaker for r in conn.execute(stmt)]


def speaker_quote_count(store: Store, name: str, entities: Sequence[str] = ()) -> int:
    """Statements whose speaker is exactly ``name`` or one of ``entities`` (as the actors
    list counts them)."""
    q = s.quotes
    cond = q.c.speaker == name
    if entities:
        cond = or_(cond, q.c.entity_id.in_(list(entities)))
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).where(cond)).scalar_one())
