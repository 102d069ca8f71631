"""The JSON API under /api: read-only queries, and token-protected ingest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import json
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from sitroom import labels, query
from sitroom.cli.incidents import agreement_dict, incident_dict
from sitroom.export.records import article_dict, event_dict, quote_dict
from sitroom.model import PLOVER_TYPES
from sitroom.resolve.query import get_incident, select_agreements
from sitroom.store import Store
from sitroom.web import queries
from sitroom.web.chart import colour
from sitroom.web.models import (
    ActorOneOut,
    ActorSummaryOut,
    AgreementOut,
    ArticleFullOut,
    ArticleOut,
    DailyCountOut,
    EventOut,
    FeatureCollectionOut,
    IncidentFullOut,
    IncidentOut,
    Page,
    PlaceLabelsOut,
    QuoteOut,
    SearchHitOut,
)

router = APIRouter(prefix="/api", tags=["api"])

MAX_BODY_BYTES = 5_000_000
"""Largest POST /api/articles body accepted."""
MAX_RECORDS = 100
"""Most articles one POST may carry."""
_ingest_lock = threading.Lock()

Country = Annotated[
    str | None,
    Query(max_length=60, description="ISO-3 country code or country name: AZE, Azerbaijan."),
]


def country_code(value: str | None) -> str | None:
    """The ISO-3 code a ``country`` parameter names (code or name); 422 when none."""
    if not value:
        return None
    code = labels.country_code(value)
    if not code:
        raise HTTPException(
            422, f"unknown country {value!r}: give an ISO-3 code or a name (AZE, Azerbaijan)"
        )
    return code


Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=queries.MAX_OFFSET, description="Rows to skip.")]


def store_of(request: Request) -> Store:
    """The app's store."""
    return request.app.state.store  # type: ignore[no-any-return]


StoreDep = Annotated[Store, Depends(store_of)]


def selection_filters(
    since: dt.date | None = None,
    until: dt.date | None = None,
    type: Annotated[
        str | None, Query(max_length=40, description="PLOVER type or its word: ASSAULT, attack.")
    ] = None,
    country: Country = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    doc: Annotated[str | None, Query(max_length=200)] = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
    incident: Annotated[str | None, Query(max_length=64)] = None,
) -> query.Filters:
    """Filters shared by events, incidents, the map and exports (the CLI's options), no page."""
    code = labels.type_code(type) if type else ""
    if type and not code:
        raise HTTPException(422, f"unknown event type {type!r}; one of {', '.join(PLOVER_TYPES)}")
    if since and until and since > until:
        raise HTTPException(422, f"since ({since}) is after until ({until}): nothing can match")
    return query.Filters(
        since=since,
        until=until,
        type=code or None,
        country=country_code(country),
        place=place or None,
        doc=doc or None,
        text=text or None,
        incident=incident or None,
    )


def event_filters(
    f: Annotated[query.Filters, Depends(selection_filters)],
    limit: Limit = 100,
    offset: Offset = 0,
) -> query.Filters:
    """The selection filters with a page."""
    return dataclasses.replace(f, limit=limit, offset=offset)


EventFilters = Annotated[query.Filters, Depends(event_filters)]


def page(items: list[dict[str, Any]], f: query.Filters, total: int | None = None) -> dict[str, Any]:
    """A page of results with the offset of the next page (None on the last), and the
    number of matches in all when it was asked for."""
    limit = f.limit or len(items)
    full = len(items) >= limit
    out: dict[str, Any] = {
        "items": items,
        "limit": limit,
        "offset": f.offset,
        "next_offset": f.offset + limit if full else None,
    }
    if total is not None:
        out["total"] = total
    return out


WithTotal = Annotated[
    bool,
    Query(
        description="Also count every match (the answer's total); it costs a second query, "
        "so it is off unless asked for."
    ),
]


def _unpaged(f: query.Filters) -> query.Filters:
    return dataclasses.replace(f, limit=None, offset=0)


@router.get(
    "/articles", summary="Articles with their metadata and counts", response_model=Page[ArticleOut]
)
def list_articles(
    store: StoreDep,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: Country = None,
    doc: Annotated[str | None, Query(max_length=200)] = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles, filtered by publication date, country involved, name or text."""
    f = query.Filters(
        since=since,
        until=until,
        country=country_code(country),
        doc=doc,
        text=text,
        limit=limit,
        offset=offset,
    )
    return page([article_dict(r) for r in query.select_articles(store, f)], f)


@router.get(
    "/articles/{article_id}",
    summary="One article with its text and extracted spans",
    response_model=ArticleFullOut,
)
def one_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    """An article's metadata, analysed text, and every span extracted from it."""
    article = query.get_article(store, article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    records = query.select_articles(store, query.Filters(doc=article.doc))
    rec = next((r for r in records if r.article.id == article.id), None)
    meta = article_dict(rec) if rec else {"id": article.id, "doc": article.doc}
    meta["text"] = article.text
    meta["mentions"] = [
        {"kind": m.kind, "span": [m.start, m.end], "label": m.label}
        for m in queries.article_mentions(store, article.id)
    ]
    return meta


def _token_ok(request: Request) -> None:
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "the API is read-only: start the server with SITROOM_TOKEN set")
    given = request.headers.get("x-sitroom-token", "")
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong token")


async def _read_json(request: Request) -> Any:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        raise HTTPException(415, "send application/json")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(413, f"body over {MAX_BODY_BYTES} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise HTTPException(413, f"body over {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(body.decode("utf-8"))
    except RecursionError:
        raise HTTPException(400, "malformed JSON: nested too deeply") from None
    except ValueError as exc:  # also bad UTF-8, and a number over 4,300 digits
        raise HTTPException(400, f"malformed JSON: {str(exc).split(';')[0]}") from exc


@router.post(
    "/articles",
    summary="Ingest articles (needs SITROOM_TOKEN)",
    status_code=201,
    responses={401: {}, 403: {}, 413: {}, 415: {}, 422: {}},
)
async def post_articles(request: Request) -> JSONResponse:
    """Ingest one JSON article object or a list (fields: text, title, url, published, outlet)."""
    _token_ok(request)
    data = await _read_json(request)
    records = data if isinstance(data, list) else [data]
    if not records or len(records) > MAX_RECORDS:
        raise HTTPException(422, f"send 1 to {MAX_RECORDS} article objects")
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(_ingest_records, request, records)
    return JSONResponse(result, status_code=201 if result["stored"] else 422)


def _ingest_records(request: Request, records: list[Any]) -> dict[str, Any]:
    from sitroom.ingest.build import build_article
    from sitroom.ingest.readers import json_record
    from sitroom.ingest.records import IngestFailure, RawDocument
    from sitroom.model import Article
    from sitroom.process import ingest
    from sitroom.resolve.incidents import resolve_incidents

    settings = request.app.state.settings
    store = request.app.state.store
    built = []
    for i, record in enumerate(records, start=1):
        try:
            raw = json.dumps(record, ensure_ascii=False)
            found = json_record(record, "api", i, "POST /api/articles", raw, settings)
        except RecursionError:
            found = IngestFailure(f"POST /api/articles:{i}", "nested too deeply")
        built.append(build_article(found, settings) if isinstance(found, RawDocument) else found)
    ids = [a.id for a in built if isinstance(a, Article)]
    if not ids:
        # Nothing to analyse: answer without loading the NLP pipeline.
        failed = [{"source": f.source, "reason": f.reason} for f in built]  # type: ignore[union-attr]
        return {"ids": [], "new": 0, "unchanged": 0, "stored": 0, "failed": failed}
    # One ingest at a time: spaCy and the incident pass are not built for concurrency.
    # A request's few articles are parsed here, not in forked parse processes: a server's
    # threads are no place to fork from.
    with _ingest_lock:
        summary = ingest([], store, settings.replace(workers=0), inputs=iter(built))
        if summary.stored:
            resolve_incidents(store)
    return {
        "ids": ids,
        "new": summary.new,
        "unchanged": summary.unchanged,
        "stored": summary.stored,
        "failed": [{"source": f.source, "reason": f.reason} for f in summary.failed],
    }


@router.get("/events", summary="Event mentions", response_model=Page[EventOut])
def list_events(store: StoreDep, f: EventFilters, total: WithTotal = False) -> dict[str, Any]:
    """Event mentions by date, with actors, place, casualties, claimant and source sentence."""
    n = queries.count_events(store, _unpaged(f)) if total else None
    return page([event_dict(r) for r in query.select_events(store, f)], f, n)


@router.get(
    "/events/daily", summary="Event mentions per day and type", response_model=Page[DailyCountOut]
)
def daily(store: StoreDep, f: EventFilters) -> dict[str, Any]:
    """Counts of day-precision event mentions per day and type, paged like every list."""
    rows = queries.daily_counts(store, f)
    end = None if f.limit is None else f.offset + f.limit
    return page([{"day": c.day, "type": c.type, "count": c.count} for c in rows[f.offset : end]], f)


@router.get("/incidents", summary="Incidents across articles", response_model=Page[IncidentOut])
def list_incidents(
    store: StoreDep, f: EventFilters, contested: bool = False, total: WithTotal = False
) -> dict[str, Any]:
    """Incidents with figures across claimants; ``contested`` keeps disputed ones only."""
    rows = queries.select_incident_page(store, f, contested)
    n = queries.count_incidents(store, _unpaged(f), contested) if total else None
    return page([incident_dict(r) for r in rows], f, n)


@router.get(
    "/incidents/{incident_id}",
    summary="One incident with mentions and claims",
    response_model=IncidentFullOut,
)
def one_incident(store: StoreDep, incident_id: str) -> dict[str, Any]:
    """An incident with every mention, why it joined, and each claimant's figures."""
    rec = get_incident(store, incident_id)
    if rec is None:
        raise HTTPException(404, "no such incident")
    out = incident_dict(rec)
    # The words the pages show, beside the codes: its name, actors and claimants.
    out["name"] = labels.incident_name(
        rec.type, rec.mode, rec.place, rec.date, countries=rec.countries
    )
    actors: dict[str, str] = {}
    for m in rec.mentions:
        ps = labels.parties(m.event.source, m.event.target, m.event.mode)
        for party in ps.sources + ps.targets:
            actors.setdefault(party.label, party.code)
    out["actor_labels"] = list(actors)
    out["claimant_labels"] = [
        labels.claimant_label(c.claimant, c.country, c.sector)
        + (f" ({c.killed} killed)" if c.killed is not None else "")
        for c in rec.claims
    ]
    out["outlets"] = list(dict.fromkeys(m.outlet or m.doc for m in rec.mentions))
    return out


@router.get(
    "/map", summary="Incidents with coordinates as GeoJSON", response_model=FeatureCollectionOut
)
def map_features(store: StoreDep, f: EventFilters, contested: bool = False) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of located incidents, for the map, with each one's name
    and the precision of its place (a country-level point is no town)."""
    features = []
    rows = queries.select_incident_page(store, f, contested, located=True)
    precisions = queries.incident_place_precisions(store, [r.id for r in rows])
    for r in rows:
        if r.lat is None or r.lon is None:
            continue
        precision = precisions.get(r.id, "")
        features.append(
            {
                "type": "Feature",
                "id": r.id,
                "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                "properties": {
                    "id": r.id,
                    "type": r.type,
                    "mode": r.mode,
                    "date": r.date,
                    "place": r.place,
                    "killed": r.killed.best,
                    "injured": r.injured.best,
                    "mentions": r.n_mentions,
                    "contested": r.contested,
                    "colour": colour(r.type),
                    "url": f"/incidents/{r.id}",
                    "name": labels.incident_name(
                        r.type, r.mode, r.place, r.date, precision, countries=r.countries
                    ),
                    "kind": labels.event_kind(r.type, r.mode),
                    "place_label": labels.place_label(
                        r.place, r.place_admin1, r.place_country, precision
                    ),
                    "precision": precision,
                    "countries": [labels.country_label(c) for c in r.countries],
                    "contested_words": labels.contested_label(r.contested),
                    "sources": r.n_sources,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@router.get(
    "/map/places",
    summary="Place names to print on the map in a view",
    response_model=PlaceLabelsOut,
)
def map_places(
    request: Request,
    south: Annotated[float, Query(ge=-90, le=90)],
    west: Annotated[float, Query(ge=-540, le=540)],
    north: Annotated[float, Query(ge=-90, le=90)],
    east: Annotated[float, Query(ge=-540, le=540)],
    zoom: Annotated[int, Query(ge=0, le=20)] = 5,
    limit: Annotated[int, Query(ge=1, le=200)] = 60,
) -> dict[str, Any]:
    """The gazetteer's most populous towns (and regions at middle zooms) in a view."""

    def wrap(lon: float) -> float:
        return (lon + 180) % 360 - 180

    if east - west >= 360:
        west, east = -180.0, 180.0
    else:
        west, east = wrap(west), wrap(east)
    found = request.app.state.place_labels.in_view(south, west, north, east, zoom, limit)
    return {
        "items": [
            {
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "kind": p.kind,
                "population": p.population,
                "admin1": p.admin1,
                "country": labels.country_label(p.country),
            }
            for p in found
        ]
    }


@router.get("/quotes", summary="Quotes and reported statements", response_model=Page[QuoteOut])
def list_quotes(
    store: StoreDep,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: Country = None,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    doc: Annotated[str | None, Query(max_length=200)] = None,
    text: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    total: WithTotal = False,
) -> dict[str, Any]:
    """Statements by date, filtered by speaker, speaker's country or content."""
    f = query.Filters(
        since=since,
        until=until,
        country=country_code(country),
        speaker=speaker,
        doc=doc,
        text=text,
        limit=limit,
        offset=offset,
    )
    n = query.count_quotes(store, _unpaged(f)) if total else None
    return page([quote_dict(r) for r in query.select_quotes(store, f)], f, n)


@router.get("/actors", summary="Actors by country code", response_model=Page[ActorSummaryOut])
def list_actors(store: StoreDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Country-coded actors, most active first, with their names and counts."""
    rows = queries.select_actors(store, limit, offset)
    items = [
        {"country": a.country, "names": a.names, "events": a.events, "quotes": a.quotes}
        for a in rows
    ]
    return page(items, query.Filters(limit=limit, offset=offset))


@router.get(
    "/actors/{country}",
    summary="One actor: events involving it and its statements",
    response_model=ActorOneOut,
)
def one_actor(
    store: StoreDep,
    country: str,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events involving a country's actors and statements by them, by date."""
    code = labels.country_code(country)
    if not code:
        raise HTTPException(
            404, f"no country {country!r}: name one by its ISO-3 code or name (AZE, Azerbaijan)"
        )
    f = query.Filters(country=code, limit=limit, offset=offset)
    return {
        "country": code,
        "name": labels.country_label(code),
        "events": [event_dict(r) for r in query.select_events(store, f)],
        "quotes": [quote_dict(r) for r in query.select_quotes(store, f)],
        "limit": limit,
        "offset": offset,
    }


@router.get(
    "/ceasefires",
    summary="Ceasefires with brokers, start times and violations",
    response_model=Page[AgreementOut],
)
def ceasefires(store: StoreDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Ceasefires and truces, newest first, with parties, brokers, start and violations."""
    rows = select_agreements(store)
    rows.sort(key=lambda a: (a.agreed is not None, a.agreed or ""), reverse=True)
    f = query.Filters(limit=limit, offset=offset)
    return page([agreement_dict(a) for a in rows[offset : offset + limit]], f)


@router.get("/search", summary="Full-text search over articles", response_model=Page[SearchHitOut])
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles containing every word of ``q`` (SQLite FTS5), best first, with snippets."""
    hits = request.app.state.search.search(q, limit, offset)
    items = [
        {
            "id": h.article_id,
            "doc": h.doc,
            "title": h.title,
            "published": h.published,
            "snippet": "".join(t for t, _ in h.snippet),
            "matches": [t for t, hit in h.snippet if hit],
        }
        for h in hits
    ]
    return page(items, query.Filters(limit=limit, offset=offset))
