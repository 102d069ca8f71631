"""Server-rendered pages: timeline, map, incident, article, actor, ceasefires, search."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

import pycountry
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sitroom import query
from sitroom.model import PLOVER_TYPES
from sitroom.resolve.query import get_incident, select_agreements
from sitroom.store import Store
from sitroom.web import queries
from sitroom.web.chart import colour, daily_chart
from sitroom.web.highlight import in_context, segments

router = APIRouter(include_in_schema=False)

# Negative offsets are read as 0; one past ``MAX_OFFSET`` is a bad request.
PageOffset = Annotated[int, Query(le=queries.MAX_OFFSET, description="Rows to skip.")]
PAGE_EVENTS = 100
"""Event mentions listed on one timeline page (the chart counts them all)."""


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) link, else None (no javascript: or data: links)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def country_name(code: str | None) -> str:
    """An ISO-3 code's country name, or the code itself."""
    if not code:
        return ""
    found = pycountry.countries.get(alpha_3=code.upper())
    return found.name if found else code


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["country"] = country_name
    env.globals["colour"] = colour
    return env


templates = Jinja2Templates(env=_environment())


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request: Request, limit: int | None = None, offset: int = 0) -> query.Filters:
    p = request.query_params
    type_ = (p.get("type") or "").upper()
    country = (p.get("country") or "").upper()
    return query.Filters(
        since=_date(p.get("since")),
        until=_date(p.get("until")),
        type=type_ if type_ in PLOVER_TYPES else None,
        country=country if len(country) == 3 and country.isalpha() else None,
        place=(p.get("place") or "")[:200] or None,
        limit=limit,
        offset=offset,
    )


def _form(f: query.Filters) -> dict[str, str]:
    return {
        "since": f.since.isoformat() if f.since else "",
        "until": f.until.isoformat() if f.until else "",
        "type": f.type or "",
        "country": f.country or "",
        "place": f.place or "",
    }


@router.get("/")
def home() -> RedirectResponse:
    """The timeline is the front page."""
    return RedirectResponse("/timeline", status_code=307)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, offset: PageOffset = 0) -> HTMLResponse:
    """Events and incidents by day, with a daily count chart by type."""
    store = _store(request)
    offset = max(offset, 0)
    f = _filters(request, PAGE_EVENTS, offset)
    counts = queries.daily_counts(store, f)
    events = query.select_events(store, f)
    days: OrderedDict[str, list[query.EventRecord]] = OrderedDict()
    for r in events:
        days.setdefault(r.event.date or "undated", []).append(r)
    incidents = queries.select_incident_page(
        store, query.Filters(**{**_form_filters(f), "limit": 100})
    )
    form = _form(f)
    more = None
    if len(events) == PAGE_EVENTS:
        kept = {k: v for k, v in form.items() if v}
        more = "?" + urlencode({**kept, "offset": offset + PAGE_EVENTS})
    return _render(
        request,
        "timeline.html",
        chart=daily_chart(counts),
        days=days,
        incidents=incidents,
        form=form,
        types=PLOVER_TYPES,
        more=more,
        total=queries.count_events(store, query.Filters(**_form_filters(f))),
    )


def _form_filters(f: query.Filters) -> dict[str, Any]:
    keys = ("since", "until", "type", "country", "place")
    return {k: getattr(f, k) for k in keys}


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """Located incidents on an offline basemap; markers sized by casualties, coloured by type."""
    f = _filters(request, 500)
    form = _form(f)
    incidents = queries.select_incident_page(_store(request), f, located=True)
    api = "/api/map?" + urlencode({**{k: v for k, v in form.items() if v}, "limit": 1000})
    return _render(
        request,
        "map.html",
        incidents=incidents,
        form=form,
        types=PLOVER_TYPES,
        api=api,
        tile_url=request.app.state.tile_url,
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request) -> HTMLResponse:
    """Every incident, filterable, contested ones marked."""
    f = _filters(request, 500)
    return _render(
        request,
        "incidents.html",
        incidents=queries.select_incident_page(_store(request), f),
        form=_form(f),
        types=PLOVER_TYPES,
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    """One incident: mentions in context, claims side by side, contested fields, sources."""
    store = _store(request)
    rec = get_incident(store, incident_id)
    if rec is None:
        raise HTTPException(404, "no such incident")
    texts: dict[str, Any] = {}
    for m in rec.mentions:
        if m.article_id not in texts:
            texts[m.article_id] = query.get_article(store, m.article_id)
    mentions = []
    for m in rec.mentions:
        article = texts[m.article_id]
        context = (
            in_context(
                article.text,
                (m.event.sentence_start, m.event.sentence_end),
                (m.event.start, m.event.end),
            )
            if article
            else []
        )
        mentions.append((m, context, rec.reasons.get(m.id, "")))
    sources = [a for a in texts.values() if a is not None]
    sources.sort(key=lambda a: (a.published or dt.date.min, a.doc))
    return _render(request, "incident.html", rec=rec, mentions=mentions, sources=sources)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, offset: PageOffset = 0) -> HTMLResponse:
    """Stored articles by publication date."""
    offset = max(offset, 0)
    records = query.select_articles(_store(request), query.Filters(limit=200, offset=offset))
    more = f"?offset={offset + 200}" if len(records) == 200 else None
    return _render(request, "articles.html", records=records, more=more)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """An article's text with everything sitroom extracted highlighted."""
    store = _store(request)
    article = query.get_article(store, article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    mentions = queries.article_mentions(store, article.id)
    kinds = sorted({m.kind for m in mentions})
    return _render(
        request,
        "article.html",
        article=article,
        pieces=segments(article.text, mentions),
        kinds=kinds,
        events=query.select_events(store, query.Filters(doc=article.id)),
        quotes=query.select_quotes(store, query.Filters(doc=article.id)),
    )


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request) -> HTMLResponse:
    """Actors by country code, most active first."""
    return _render(request, "actors.html", actors=queries.select_actors(_store(request), 300))


@router.get("/actors/{country}", response_class=HTMLResponse)
def actor_page(request: Request, country: str) -> HTMLResponse:
    """Statements by one country's actors and events involving them over time."""
    if not country.isalpha() or len(country) != 3:
        raise HTTPException(404, "an actor is named by its ISO-3 country code")
    code = country.upper()
    store = _store(request)
    f = query.Filters(country=code, limit=200)
    events = query.select_events(store, f)
    quotes = query.select_quotes(store, f)
    # One pass over the actor's events counts them per date and type for both the
    # chart (day-precision dates) and the monthly figures (every event).
    counts = queries.date_counts(store, query.Filters(country=code))
    by_month: OrderedDict[str, int] = OrderedDict()
    for c in counts:
        month = (c.day or "undated")[:7]
        by_month[month] = by_month.get(month, 0) + c.count
    if "undated" in by_month:
        by_month.move_to_end("undated", last=False)
    return _render(
        request,
        "actor.html",
        code=code,
        events=events,
        quotes=quotes,
        by_month=by_month,
        chart=daily_chart([c for c in counts if len(c.day) == 10]),
    )


@router.get("/ceasefires", response_class=HTMLResponse)
def ceasefires_page(request: Request) -> HTMLResponse:
    """Ceasefires and truces: parties, brokers, start times, reported violations."""
    return _render(request, "ceasefires.html", agreements=select_agreements(_store(request)))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", offset: PageOffset = 0) -> HTMLResponse:
    """Full-text search over articles."""
    q = q[:200]
    offset = max(offset, 0)
    hits = request.app.state.search.search(q, 50, offset) if q.strip() else []
    more = "?" + urlencode({"q": q, "offset": offset + 50}) if len(hits) == 50 else None
    return _render(request, "search.html", q=q, hits=hits, more=more)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI schema without third-party scripts."""
    schema = request.app.openapi()
    return _render(request, "api_docs.html", schema=schema)
