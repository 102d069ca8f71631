"""Store functions for incidents, their members, user overrides and agreements."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Insert,
    Select,
    Table,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sitroom.model import Actor, TimeRef
from sitroom.store import schema as s
from sitroom.store.repository import Store, execute_rows


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """What is stored for one incident beside its members."""

    id: str
    type: str
    mode: str
    status: str
    date: str | None
    date_precision: str | None
    place_name: str | None
    place_country: str | None
    place_admin1: str | None
    place_lat: float | None
    place_lon: float | None
    killed: tuple[int | None, int | None, int | None]
    injured: tuple[int | None, int | None, int | None]
    contested: Sequence[str]
    countries: Sequence[str]
    n_mentions: int
    n_articles: int
    n_sources: int


@dataclass(frozen=True, slots=True)
class IncidentCounts:
    """An incident's new mention and article counts and majority mode (nothing else changed)."""

    id: str
    n_mentions: int
    n_articles: int
    mode: str


@dataclass(slots=True)
class IncidentDiff:
    """One resolution step's writes, applied in one transaction by ``write_diff``.

    ``rows`` replace incidents and ``members`` set the memberships of events (event id ->
    (incident id, reason)); of ``stale``, incidents left without members are deleted.
    With ``counts``, ``members`` are new mentions added to existing incidents, of which
    only these counts and modes change (a near-duplicate copy's).
    """

    rows: Sequence[IncidentRow] = ()
    members: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    stale: Sequence[str] = ()
    counts: Sequence[IncidentCounts] = ()
    spans: Sequence[IncidentSpan] | None = None
    """When the caller knows the members' dates: the spans of the incidents of ``rows``
    that are new or changed (the others' stand); else they are read back from the
    members."""
    spanless: Sequence[str] = ()
    """With ``spans``: the incidents of ``rows`` left with no span."""


# --- Incident spans: the days an incident's members can all agree with -------------------

_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ANY = ("0000-01-01", "9999-12-31")
_GRAIN_DAYS = (0, 62, 400)
"""How many days before a new date an incident of each grain (day, month, year) can
begin and still agree with it (with room to spare); grain 3 has no bound."""


def date_span(date: str) -> tuple[str, str]:
    """The first and last day (ISO, the last possibly past a month's end) of the dates that
    agree with ``date`` in the prefix sense of ``sitroom.resolve.clusters``: a year, a month
    or a day (of a date with a clock time too); any day for another form."""
    if len(date) == 4 and date.isdigit():
        return f"{date}-01-01", f"{date}-12-31"
    if _MONTH.fullmatch(date):
        return f"{date}-01", f"{date}-31"
    if _DAY.match(date):
        return date[:10], date[:10]
    return _ANY


@dataclass(frozen=True, slots=True)
class IncidentSpan:
    """Where a mention must fall to agree with every member of one incident.

    A mention's date agrees with a member's exactly when their day spans (``date_span``)
    overlap, so it agrees with all of them only if its span meets [``day_lo``, ``day_hi``]
    (the latest first day, the earliest last day; ``day_lo`` > ``day_hi`` when members
    disagree, and then it must reach both). ``grain`` bounds how far before the new date
    ``day_lo`` lies: 0 when ``day_lo`` >= ``day_hi`` (a day), 1 within a month, 2 within a
    year, 3 beyond.
    """

    incident_id: str
    type: str
    grain: int
    day_lo: str
    day_hi: str


def member_spans(members: Iterable[tuple[str, str, str | None]]) -> list[IncidentSpan]:
    """The spans of incidents from their members' (incident, type, date), by incident id.

    Undated members bound nothing (an unknown date contradicts no date). Incidents with
    no dated member get no span: the candidate query reads mentions by date, so none of
    theirs is ever read. Nor do incidents with members of two types: no new mention is
    ``consistent`` with all their members.
    """
    found: dict[str, tuple[set[str], list[str | None]]] = {}
    for incident, type_, date in members:
        types, dates = found.setdefault(incident, (set(), []))
        types.add(type_)
        dates.append(date)
    out: list[IncidentSpan] = []
    for incident, (types, dates) in sorted(found.items()):
        spans = [date_span(d) for d in dates if d is not None]
        if len(types) != 1 or not spans:
            continue
        lo, hi = max(a for a, _ in spans), min(b for _, b in spans)
        if lo >= hi:
            grain = 0
        elif lo[:7] == hi[:7]:
            grain = 1
        elif lo[:4] == hi[:4]:
            grain = 2
        else:
            grain = 3
        out.append(IncidentSpan(incident, next(iter(types)), grain, lo, hi))
    return out


_S = s.incident_spans
_MEMBER_DATES = select(s.events.c.incident, s.events.c.type, s.events.c.date).where(
    s.events.c.incident.in_(bindparam("ids", expanding=True))
)
_DELETE_SPANS = delete(_S).where(_S.c.incident_id.in_(bindparam("ids", expanding=True)))


_INCIDENTS_AFTER = (
    select(s.incidents.c.id)
    .where(s.incidents.c.id > bindparam("after"))
    .order_by(s.incidents.c.id)
    .limit(2000)
)


def rebuild_spans(conn: Connection) -> None:
    """Recompute every incident's span from its members (a page of incidents at a time)."""
    conn.execute(delete(_S))
    after = ""
    while ids := [str(r[0]) for r in conn.execute(_INCIDENTS_AFTER, {"after": after})]:
        _refresh_spans(conn, ids)
        after = ids[-1]


def _refresh_spans(conn: Connection, incident_ids: Iterable[str]) -> None:
    """Recompute the spans of these incidents from their members as they now stand."""
    ids = sorted(set(incident_ids) - {""})
    for chunk in s.in_chunks(ids):
        params = {"ids": list(chunk)}
        conn.execute(_DELETE_SPANS, params)
        _write_spans(
            conn,
            member_spans((str(r[0]), str(r[1]), r[2]) for r in conn.execute(_MEMBER_DATES, params)),
        )


def _write_spans(conn: Connection, spans: Sequence[IncidentSpan]) -> None:
    """Store these spans, replacing those of the same incidents."""
    if not spans:
        return
    upsert = _upsert(conn, _S)
    if upsert is None:
        for chunk in s.in_chunks([x.incident_id for x in spans]):
            conn.execute(_DELETE_SPANS, {"ids": list(chunk)})
    values = [
        {
            "incident_id": x.incident_id,
            "type": x.type,
            "grain": x.grain,
            "day_lo": x.day_lo,
            "day_hi": x.day_hi,
        }
        for x in spans
    ]
    execute_rows(conn, upsert if upsert is not None else insert(_S), values)


def _span_query(n: int, grain: int) -> Select[Any]:
    """Incidents of one type and grain whose span a new date's can meet (the ``n``-th date in
    a statement), read from ``ix_incident_spans_lookup`` in a bounded range of days."""
    lo: Any = bindparam(f"lo_{n}")
    hi: Any = bindparam(f"hi_{n}")
    cond = (_S.c.type == bindparam(f"type_{n}")) & (_S.c.grain == grain)
    if grain < len(_GRAIN_DAYS):
        cond = cond & (_S.c.day_lo >= bindparam(f"from_{n}_{grain}"))
    return select(_S.c.type, _S.c.incident_id).where(cond, _S.c.day_lo <= hi, _S.c.day_hi >= lo)


@lru_cache(maxsize=64)
def _spanning(n: int) -> CompoundSelect[Any]:
    return union(*(_span_query(k, g) for k in range(n) for g in range(len(_GRAIN_DAYS) + 1)))


def spanning_incidents(
    store: Store, dates: Iterable[tuple[str, str]], near: int = 0
) -> dict[str, list[str]] | None:
    """Type -> the incidents of that type whose every member's date can agree with one of
    ``dates`` ((type, date) of new mentions), sorted; None when a date has a form whose span
    is unknown (then no incident is ruled out).

    Read from ``incident_spans`` alone: a bounded range of days of each grain per date, so
    the answer does not grow with the archive, only with how dense the days around are.
    A day-precise date reaches ``near`` days either side too (a later day's toll of an
    attack joins it: ``sitroom.resolve.clusters.NEAR_DAYS``).
    """
    spans: list[tuple[str, str, str, dt.date]] = []
    for type_, date in sorted(set(dates)):
        lo, hi = date_span(date)
        try:
            first = dt.date.fromisoformat(lo)
        except ValueError:
            return None
        if (lo, hi) == _ANY:
            return None
        if near and lo == hi:
            first -= dt.timedelta(days=near)
            lo = first.isoformat()
            hi = (dt.date.fromisoformat(hi) + dt.timedelta(days=near)).isoformat()
        spans.append((type_, lo, hi, first))
    out: dict[str, set[str]] = {}
    with store.connect() as conn:
        for start in range(0, len(spans), _SPAN_DATES):
            chunk = spans[start : start + _SPAN_DATES]
            params: dict[str, Any] = {}
            for n, (type_, lo, hi, first) in enumerate(chunk):
                params.update({f"type_{n}": type_, f"lo_{n}": lo, f"hi_{n}": hi})
                for g, days in enumerate(_GRAIN_DAYS):
                    params[f"from_{n}_{g}"] = (first - dt.timedelta(days=days)).isoformat()
            for row in conn.execute(_spanning(len(chunk)), params):
                out.setdefault(str(row[0]), set()).add(str(row[1]))
    return {t: sorted(ids) for t, ids in out.items()}


# Dates per span statement: four parts each, well under SQLite's limit on compound parts.
_SPAN_DATES = 25


def write_diff(store: Store, diff: IncidentDiff, version: str) -> None:
    """Apply one resolution step's ``diff`` in one transaction."""
    if not diff.counts:
        spans = None if diff.spans is None else (diff.spans, diff.spanless)
        write_incidents(store, diff.rows, diff.members, version, stale=diff.stale, spans=spans)
        return
    now = _now()
    with store.begin() as conn:
        execute_rows(
            conn,
            _INSERT_M,
            [
                {"event_id": ev, "incident_id": inc, "reason": why}
                for ev, (inc, why) in diff.members.items()
            ],
        )
        execute_rows(
            conn,
            _SET_INCIDENT,
            [{"b_id": ev, "b_incident": inc} for ev, (inc, _) in diff.members.items()],
        )
        execute_rows(
            conn,
            _SET_COUNTS,
            [
                {
                    "b_id": c.id,
                    "b_mentions": c.n_mentions,
                    "b_articles": c.n_articles,
                    "b_mode": c.mode,
                    "b_now": now,
                }
                for c in diff.counts
            ],
        )
        # A copy's mentions repeat their counterparts' types and dates (``decide_copy``
        # compares ``copy_signature``s), so the incidents' spans stand as they are.


def count_incidents(store: Store) -> int:
    """How many incidents the store holds."""
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s.incidents)).scalar_one())


def clear_incidents(store: Store) -> None:
    """Forget every incident, membership and agreement (overrides are kept)."""
    with store.begin() as conn:
        for table in (
            s.agreement_violations,
            s.agreements,
            s.incident_spans,
            s.incident_members,
            s.incidents,
        ):
            conn.execute(delete(table))
        conn.execute(update(s.events).values(incident=""))


def articles_in_ingest_order(store: Store) -> list[str]:
    """Every stored article's id, in the order the articles were first stored: the order in
    which ingest resolved them (``ingested_at``; then, on SQLite, the order of the rows)."""
    a = s.articles
    tie = literal_column("rowid") if store.engine.dialect.name == "sqlite" else a.c.id
    with store.connect() as conn:
        return [str(r[0]) for r in conn.execute(select(a.c.id).order_by(a.c.ingested_at, tie))]


# Built once, with expanding IN lists: incremental resolution writes after every article,
# and building and coercing these per call cost more than running them.
_M, _E, _I = s.incident_members, s.events, s.incidents
_DELETE_MEMBERS = delete(_M).where(_M.c.event_id.in_(bindparam("ids", expanding=True)))
_DELETE_INCIDENTS = delete(_I).where(_I.c.id.in_(bindparam("ids", expanding=True)))
_SET_INCIDENT = (
    update(_E).where(_E.c.id == bindparam("b_id")).values(incident=bindparam("b_incident"))
)
_INSERT_I, _INSERT_M = insert(_I), insert(_M)
_ORPHAN = ~exists().where(_M.c.incident_id == _I.c.id)
_DELETE_ORPHANS = delete(_I).where(_ORPHAN)
_DELETE_STALE_ORPHANS = delete(_I).where(_I.c.id.in_(bindparam("ids", expanding=True)), _ORPHAN)
_DELETE_STALE_ORPHANS_RETURNING = _DELETE_STALE_ORPHANS.returning(_I.c.id)


_UPSERTS: dict[tuple[str, str], Insert | None] = {}


def _upsert(conn: Connection, table: Table) -> Insert | None:
    """INSERT that replaces the row with the same primary key (SQLite and PostgreSQL), or None.

    One statement where a DELETE and an INSERT would be two; built once per table.
    """
    key = (conn.dialect.name, table.name)
    if key not in _UPSERTS:
        stmt: Insert | None = None
        if conn.dialect.name in ("sqlite", "postgresql"):
            dialect_insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
            new = dialect_insert(table)
            primary = [c.name for c in table.primary_key.columns]
            stmt = new.on_conflict_do_update(
                index_elements=primary,
                set_={c.name: new.excluded[c.name] for c in table.c if c.name not in primary},
            )
        _UPSERTS[key] = stmt
    return _UPSERTS[key]


def write_incidents(
    store: Store,
    rows: Sequence[IncidentRow],
    members: Mapping[int, tuple[str, str]],
    version: str,
    stale: Sequence[str] | None = None,
    spans: tuple[Sequence[IncidentSpan], Sequence[str]] | None = None,
) -> None:
    """Replace these incidents and the memberships of these events (event id -> (id, reason)).

    Incidents left without members are deleted: among ``stale`` when given, else all.
    The spans of the incidents written are read back from their members, unless ``spans``
    gives those that changed and the incidents left with none (``IncidentDiff``).
    """
    now = _now()
    values = [_incident_values(r, version, now) for r in rows]
    member_rows = [
        {"event_id": e, "incident_id": inc, "reason": why} for e, (inc, why) in members.items()
    ]
    with store.begin() as conn:
        upsert_incidents, upsert_members = _upsert(conn, _I), _upsert(conn, _M)
        if upsert_members is None:
            for chunk in s.in_chunks(list(members)):
                conn.execute(_DELETE_MEMBERS, {"ids": list(chunk)})
        if upsert_incidents is None:
            for chunk in s.in_chunks([r.id for r in rows]):
                conn.execute(_DELETE_INCIDENTS, {"ids": list(chunk)})
        if values:
            execute_rows(
                conn, upsert_incidents if upsert_incidents is not None else _INSERT_I, values
            )
        if member_rows:
            execute_rows(
                conn, upsert_members if upsert_members is not None else _INSERT_M, member_rows
            )
            execute_rows(
                conn,
                _SET_INCIDENT,
                [{"b_id": e, "b_incident": inc} for e, (inc, _) in members.items()],
            )
        # Incidents left without members (their mentions moved or were reprocessed away).
        if stale is None:
            conn.execute(_DELETE_ORPHANS)
            # Called so after a reprocessed article, whose former incidents may have lost
            # members that nothing rewrote: every span is recomputed.
            rebuild_spans(conn)
            return
        gone: list[str] = []
        for chunk in s.in_chunks(list(stale)):
            if conn.dialect.delete_returning:
                gone += [
                    str(r[0])
                    for r in conn.execute(_DELETE_STALE_ORPHANS_RETURNING, {"ids": list(chunk)})
                ]
            else:
                conn.execute(_DELETE_STALE_ORPHANS, {"ids": list(chunk)})
                gone += list(chunk)
        # Incidents rewritten, or joined or left by a member; the other stale ones kept
        # their members (or were deleted just now).
        written = {r.id for r in rows} | {inc for inc, _ in members.values()}
        if spans is None or written != {r.id for r in rows}:
            _refresh_spans(conn, written)
            gone = [i for i in gone if i not in written]
        else:
            _write_spans(conn, spans[0])
            gone += list(spans[1])
        for chunk in s.in_chunks(gone):
            conn.execute(_DELETE_SPANS, {"ids": list(chunk)})


def _incident_values(r: IncidentRow, version: str, now: str) -> dict[str, Any]:
    return {
        "id": r.id,
        "type": r.type,
        "mode": r.mode,
        "status": r.status,
        "date": r.date,
        "date_precision": r.date_precision,
        "place_name": r.place_name,
        "place_country": r.place_country,
        "place_admin1": r.place_admin1,
        "place_lat": r.place_lat,
        "place_lon": r.place_lon,
        "killed_low": r.killed[0],
        "killed_best": r.killed[1],
        "killed_high": r.killed[2],
        "injured_low": r.injured[0],
        "injured_best": r.injured[1],
        "injured_high": r.injured[2],
        "contested": json.dumps(list(r.contested)),
        "countries": json.dumps(list(r.countries)),
        "n_mentions": r.n_mentions,
        "n_articles": r.n_articles,
        "n_sources": r.n_sources,
        "version": version,
        "updated_at": now,
    }


def member_reasons(store: Store, incident_id: str) -> dict[int, str]:
    """Event id -> why it joined, for one incident's members."""
    return members_reasons(store, [incident_id]).get(incident_id, {})


_MEMBERS_OF = select(_M.c.incident_id, _M.c.event_id, _M.c.reason).where(
    _M.c.incident_id.in_(bindparam("ids", expanding=True))
)


def members_reasons(store: Store, incident_ids: Sequence[str]) -> dict[str, dict[int, str]]:
    """Incident id -> (event id -> why it joined), for these incidents' members."""
    out: dict[str, dict[int, str]] = {}
    with store.connect() as conn:
        for chunk in s.in_chunks(sorted(set(incident_ids))):
            for inc, event_id, reason in conn.execute(_MEMBERS_OF, {"ids": list(chunk)}):
                out.setdefault(inc, {})[event_id] = reason
    return out


_SIZES = select(_I.c.id, _I.c.n_mentions).where(_I.c.id.in_(bindparam("ids", expanding=True)))


def article_event_ids(store: Store, article_id: str) -> list[int]:
    """Ids of an article's event mentions."""
    with store.connect() as conn:
        return [
            r[0]
            for r in conn.execute(select(s.events.c.id).where(s.events.c.article_id == article_id))
        ]


@dataclass(frozen=True, slots=True)
class CandidateMention:
    """A stored mention that made its incident a candidate: what the rules compare
    (``sitroom.resolve.clusters.compatible``), without its text, figures or claimant."""

    incident: str
    event_id: int
    type: str
    mode: str
    status: str
    date: str | None
    place_name: str | None
    place_lat: float | None
    place_lon: float | None
    place_country: str | None
    place_admin1: str | None
    place_precision: str | None
    source: tuple[str, ...] = ()
    """Countries of its source actors (as stored, empty ones included)."""
    target: tuple[str, ...] = ()


_E_COLUMNS = (
    _E.c.incident,
    _E.c.id,
    _E.c.type,
    _E.c.mode,
    _E.c.status,
    _E.c.date,
    _E.c.place_name,
    _E.c.place_lat,
    _E.c.place_lon,
    _E.c.place_country,
    _E.c.place_admin1,
    _E.c.place_precision,
)


PlaceBox = tuple[float, float, float, float, str]
"""(south, north, west, east, admin1): where the places of mentions that can agree with a
new mention's place lie (``sitroom.resolve.core.place_box``)."""


def _candidate_query(by_country: bool, by_place: bool, n: int, within: bool) -> Select[Any]:
    """The other articles' mentions of one type, in incidents, whose date can agree with one
    (the ``n``-th in a statement: its parameters end in ``_n``); ``within``: only those of
    the incidents listed (read through ``ix_events_incident``).

    Each side of the OR names the type and one date condition, so SQLite serves each from
    ``ix_events_type_date`` (a multi-index OR: exact prefixes, then the range of finer
    dates) instead of reading every mention of the type. The country test is a correlated
    EXISTS on ``ix_event_actors_event``, checked only on those rows, not a list of every
    event naming the countries.
    """
    e, ea = s.events, s.event_actors
    type_ = bindparam(f"type_{n}")
    cond = or_(
        (e.c.type == type_) & e.c.date.in_(bindparam(f"prefixes_{n}", expanding=True)),
        (e.c.type == type_)
        & (e.c.date >= bindparam(f"low_{n}"))
        & (e.c.date < bindparam(f"high_{n}")),
    )
    if by_country:
        countries = bindparam(f"countries_{n}", expanding=True)
        involved = (
            select(ea.c.event_id)
            .where(ea.c.event_id == e.c.id, ea.c.country.in_(countries))
            .exists()
        )
        cond = cond & or_(involved, e.c.place_country.in_(countries))
    if by_place:
        # Mentions whose place cannot agree with the new one's (another town, hundreds of
        # km away, in another admin area) are not read: the superset of those that can.
        admin1 = bindparam(f"admin1_{n}")
        cond = cond & or_(
            e.c.place_name.is_(None),
            e.c.place_precision == "country",
            e.c.place_lat.is_(None),
            e.c.place_lon.is_(None),
            (admin1 != "") & (e.c.place_admin1 == admin1),
            e.c.place_lat.between(bindparam(f"south_{n}"), bindparam(f"north_{n}"))
            & e.c.place_lon.between(bindparam(f"west_{n}"), bindparam(f"east_{n}")),
        )
    if within:
        cond = cond & e.c.incident.in_(bindparam(f"within_{n}", expanding=True))
    return select(*_E_COLUMNS).where(
        cond, e.c.article_id != bindparam("article_id"), e.c.incident != ""
    )


@lru_cache(maxsize=256)
def _candidates(shapes: tuple[tuple[bool, bool, bool], ...]) -> CompoundSelect[Any]:
    """One statement for mentions of these shapes (by country or not, by place or not, within
    listed incidents or not), built once per shape: a UNION of one query per mention, since
    a single OR of them would defeat the indexes."""
    return union(*(_candidate_query(c, p, n, w) for n, (c, p, w) in enumerate(shapes)))


# Mentions per statement: well under SQLite's limit on the parts of a compound SELECT.
_UNION_PARTS = 50

_EA = s.event_actors
_ACTOR_COUNTRIES = (
    select(_EA.c.event_id, _EA.c.role, _EA.c.country)
    .where(_EA.c.event_id.in_(bindparam("ids", expanding=True)))
    .order_by(_EA.c.id)
)


def window_prefixes(first: str, last: str) -> list[str]:
    """The years and months from day ``first`` to day ``last`` (ISO): the coarse dates that
    agree with a day between them."""
    out: set[str] = set()
    day = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last)
    while day <= end:
        out.update((f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}"))
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return sorted(out)


def candidate_mentions(
    store: Store,
    article_id: str,
    keys: Iterable[tuple[str, str, Sequence[str]] | tuple[str, str, Sequence[str], PlaceBox]],
    within: Mapping[str, Sequence[str] | None] | None = None,
    undated: tuple[str, str] | None = None,
) -> list[CandidateMention]:
    """Other articles' mentions, in incidents, whose type matches and whose date can agree
    with one given, by event id.

    ``keys`` are (type, date, countries[, place box]) of the new mentions; a stored date
    agrees when it is a prefix of the new date or the new date is a prefix of
    it. A month- or year-precise mention that names countries only looks at
    mentions involving one of them, so one vague mention does not load a year. With a
    place box, only mentions without a town or region place, or with one in the box or
    in its admin area, are read. With ``within`` (type -> incident ids, as
    ``spanning_incidents`` gives), only mentions of the incidents listed for their type
    (none for a type not given; any for a type given None). An undated key (date "")
    reads every date, or with ``undated`` (first, last day) only the dates that agree with
    a day between them.
    """
    rows: dict[int, Any] = {}
    wanted = sorted(
        {(k[0], k[1], tuple(sorted(k[2])), k[3] if len(k) > 3 else None) for k in keys},  # type: ignore[misc]
        key=repr,
    )
    if within is not None:
        wanted = [k for k in wanted if k[0] in within and within[k[0]] != []]
    with store.connect() as conn:
        for start in range(0, len(wanted), _UNION_PARTS):
            chunk = wanted[start : start + _UNION_PARTS]
            shapes = tuple(
                (
                    len(date) < 10 and bool(countries),
                    box is not None,
                    within is not None and within[type_] is not None,
                )
                for type_, date, countries, box in chunk
            )
            params: dict[str, Any] = {"article_id": article_id}
            for n, ((type_, date, countries, box), (by_country, _, listed)) in enumerate(
                zip(chunk, shapes, strict=True)
            ):
                if listed and within is not None:
                    params[f"within_{n}"] = list(within[type_] or ())
                if box is not None:
                    south, north, west, east, admin1 = box
                    params.update(
                        {
                            f"south_{n}": south,
                            f"north_{n}": north,
                            f"west_{n}": west,
                            f"east_{n}": east,
                            f"admin1_{n}": admin1,
                        }
                    )
                params[f"type_{n}"] = type_
                params[f"prefixes_{n}"] = sorted({date[:4], date[:7], date})
                # A range rather than LIKE, so the date index serves the prefix search.
                params[f"low_{n}"] = date
                params[f"high_{n}"] = date + "~"
                if not date and undated is not None:
                    params[f"prefixes_{n}"] = window_prefixes(*undated)
                    params[f"low_{n}"], params[f"high_{n}"] = undated[0], undated[1] + "~"
                if by_country:
                    params[f"countries_{n}"] = list(countries)
            rows.update((r[1], r) for r in conn.execute(_candidates(shapes), params))
        roles: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in rows}
        for chunk in s.in_chunks(sorted(rows)):
            for event_id, role, country in conn.execute(_ACTOR_COUNTRIES, {"ids": list(chunk)}):
                if role in ("source", "target"):
                    roles[event_id][role == "target"].append(country)
    return [
        CandidateMention(*r, source=tuple(roles[i][0]), target=tuple(roles[i][1]))
        for i, r in sorted(rows.items())
    ]


def candidate_incidents(
    store: Store, article_id: str, keys: Iterable[tuple[str, str, Sequence[str]]]
) -> list[str]:
    """Incidents of other articles whose type matches and whose date can agree with one given
    (the incidents of ``candidate_mentions``), sorted."""
    return sorted({m.incident for m in candidate_mentions(store, article_id, keys)})


_L = s.article_links
_COPY_LINKS = select(_L.c.article_id, _L.c.other_id).where(
    _L.c.kind == "near-duplicate",
    or_(
        _L.c.article_id.in_(bindparam("ids", expanding=True)),
        _L.c.other_id.in_(bindparam("ids2", expanding=True)),
    ),
)


@dataclass(slots=True)
class CandidateState:
    """What is stored of candidate incidents beside their members' mentions."""

    sizes: dict[str, int]
    """Incident id -> its stored mention count."""
    reasons: dict[str, dict[int, str]]
    """Incident id -> (event id -> why it joined)."""
    links: list[tuple[str, str]]
    """Near-duplicate links (article, other) touching any of the articles asked about."""


def candidate_state(
    store: Store, incident_ids: Sequence[str], article_ids: Iterable[str]
) -> CandidateState:
    """Sizes and member reasons of these incidents, and the near-duplicate links of these
    articles, read on one connection."""
    state = CandidateState({}, {}, [])
    ids = sorted(set(incident_ids))
    with store.connect() as conn:
        for chunk in s.in_chunks(ids):
            state.sizes.update((r[0], r[1]) for r in conn.execute(_SIZES, {"ids": list(chunk)}))
            for row in conn.execute(_MEMBERS_OF, {"ids": list(chunk)}):
                state.reasons.setdefault(str(row[0]), {})[int(row[1])] = str(row[2])
        for chunk in s.in_chunks(sorted(set(article_ids))):
            params = {"ids": list(chunk), "ids2": list(chunk)}
            state.links.extend((str(r[0]), str(r[1])) for r in conn.execute(_COPY_LINKS, params))
    return state


_MENTIONS_COUNTED = select(_E.c.incident, _E.c.id, _E.c.article_id, _E.c.mode).where(
    _E.c.incident.in_(bindparam("ids", expanding=True))
)
_MODES_OF = select(_I.c.id, _I.c.mode).where(_I.c.id.in_(bindparam("ids", expanding=True)))


def counted_mentions(
    store: Store, incident_ids: Sequence[str]
) -> tuple[dict[str, list[tuple[int, str, str]]], dict[str, str]]:
    """Incident id -> (event id, article id, mode) of its stored mentions, and incident id ->
    its stored majority mode, for these incidents (what recounting them needs)."""
    mentions: dict[str, list[tuple[int, str, str]]] = {}
    modes: dict[str, str] = {}
    with store.connect() as conn:
        for chunk in s.in_chunks(sorted(set(incident_ids))):
            for r in conn.execute(_MENTIONS_COUNTED, {"ids": list(chunk)}):
                mentions.setdefault(str(r[0]), []).append((int(r[1]), str(r[2]), str(r[3])))
            modes.update((r[0], r[1]) for r in conn.execute(_MODES_OF, {"ids": list(chunk)}))
    return mentions, modes


def add_override(
    store: Store, kind: str, sides: Mapping[str, Sequence[str]], note: str = ""
) -> int:
    """Record a merge or split (side -> mention keys); returns the override number."""
    now = _now()
    o = s.incident_overrides
    with store.begin() as conn:
        number = int(conn.execute(select(func.coalesce(func.max(o.c.override), 0))).scalar_one())
        number += 1
        conn.execute(
            insert(o),
            [
                {
                    "override": number,
                    "kind": kind,
                    "mention": key,
                    "side": side,
                    "note": note,
                    "created_at": now,
                }
                for side, keys in sides.items()
                for key in keys
            ],
        )
    return number


_O = s.incident_overrides
_OVERRIDES = select(_O).order_by(_O.c.override, _O.c.id)


def load_overrides(store: Store) -> list[tuple[int, str, str, str]]:
    """Every override row: (override number, kind, mention key, side), in order."""
    with store.connect() as conn:
        return [(r.override, r.kind, r.mention, r.side) for r in conn.execute(_OVERRIDES)]


def write_agreements(
    store: Store, agreements: Sequence[Mapping[str, Any]], violations: Sequence[Mapping[str, str]]
) -> None:
    """Replace every stored agreement and violation link."""
    with store.begin() as conn:
        conn.execute(delete(s.agreement_violations))
        conn.execute(delete(s.agreements))
        if agreements:
            conn.execute(insert(s.agreements), [dict(a) for a in agreements])
        if violations:
            conn.execute(insert(s.agreement_violations), [dict(v) for v in violations])


def _actor(r: Any) -> Actor:
    return Actor(
        text=r.text,
        country=r.country,
        sector=r.sector,
        name=r.name,
        title=r.title,
        group=r.grp,
        kind=r.kind,
        start=r.start,
        end=r.end,
    )


def _time(r: Any) -> TimeRef:
    return TimeRef(
        text=r.text,
        start=r.start,
        end=r.end,
        type=r.type,
        value=r.value,
        granularity=r.granularity,
        local=r.local,
        utc=r.utc,
        anchor=r.anchor,
    )


def _of_articles(table: Table) -> Select[Any]:
    c = table.c
    return (
        select(table)
        .where(c.article_id.in_(bindparam("ids", expanding=True)))
        .order_by(c.article_id, c.start, c.id)
    )


_ARTICLES_ACTORS, _ARTICLES_TIMES = _of_articles(s.actors), _of_articles(s.times)


def sentence_contexts(
    store: Store, spans: Iterable[tuple[str, int, int]]
) -> dict[tuple[str, int, int], tuple[list[Actor], list[TimeRef]]]:
    """``sentence_context`` of many spans (article id, start, end), read a table at a time."""
    wanted = sorted(set(spans))
    by_article: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in wanted:
        by_article.setdefault(article_id, []).append((start, end))
    actors: dict[tuple[str, int, int], list[Actor]] = {span: [] for span in wanted}
    times: dict[tuple[str, int, int], list[TimeRef]] = {span: [] for span in wanted}
    with store.connect() as conn:
        for chunk in s.in_chunks(sorted(by_article)):
            for r in conn.execute(_ARTICLES_ACTORS, {"ids": list(chunk)}):
                for start, end in by_article[r.article_id]:
                    if r.start >= start and r.end <= end:
                        actors[(r.article_id, start, end)].append(_actor(r))
            for r in conn.execute(_ARTICLES_TIMES, {"ids": list(chunk)}):
                for start, end in by_article[r.article_id]:
                    if r.start >= start and r.end <= end:
                        times[(r.article_id, start, end)].append(_time(r))
    return {span: (actors[span], times[span]) for span in wanted}


_PUBLISHED = select(s.articles.c.published).where(s.articles.c.id == bindparam("id"))


def published_on(store: Store, article_id: str) -> str | None:
    """An article's publication day (ISO), or None when unknown or not stored."""
    with store.connect() as conn:
        value = conn.execute(_PUBLISHED, {"id": article_id}).scalar_one_or_none()
    return None if value is None else str(value)


_NEAR_DUPLICATES = (
    select(_L.c.other_id)
    .where(_L.c.article_id == bindparam("id"), _L.c.kind == "near-duplicate")
    .order_by(_L.c.similarity.desc(), _L.c.other_id)
)


def near_duplicates_of(store: Store, article_id: str) -> list[str]:
    """Stored articles this one was linked to as a near-duplicate copy, most similar first."""
    with store.connect() as conn:
        return [str(r[0]) for r in conn.execute(_NEAR_DUPLICATES, {"id": article_id})]


_SET_COUNTS = (
    update(_I)
    .where(_I.c.id == bindparam("b_id"))
    .values(
        n_mentions=bindparam("b_mentions"),
        n_articles=bindparam("b_articles"),
        mode=bindparam("b_mode"),
        updated_at=bindparam("b_now"),
    )
)


def incident_rows(store: Store, ids: Sequence[str] | None = None) -> list[Any]:
    """Stored incident rows (all, or these ids), in date order."""
    i = s.incidents
    stmt = select(i).order_by(store.ascending(i.c.date), i.c.id)
    if ids is not None:
        stmt = stmt.where(i.c.id.in_(list(ids)))
    with store.connect() as conn:
        return list(conn.execute(stmt))


def tracker_rows(store: Store, agreement_modes: Sequence[str]) -> list[Any]:
    """Incidents the ceasefire tracker needs: agreements and reported violations (none
    when there is no agreement, since a violation breaks nothing then)."""
    with store.connect() as conn:
        if conn.execute(tracker_query(store, agreement_modes, violations=False)).first() is None:
            return []
        return list(conn.execute(tracker_query(store, agreement_modes)))


def tracker_query(
    store: Store, agreement_modes: Sequence[str], *, violations: bool = True
) -> Select[Any]:
    """``tracker_rows``'s statement (agreements alone without ``violations``): each side of
    its OR is served by an index (``ix_incidents_mode``, ``ix_incidents_status``), not by
    a pass over every incident."""
    i = s.incidents
    agreement = (i.c.type == "AGREE") & i.c.mode.in_(list(agreement_modes))
    cond = agreement
    if violations:
        cond = or_(agreement, i.c.mode == "ceasefire-violation", i.c.status == "reported-violation")
    return select(i).where(cond).order_by(store.ascending(i.c.date), i.c.id)


def agreement_rows(store: Store) -> tuple[list[Any], list[Any]]:
    """Stored agreements (by date agreed) and violation links."""
    with store.connect() as conn:
        agreements = list(
            conn.execute(
                select(s.agreements).order_by(
                    store.ascending(s.agreements.c.agreed), s.agreements.c.id
                )
            )
        )
        violations = list(conn.execute(select(s.agreement_violations)))
    return agreements, violations


_PROCESSED = select(s.articles.c.processed_at).where(s.articles.c.id == bindparam("id"))
_EVENT_INCIDENTS = select(_E.c.id, _E.c.incident).where(_E.c.article_id == bindparam("id"))


def processed_at(store: Store, article_id: str) -> str | None:
    """When an article was last processed (None if never, or not stored)."""
    with store.connect() as conn:
        value: str | None = conn.execute(_PROCESSED, {"id": article_id}).scalar_one_or_none()
    return value


def article_event_incidents(store: Store, article_id: str) -> tuple[str | None, dict[int, str]]:
    """An article's processing time and its event mentions' incidents (event id -> incident)."""
    with store.connect() as conn:
        processed = conn.execute(_PROCESSED, {"id": article_id}).scalar_one_or_none()
        incidents = {
            int(r[0]): str(r[1]) for r in conn.execute(_EVENT_INCIDENTS, {"id": article_id})
        }
    return processed, incidents
