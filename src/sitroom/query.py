"""Filters to queries, shared by the CLI, the JSON API and the web UI."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.sql.util import find_tables

from sitroom.model import Actor, Article, Casualties, Event, Place, Quote
from sitroom.store import Store
from sitroom.store import schema as s


@dataclass(frozen=True, slots=True)
class Filters:
    """What to select. Every field is optional; dates filter on the event's own date."""

    since: dt.date | None = None
    until: dt.date | None = None
    type: str | None = None
    country: str | None = None
    place: str | None = None
    doc: str | None = None
    speaker: str | None = None
    text: str | None = None
    incident: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(slots=True)
class EventRecord:
    """A stored event mention with where it came from."""

    id: int
    article_id: str
    doc: str
    event: Event
    sentence: str = ""
    outlet: str | None = None


@dataclass(slots=True)
class QuoteRecord:
    """A stored quote with where it came from."""

    id: int
    article_id: str
    doc: str
    quote: Quote
    sentence: str = ""
    entity: str = ""
    """Display name of the speaker's canonical entity (``""`` when none)."""


@dataclass(slots=True)
class ArticleRecord:
    """A stored article with counts of what was extracted from it."""

    article: Article
    events: int = 0
    quotes: int = 0
    processed_at: str | None = None
    versions: dict[str, str] = field(default_factory=dict)


def period_clause(store: Store, col: ColumnElement[str], f: Filters) -> list[ColumnElement[bool]]:
    """Conditions keeping a date (at day, month or year precision) whose period meets ``f``."""
    out: list[ColumnElement[bool]] = []
    if f.since:
        since = f.since.isoformat()
        year, month = since[:4], since[:7]
        # Dates are ISO strings at day, month or year precision. The month and the year
        # holding ``since`` are prefixes of it and sort before it, with the year's other
        # days in between. So that an index range serves the window, look up which of
        # the two are stored: the range starts at the month when it is, and the year
        # joins as a second lookup only when it is (scanning from it would read the
        # whole year up to ``since``).
        with store.connect() as conn:
            stored = set(
                conn.execute(select(col).where(col.in_([year, month])).distinct()).scalars()
            )
        lower = col >= (month if month in stored else since)
        window = lower if not f.until else and_(lower, col <= f.until.isoformat())
        out.append(or_(window, col == year) if year in stored else window)
        out.append(col >= func.substr(literal(since), 1, func.length(col)))
    if f.until:
        out.append(col <= f.until.isoformat())
        out.append(col <= func.substr(literal(f.until.isoformat()), 1, func.length(col)))
    return out


def country_clause(code: str, per_row: bool = True) -> ColumnElement[bool]:
    """Events whose place is in country ``code`` or that involve an actor coded ``code``.

    ``per_row`` tests each candidate event with an index lookup, best when a date window
    or a page limits the candidates; otherwise the country's events are listed once.
    """
    e, ea = s.events, s.event_actors
    code = code.upper()
    if per_row:
        involved = (
            select(ea.c.event_id).where(ea.c.event_id == e.c.id, ea.c.country == code).exists()
        )
        return or_(e.c.place_country == code, involved)
    listed = select(ea.c.event_id).where(ea.c.country == code)
    return or_(e.c.place_country == code, e.c.id.in_(listed))


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _page(stmt: Select, f: Filters) -> Select:  # type: ignore[type-arg]
    if f.offset:
        stmt = stmt.offset(f.offset)
    if f.limit is not None:
        stmt = stmt.limit(f.limit)
    return stmt


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def article_from_row(r: object) -> Article:
    """Rebuild an Article from an ``articles`` row."""
    m = r._mapping  # type: ignore[attr-defined]
    return Article(
        doc=m["doc"],
        text=m["text"],
        raw=m["raw"],
        source=m["source"],
        title=m["title"],
        outlet=m["outlet"],
        url=m["url"],
        byline=m["byline"],
        dateline=m["dateline"],
        published=_date(m["published"]),
        published_earliest=_date(m["published_earliest"]),
        published_latest=_date(m["published_latest"]),
        published_inferred=bool(m["published_inferred"]),
        language=m["language"],
        encoding=m["encoding"],
        content_hash=m["content_hash"],
        id=m["id"],
    )


def select_articles(
    store: Store, f: Filters = Filters(), *, newest_first: bool = False
) -> list[ArticleRecord]:
    """Articles matching ``f`` (date filters apply to the publication date), by date, or
    with ``newest_first`` the latest first and undated ones last."""
    a = s.articles
    conds: list[ColumnElement[bool]] = period_clause(store, a.c.published, f)
    if f.doc:
        conds.append(store.like(a.c.doc, _like(f.doc)))
    if f.text:
        conds.append(store.like(a.c.text, _like(f.text)))
    if f.country:
        conds.append(
            a.c.id.in_(select(s.actors.c.article_id).where(s.actors.c.country == f.country.upper()))
        )
    n_events = select(func.count()).where(s.events.c.article_id == a.c.id).scalar_subquery()
    n_quotes = select(func.count()).where(s.quotes.c.article_id == a.c.id).scalar_subquery()
    stmt = _page(
        select(a, n_events.label("n_events"), n_quotes.label("n_quotes"))
        .where(and_(true(), *conds))
        .order_by(
            store.descending(a.c.published) if newest_first else store.ascending(a.c.published),
            a.c.doc,
        ),
        f,
    )
    with store.connect() as conn:
        return [
            ArticleRecord(
                article_from_row(r), r.n_events, r.n_quotes, r.processed_at, json.loads(r.versions)
            )
            for r in conn.execute(stmt)
        ]


def get_article(store: Store, article_id: str) -> Article | None:
    """One article by id (or by ``doc`` name)."""
    a = s.articles
    with store.connect() as conn:
        row = conn.execute(
            select(a).where(or_(a.c.id == article_id, a.c.doc == article_id))
        ).first()
    return article_from_row(row) if row else None


def select_events(
    store: Store, f: Filters = Filters(), *, newest_first: bool = False
) -> list[EventRecord]:
    """Event mentions matching ``f``, in date order, with source and target actors.

    ``newest_first`` reverses the date order and puts undated mentions last.
    """
    return event_records_where(store, event_condition(store, f), f, newest_first=newest_first)


def event_condition(store: Store, f: Filters) -> ColumnElement[bool]:
    """The SQL condition on ``events``/``articles`` that ``select_events`` applies for ``f``."""
    e, a = s.events, s.articles
    conds: list[ColumnElement[bool]] = period_clause(store, e.c.date, f)
    if f.type:
        conds.append(e.c.type == f.type.upper())
    if f.doc:
        conds.append(or_(store.like(a.c.doc, _like(f.doc)), a.c.id == f.doc))
    if f.place:
        pat = _like(f.place)
        conds.append(
            or_(
                e.c.place_name.ilike(pat, escape="\\"),
                e.c.place_admin1.ilike(pat, escape="\\"),
                e.c.place_text.ilike(pat, escape="\\"),
            )
        )
    if f.country:
        conds.append(country_clause(f.country))
    if f.incident:
        conds.append(e.c.incident == f.incident)
    if f.text:
        conds.append(
            store.like(
                func.substr(
                    a.c.text, e.c.sentence_start + 1, e.c.sentence_end - e.c.sentence_start
                ),
                _like(f.text),
            )
        )
    return and_(true(), *conds)


def _date_segments(f: Filters) -> list[tuple[str, str | None]]:
    """The date ranges, in sort order, that a date window's matches fall in.

    A window from ``since`` keeps its year and its month (coarse dates, which sort before
    the days) and the days from ``since``: three ranges, each one index range.
    """
    if not f.since:
        return []
    since = f.since.isoformat()
    until = f.until.isoformat() if f.until else None
    return [(since[:4], since[:4]), (since[:7], since[:7]), (since, until)]


def _page_window(
    conn: Connection, where: ColumnElement[bool], f: Filters, newest_first: bool = False
) -> tuple[ColumnElement[bool], int] | None:
    """The dates one page of events spans, and the page's offset among them (None: empty).

    Events sort by (date, article name, position). The article name lives in another
    table, so SQLite sorts every match before it can cut out a page: on a large store a
    page of a broad filter took a second. The dates of the matches up to the page's end,
    read in plain date order from the date index (which stops there), bound the page
    exactly, so it is then sorted out of those dates alone. A date window is read one
    index range at a time (see ``_date_segments``) so that each walk is in order.
    SQLite puts undated events first, and last when ``newest_first`` walks the index
    backwards.
    """
    e = s.events
    if f.limit is None or f.limit < 1 or conn.dialect.name != "sqlite":
        return true(), f.offset
    if newest_first:
        return _page_window_newest(conn, where, f)
    segments = _date_segments(f)
    walked = _page_dates(conn, where, f, segments, descending=False)
    if walked is None:
        return None
    # ``full``: the matches reach the page's end, so ``last`` is the page's last date.
    first, last, full, skipped = walked
    if segments:
        # The page's dates within each range (a window holds no undated events).
        assert first is not None
        spans = []
        for lo, hi in segments:
            lo = max(lo, first)
            if full:
                assert last is not None
                hi = last if hi is None else min(hi, last)
            if hi is None:
                spans.append(e.c.date >= lo)
            elif lo <= hi:
                spans.append(e.c.date.between(lo, hi))
        return or_(*spans), f.offset - skipped
    if first is None:
        if not full:
            return true(), f.offset - skipped
        if last is None:
            return e.c.date.is_(None), f.offset - skipped
        return or_(e.c.date.is_(None), e.c.date <= last), f.offset - skipped
    span = e.c.date.between(first, last) if full else e.c.date >= first
    return span, f.offset - skipped


def _page_dates(
    conn: Connection,
    where: ColumnElement[bool],
    f: Filters,
    segments: Sequence[tuple[str, str | None]],
    *,
    descending: bool,
) -> tuple[str | None, str | None, bool, int] | None:
    """Walk the date index, one range of ``segments`` at a time, up to the page's end.

    Returns the page's first and last dates (last only when the matches reach the page's
    end, ``full``) and how many matches before the page share its first date; None when
    the page is empty.
    """
    e, a = s.events, s.articles
    base = select(e.c.date)
    if a in find_tables(where, check_columns=True):
        base = base.join(a, a.c.id == e.c.article_id)
    end = f.offset + f.limit  # type: ignore[operator]
    order = e.c.date.desc() if descending else e.c.date
    dates: list[str | None] = []
    ranges: Sequence[tuple[str | None, str | None]] = segments or [(None, None)]
    for lo, hi in ranges:
        conds = [where]
        if lo is not None:
            conds.append(e.c.date >= lo if hi is None else e.c.date.between(lo, hi))
        stmt = base.where(*conds).order_by(order).limit(end - len(dates))
        dates += [r.date for r in conn.execute(stmt)]
        if len(dates) >= end:
            break
    if len(dates) <= f.offset:
        return None
    full = len(dates) >= end
    first, last = dates[f.offset], dates[end - 1] if full else None
    return first, last, full, dates.index(first)


def _page_window_newest(
    conn: Connection, where: ColumnElement[bool], f: Filters
) -> tuple[ColumnElement[bool], int] | None:
    """``_page_window`` for the newest-first order: the date index read backwards.

    The date ranges are walked in reverse (days of the window, then its month, then its
    year) and undated events come last.
    """
    e = s.events
    segments = list(reversed(_date_segments(f)))
    walked = _page_dates(conn, where, f, segments, descending=True)
    if walked is None:
        return None
    # ``full``: the matches reach the page's end, so ``last`` is the page's last (oldest) date.
    first, last, full, skipped = walked
    if segments:
        assert first is not None
        spans = []
        for lo, hi in segments:
            hi = first if hi is None else min(hi, first)
            if full:
                assert last is not None
                lo = max(lo, last)
            if lo <= hi:
                spans.append(e.c.date.between(lo, hi))
        return or_(*spans), f.offset - skipped
    if first is None:
        return e.c.date.is_(None), f.offset - skipped
    newer = e.c.date <= first
    if not full or last is None:
        return or_(newer, e.c.date.is_(None)), f.offset - skipped
    return e.c.date.between(last, first), f.offset - skipped


def _records_select(where: ColumnElement[bool]) -> Select[Any]:
    """Rows for ``_records``: ``_EVENT_COLUMNS``, article name, outlet, sentence; ``where``."""
    e, a = s.events, s.articles
    sentence = func.substr(a.c.text, e.c.sentence_start + 1, e.c.sentence_end - e.c.sentence_start)
    return (
        select(
            *[e.c[name] for name in _EVENT_COLUMNS], a.c.doc, a.c.outlet, sentence.label("sentence")
        )
        .join(a, a.c.id == e.c.article_id)
        .where(where)
    )


_EVENT_COLUMNS = (
    "id",
    "article_id",
    "start",
    "end",
    "type",
    "mode",
    "status",
    "trigger",
    "date",
    "date_precision",
    "time_precision",
    "place_text",
    "place_name",
    "place_geonameid",
    "place_lat",
    "place_lon",
    "place_country",
    "place_admin1",
    "place_precision",
    "killed",
    "injured",
    "killed_approx",
    "injured_approx",
    "victim_sector",
    "claimant_text",
    "claimant_name",
    "claimant_country",
    "claimant_sector",
    "sentence_start",
    "sentence_end",
    "acled_event_type",
    "acled_sub_event_type",
    "incident",
)
"""The ``events`` columns an EventRecord is built from, in the order ``_record`` reads them."""

_EA = s.event_actors
_ROLES = (
    select(
        _EA.c.event_id,
        _EA.c.role,
        _EA.c.text,
        _EA.c.country,
        _EA.c.sector,
        _EA.c.name,
        _EA.c.grp,
        _EA.c.start,
        _EA.c.end,
        _EA.c.entity_id,
    )
    .where(_EA.c.event_id.in_(bindparam("ids", expanding=True)))
    .order_by(_EA.c.id)
)
"""Source and target actors of events, in the order they were stored (built once)."""


def _roles(conn: Connection, ids: Sequence[int]) -> dict[int, list[tuple[str, Actor]]]:
    roles: dict[int, list[tuple[str, Actor]]] = defaultdict(list)
    for chunk in s.in_chunks(ids):
        for event_id, role, text, country, sector, name, grp, start, end, entity in conn.execute(
            _ROLES, {"ids": list(chunk)}
        ):
            roles[event_id].append(
                (
                    role,
                    Actor(
                        text=text,
                        country=country,
                        sector=sector,
                        name=name,
                        group=grp,
                        start=start,
                        end=end,
                        entity=entity or "",
                    ),
                )
            )
    return roles


def _records(conn: Connection, rows: Sequence[Any]) -> list[EventRecord]:
    """EventRecords from rows of ``_records_select``, with their actors read in one query."""
    roles = _roles(conn, [r[0] for r in rows])
    out = []
    for r in rows:
        (
            event_id,
            article_id,
            start,
            end,
            type_,
            mode,
            status,
            trigger,
            date,
            date_precision,
            time_precision,
            place_text,
            place_name,
            place_geonameid,
            place_lat,
            place_lon,
            place_country,
            place_admin1,
            place_precision,
            killed,
            injured,
            killed_approx,
            injured_approx,
            victim_sector,
            claimant_text,
            claimant_name,
            claimant_country,
            claimant_sector,
            sentence_start,
            sentence_end,
            acled_event_type,
            acled_sub_event_type,
            incident,
            doc,
            outlet,
            sentence,
        ) = r
        place = None
        if place_name is not None:
            place = Place(
                text=place_text or "",
                name=place_name,
                geonameid=place_geonameid or 0,
                lat=place_lat,
                lon=place_lon,
                country=place_country or "",
                admin1=place_admin1 or "",
                precision=place_precision or "town",
            )
        claimant = None
        if claimant_text is not None:
            claimant = Actor(
                text=str(claimant_text),
                name=str(claimant_name or ""),
                country=str(claimant_country or ""),
                sector=str(claimant_sector or "UNK"),
            )
        actors = roles.get(event_id, [])
        event = Event(
            type=type_,
            start=start,
            end=end,
            trigger=trigger,
            mode=mode,
            status=status,
            source=[x for role, x in actors if role == "source"],
            target=[x for role, x in actors if role == "target"],
            date=date,
            date_precision=date_precision,
            time_precision=time_precision,
            place=place,
            casualties=Casualties(
                killed=killed,
                injured=injured,
                killed_approx=killed_approx,
                injured_approx=injured_approx,
                victim_sector=victim_sector,
            ),
            claimant=claimant,
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            acled_event_type=acled_event_type,
            acled_sub_event_type=acled_sub_event_type,
            incident=incident,
        )
        out.append(EventRecord(event_id, article_id, doc, event, sentence or "", outlet))
    return out


def event_records_where(
    store: Store, where: ColumnElement[bool], f: Filters = Filters(), *, newest_first: bool = False
) -> list[EventRecord]:
    """Event mentions meeting an SQL condition on ``events``/``articles``, paged by ``f``.

    In date order, or with ``newest_first`` latest first and undated last.
    """
    e, a = s.events, s.articles
    by_date = store.descending(e.c.date) if newest_first else store.ascending(e.c.date)
    with store.connect() as conn:
        # No page at that offset: an always-false condition keeps the one code path.
        span, offset = _page_window(conn, where, f, newest_first) or (false(), 0)
        stmt = _page(
            _records_select(where).where(span).order_by(by_date, a.c.doc, e.c.start),
            replace(f, offset=offset),
        )
        return _records(conn, list(conn.execute(stmt)))


_BY: dict[tuple[str, str, bool], Select[Any]] = {}


def event_records_by(
    store: Store, column: str, values: Sequence[Any], *, equal: bool = False
) -> list[EventRecord]:
    """``event_records_where(store, events.<column> IN values)``, from a statement built once.

    With ``equal``, ``values`` holds one value and the condition is ``events.<column> =``
    it. Incremental resolution reads mentions so after every article, where building the
    statement each time cost more than running it. The values are read 500 at a time,
    each chunk in the order ``event_records_where`` gives.
    """
    e, a = s.events, s.articles
    key = (store.engine.dialect.name, column, equal)
    stmt = _BY.get(key)
    if stmt is None:
        col = e.c[column]
        cond = col == bindparam("value") if equal else col.in_(bindparam("values", expanding=True))
        stmt = _records_select(cond).order_by(store.ascending(e.c.date), a.c.doc, e.c.start, e.c.id)
        _BY[key] = stmt
    with store.connect() as conn:
        if equal:
            (value,) = values
            return _records(conn, list(conn.execute(stmt, {"value": value})))
        out: list[EventRecord] = []
        for chunk in s.in_chunks(values):
            out += _records(conn, list(conn.execute(stmt, {"values": list(chunk)})))
        return out


def select_quotes(
    store: Store, f: Filters = Filters(), *, direct: bool | None = None, newest_first: bool = False
) -> list[QuoteRecord]:
    """Quotes matching ``f`` (dates filter on the statement's date).

    ``direct`` keeps direct (True) or reported (False) speech only; ``newest_first``
    lists the latest first and undated ones last.
    """
    stmt = _quotes_select(store, f, newest_first)
    if direct is not None:
        stmt = stmt.where(s.quotes.c.direct == direct)
    with store.connect() as conn:
        return [_quote_record(r) for r in conn.execute(_page(stmt, f))]


def count_quotes(store: Store, f: Filters = Filters(), *, direct: bool | None = None) -> int:
    """How many quotes ``select_quotes`` finds for ``f`` (its page ignored)."""
    q, a = s.quotes, s.articles
    cond = quote_condition(store, f)
    if direct is not None:
        cond = and_(cond, q.c.direct == direct)
    stmt = select(func.count()).select_from(q.join(a, a.c.id == q.c.article_id)).where(cond)
    with store.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def _quotes_select(store: Store, f: Filters, newest_first: bool = False) -> Select[Any]:
    """Quotes matching ``f`` in date order, with the window ``_quote_record`` reads (no page)."""
    q, a = s.quotes, s.articles
    by_date = store.descending(q.c.date) if newest_first else store.ascending(q.c.date)
    # The statement in context: a bounded window before the content (where the speaker
    # and cue usually stand) through its end, trimmed to sentence edges below.
    lo = case((q.c.start > CONTEXT_CHARS, q.c.start - CONTEXT_CHARS), else_=0)
    window = func.substr(a.c.text, lo + 1, q.c.end - lo + CONTEXT_CHARS)
    ent = s.entities
    return (
        select(
            q,
            a.c.doc,
            ent.c.name.label("entity_name"),
            lo.label("window_start"),
            window.label("window"),
        )
        .join(a, a.c.id == q.c.article_id)
        .outerjoin(ent, ent.c.id == q.c.entity_id)
        .where(quote_condition(store, f))
        .order_by(by_date, a.c.doc, q.c.start)
    )


def quote_condition(store: Store, f: Filters) -> ColumnElement[bool]:
    """The SQL condition on ``quotes``/``articles`` that ``select_quotes`` applies for ``f``."""
    q, a = s.quotes, s.articles
    conds: list[ColumnElement[bool]] = period_clause(store, q.c.date, f)
    if f.doc:
        conds.append(or_(store.like(a.c.doc, _like(f.doc)), a.c.id == f.doc))
    if f.speaker:
        pat = _like(f.speaker)
        # every spelling of a party a matching name belongs to ("Khatibzadeh" finds what
        # "the spokesman" said once he was named): its canonical entity
        q2, ent = s.quotes.alias("named"), s.entities
        spoke = select(q2.c.entity_id).where(
            q2.c.speaker.ilike(pat, escape="\\"), q2.c.entity_id.is_not(None)
        )
        entity_ids = spoke.union(select(ent.c.id).where(ent.c.name.ilike(pat, escape="\\")))
        conds.append(
            or_(
                q.c.speaker.ilike(pat, escape="\\"),
                q.c.speaker_text.ilike(pat, escape="\\"),
                q.c.entity_id.in_(entity_ids),
            )
        )
    if f.country:
        conds.append(q.c.speaker_country == f.country.upper())
    if f.text:
        conds.append(store.like(q.c.content, _like(f.text)))
    return and_(true(), *conds)


def _quote_record(r: Any) -> QuoteRecord:
    """A QuoteRecord from a row of ``_quotes_select``."""
    m = r._mapping
    speaker_actor = None
    if m["speaker_text"] is not None:
        speaker_actor = Actor(
            text=m["speaker_text"],
            country=m["speaker_country"] or "",
            sector=m["speaker_sector"] or "UNK",
            name=m["speaker"],
        )
    quote = Quote(
        speaker=m["speaker"],
        content=m["content"],
        content_start=m["start"],
        content_end=m["end"],
        direct=m["direct"],
        cue=m["cue"],
        cue_start=m["cue_start"],
        cue_end=m["cue_end"],
        speaker_actor=speaker_actor,
        speaker_start=m["speaker_start"],
        speaker_end=m["speaker_end"],
        date=m["date"],
        date_precision=m["date_precision"],
        relay=m["relay"] or "",
        speaker_entity=m["entity_id"] or "",
    )
    sentence = statement_context(m["window"] or "", m["window_start"], quote)
    return QuoteRecord(r.id, m["article_id"], m["doc"], quote, sentence, m["entity_name"] or "")


# --- Streaming reads, for exports of a whole store ------------------------------------


def stream_rows(store: Store, stmt: Select[Any], batch: int = 1000) -> Iterator[Sequence[Any]]:
    """The rows of ``stmt`` in batches, read as they are consumed (memory stays flat).

    The database streams the result (a server-side cursor on PostgreSQL), so a store
    of any size is read with one batch in memory at a time.
    """
    with store.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(stmt)
        yield from result.partitions()


def iter_event_records(
    store: Store, f: Filters = Filters(), batch: int = 1000
) -> Iterator[EventRecord]:
    """Every event mention matching ``f`` (its page ignored), in ``select_events``'s order.

    Ties in that order are broken by event id, so the same store gives the same sequence.
    """
    e, a = s.events, s.articles
    stmt = _records_select(event_condition(store, f)).order_by(
        store.ascending(e.c.date), a.c.doc, e.c.start, e.c.id
    )
    with store.connect() as conn:
        for rows in stream_rows(store, stmt, batch):
            yield from _records(conn, rows)


def iter_quote_records(
    store: Store, f: Filters = Filters(), batch: int = 1000
) -> Iterator[QuoteRecord]:
    """Every quote matching ``f`` (its page ignored), in ``select_quotes``'s order, then by id."""
    stmt = _quotes_select(store, f).order_by(s.quotes.c.id)
    for rows in stream_rows(store, stmt, batch):
        yield from (_quote_record(r) for r in rows)


def iter_article_records(
    store: Store, where: ColumnElement[bool], batch: int = 200
) -> Iterator[ArticleRecord]:
    """Every article meeting an SQL condition on ``articles``, by publication date, name, id."""
    a = s.articles
    n_events = select(func.count()).where(s.events.c.article_id == a.c.id).scalar_subquery()
    n_quotes = select(func.count()).where(s.quotes.c.article_id == a.c.id).scalar_subquery()
    stmt = (
        select(a, n_events.label("n_events"), n_quotes.label("n_quotes"))
        .where(where)
        .order_by(store.ascending(a.c.published), a.c.doc, a.c.id)
    )
    for rows in stream_rows(store, stmt, batch):
        for r in rows:
            yield ArticleRecord(
                article_from_row(r), r.n_events, r.n_quotes, r.processed_at, json.loads(r.versions)
            )


def article_info(store: Store, article_ids: Sequence[str]) -> dict[str, tuple[str | None, str]]:
    """Article id -> (processed_at, language), read 500 ids at a time."""
    a = s.articles
    out: dict[str, tuple[str | None, str]] = {}
    with store.connect() as conn:
        for chunk in s.in_chunks(list(article_ids)):
            stmt = select(a.c.id, a.c.processed_at, a.c.language).where(a.c.id.in_(list(chunk)))
            out.update({r.id: (r.processed_at, r.language) for r in conn.execute(stmt)})
    return out


def store_versions(store: Store) -> dict[str, list[str]]:
    """Every extractor (and the incident resolver) with the versions its stored records carry."""
    out: dict[str, set[str]] = defaultdict(set)
    with store.connect() as conn:
        for (versions,) in conn.execute(select(s.articles.c.versions).distinct()):
            for name, version in json.loads(versions or "{}").items():
                out[name].add(str(version))
        for (version,) in conn.execute(select(s.incidents.c.version).distinct()):
            out["incidents"].add(str(version))
    return {name: sorted(v) for name, v in sorted(out.items())}


def store_changed_at(store: Store) -> str | None:
    """When the store last changed: the latest article processing or incident update."""
    with store.connect() as conn:
        times = [
            conn.execute(select(func.max(col))).scalar()
            for col in (
                s.articles.c.ingested_at,
                s.articles.c.processed_at,
                s.incidents.c.updated_at,
                s.incident_overrides.c.created_at,
            )
        ]
    return max((t for t in times if t), default=None)


CONTEXT_CHARS = 400
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])|\n\s*\n")


def statement_context(window: str, window_start: int, quote: Quote) -> str:
    """The sentence(s) of ``window`` that hold the quote's speaker, cue and content."""
    starts = [x for x in (quote.speaker_start, quote.cue_start, quote.content_start) if x >= 0]
    ends = [x for x in (quote.speaker_end, quote.cue_end, quote.content_end) if x >= 0]
    lo = max(0, min(starts) - window_start)
    hi = min(len(window), max(ends) - window_start)
    begin = 0
    for m in _SENTENCE_END.finditer(window, 0, min(len(window), lo + 2)):
        if m.end() <= lo:
            begin = m.end()
    tail = _SENTENCE_END.search(window, max(0, hi - 1))
    end = tail.end() if tail else len(window)
    return window[begin:end].strip()
