"""Server-rendered pages: timeline, map, incident, article, actor, ceasefires, search."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sitroom import ceasefire_words, labels, query
from sitroom.model import PLOVER_TYPES
from sitroom.resolve.claims import collect_claims
from sitroom.resolve.query import IncidentRecord, get_incident, select_agreements
from sitroom.store import Store
from sitroom.web import positions, queries
from sitroom.web.chart import colour, count_chart
from sitroom.web.forms import FilterForm, read_filters, read_quote_filters
from sitroom.web.highlight import in_context, segments
from sitroom.web.join_words import join_reason_words

router = APIRouter(include_in_schema=False)


def incident_names(
    incidents: list[IncidentRecord], precisions: dict[str, str] | None = None
) -> dict[str, str]:
    """Incident id -> its name in a list of ``incidents``, told apart where two share one."""
    precisions = precisions or {}
    return labels.distinct_names(
        [
            (
                i.id,
                labels.incident_name(
                    i.type, i.mode, i.place, i.date, precisions.get(i.id, ""), i.countries
                ),
            )
            for i in incidents
        ]
    )


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


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["country"] = labels.country_label
    env.globals["colour"] = colour
    env.globals["instant_label"] = ceasefire_words.instant_label
    env.globals["violation_words"] = ceasefire_words.violation_words
    # Every code reaches the page through sitroom.labels, as it reaches the CLI.
    for name in (
        "actor_code",
        "actor_label",
        "agreement_name",
        "article_title",
        "claimant_label",
        "contested_label",
        "date_label",
        "event_kind",
        "incident_name",
        "kind_code",
        "parties",
        "place_label",
        "type_label",
    ):
        env.globals[name] = getattr(labels, name)
    env.globals["incident_names"] = incident_names
    env.globals["status_words"] = labels.STATUS_WORDS
    env.globals["precision_words"] = labels.PRECISION_WORDS
    env.globals["date_precision_words"] = labels.DATE_PRECISION_WORDS
    env.globals["sector_words"] = labels.SECTOR_WORDS
    return env


templates = Jinja2Templates(env=_environment())


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    """An HTML page for an error on a page route (the API answers JSON)."""
    return _render(request, "error.html", status=status, code=status, detail=detail)


def _downloads(form: FilterForm, level: str) -> list[tuple[str, str, str]]:
    """(label, URL, hover text) of the files holding what a filtered list shows."""
    if level == "mention":
        return [
            (
                "CSV",
                "/api/export/acled-csv?" + form.api_query(level="mention"),
                "ACLED-style CSV: mentions with a date and an ACLED category",
            ),
            (
                "JSON",
                "/api/export/plover-json?" + form.api_query(),
                "PLOVER JSON lines, one event mention per line",
            ),
            ("GeoJSON", "/api/export/geojson?" + form.api_query(level="mention"), "located"),
        ]
    out = [
        (
            "CSV",
            "/api/export/acled-csv?" + form.api_query(),
            "ACLED-style CSV: incidents with a date and an ACLED category",
        ),
        (
            "JSON",
            "/api/incidents?" + form.api_query(contested=form.contested or None, limit=1000),
            "JSON from the API, up to 1,000 incidents",
        ),
        ("GeoJSON", "/api/export/geojson?" + form.api_query(), "located incidents"),
    ]
    if form.contested:
        # The exports take the selection filters only; the JSON API knows "contested".
        out = [d for d in out if d[0] == "JSON"]
    return out


def _bad_filters(request: Request, name: str, form: FilterForm, **context: Any) -> HTMLResponse:
    """The page with its form and what was not understood, and no records (422)."""
    return _render(request, name, status=422, form=form, types=PLOVER_TYPES, **context)


@router.api_route("/", methods=["GET", "HEAD"])
def home() -> RedirectResponse:
    """The timeline is the front page."""
    return RedirectResponse("/timeline", status_code=307)


@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, offset: PageOffset = 0) -> HTMLResponse:
    """Incidents over time (the chart), and event mentions newest first with sentences."""
    store = _store(request)
    offset = max(offset, 0)
    form = read_filters(request.query_params, PAGE_EVENTS, offset)
    if form.problems:
        return _bad_filters(request, "timeline.html", form, days={}, incidents=[])
    f = form.filters
    unpaged = dataclasses.replace(f, limit=None, offset=0)
    events = query.select_events(store, f, newest_first=True)
    days: OrderedDict[str, list[query.EventRecord]] = OrderedDict()
    for r in events:
        days.setdefault(r.event.date or "", []).append(r)
    more, earlier = form.page_links(offset, len(events), PAGE_EVENTS)
    latest = queries.select_incident_page(
        store, dataclasses.replace(unpaged, limit=50), newest_first=True
    )
    return _render(
        request,
        "timeline.html",
        chart=count_chart(
            queries.incident_date_counts(store, unpaged), since=f.since, until=f.until
        ),
        days=days,
        incidents=latest,
        precisions=queries.incident_place_precisions(store, [i.id for i in latest]),
        n_incidents=queries.count_incidents(store, unpaged),
        form=form,
        types=PLOVER_TYPES,
        more=more,
        earlier=earlier,
        offset=offset,
        total=queries.count_events(store, unpaged),
        downloads=_downloads(form, "mention"),
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """Located incidents on an offline basemap; markers sized by casualties, coloured by type."""
    form = read_filters(request.query_params, 500)
    if form.problems:
        return _bad_filters(
            request, "map.html", form, incidents=[], api="", tile_url="", contested_filter=True
        )
    incidents = queries.select_incident_page(
        _store(request), form.filters, form.contested, located=True, newest_first=True
    )
    api = "/api/map?" + form.api_query(contested=form.contested or None, limit=1000)
    f = form.filters
    counts = queries.incident_date_counts(
        _store(request), dataclasses.replace(f, limit=None), form.contested, located=True
    )
    return _render(
        request,
        "map.html",
        incidents=incidents,
        precisions=queries.incident_place_precisions(_store(request), [i.id for i in incidents]),
        form=form,
        types=PLOVER_TYPES,
        contested_filter=True,
        api=api,
        chart=count_chart(counts, height=80, since=f.since, until=f.until),
        tile_url=request.app.state.tile_url,
        downloads=_downloads(form, "incident"),
    )


PAGE_INCIDENTS = 100
"""Incidents listed on one page of the incidents table."""


def incident_rows(store: Store, incidents: list[IncidentRecord]) -> list[dict[str, Any]]:
    """Each incident with the actors and claimants of its mentions, read in one query."""
    mentions = query.event_records_by(store, "incident", [i.id for i in incidents])
    by_incident: dict[str, list[query.EventRecord]] = {}
    for m in mentions:
        by_incident.setdefault(m.event.incident, []).append(m)
    rows = []
    for inc in incidents:
        ms = by_incident.get(inc.id, [])
        actors: dict[str, str] = {}
        for m in ms:
            ps = labels.parties(m.event.source, m.event.target, m.event.mode)
            for p in ps.sources + ps.targets:
                actors.setdefault(p.label, p.code)
        claims = [
            {
                "label": labels.claimant_label(c.claimant, c.country, c.sector),
                "code": f"{c.country or '?'}/{c.sector or '?'}",
            }
            for c in collect_claims(ms)
        ]
        places = [m.event.place for m in ms if m.event.place is not None]
        precision = next((p.precision for p in places if p.name == inc.place), "")
        rows.append({"incident": inc, "actors": actors, "claims": claims, "precision": precision})
    return rows


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, offset: PageOffset = 0) -> HTMLResponse:
    """Incidents newest first in a sortable table: actors, claimants, figures, sources."""
    store = _store(request)
    offset = max(offset, 0)
    form = read_filters(request.query_params, PAGE_INCIDENTS, offset)
    if form.problems:
        return _bad_filters(
            request, "incidents.html", form, rows=[], total=0, contested_filter=True
        )
    page = queries.select_incident_page(store, form.filters, form.contested, newest_first=True)
    more, earlier = form.page_links(offset, len(page), PAGE_INCIDENTS)
    return _render(
        request,
        "incidents.html",
        rows=incident_rows(store, page),
        total=queries.count_incidents(
            store, dataclasses.replace(form.filters, limit=None, offset=0), form.contested
        ),
        offset=offset,
        form=form,
        types=PLOVER_TYPES,
        contested_filter=True,
        more=more,
        earlier=earlier,
        downloads=_downloads(form, "incident"),
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    """One incident: mentions in context, claims side by side, contested fields, sources."""
    store = _store(request)
    rec = get_incident(store, incident_id)
    if rec is None:
        raise HTTPException(404, f"No incident {incident_id!r}: it may have been merged or split.")
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
    titles = {a.id: labels.article_title(a.title, a.text, a.doc) for a in sources}
    names = {
        m.id: f"Mention {k} ({m.outlet or titles.get(m.article_id, 'article')})"
        for k, m in enumerate(rec.mentions, 1)
    }
    # Why each mention joined, in words that name the mention it joined.
    by_key = {f"{m.article_id}:{m.event.start}:{m.event.type}": names[m.id] for m in rec.mentions}
    mentions = [
        (m, context, reason, join_reason_words(reason, by_key) if reason else None)
        for m, context, reason in mentions
    ]
    places = [m.event.place for m in rec.mentions if m.event.place is not None]
    acled = sorted(
        {
            " › ".join(x for x in (m.event.acled_event_type, m.event.acled_sub_event_type) if x)
            for m in rec.mentions
            if m.event.acled_event_type
        }
    )
    return _render(
        request,
        "incident.html",
        rec=rec,
        mentions=mentions,
        sources=sources,
        precision=next((p.precision for p in places if p.name == rec.place), ""),
        acled="; ".join(acled),
        mention_names=names,
        article_titles=titles,
        relays=queries.claim_relays(store, rec.mentions),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, offset: PageOffset = 0) -> HTMLResponse:
    """Stored articles, newest first (undated last)."""
    offset = max(offset, 0)
    records = query.select_articles(
        _store(request), query.Filters(limit=200, offset=offset), newest_first=True
    )
    more = f"?offset={offset + 200}" if len(records) == 200 else None
    return _render(request, "articles.html", records=records, more=more)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    """An article's text with everything sitroom extracted highlighted."""
    store = _store(request)
    article = query.get_article(store, article_id)
    if article is None:
        raise HTTPException(404, f"No article {article_id!r} in this store.")
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
    store = _store(request)
    return _render(
        request,
        "actors.html",
        actors=queries.select_actors(store, 300),
        named=queries.select_named_actors(store, 300),
    )


@router.get("/actors/{country}", response_class=HTMLResponse)
def actor_page(request: Request, country: str) -> HTMLResponse:
    """A country's statements and the events involving it, newest first, with a chart of
    the incidents it is part of."""
    code = labels.country_code(country)
    if not code:
        raise HTTPException(404, f"No country {country!r}: name one by its name or ISO-3 code.")
    if code != country:
        return RedirectResponse(f"/actors/{code}", status_code=307)  # type: ignore[return-value]
    store = _store(request)
    f = query.Filters(country=code, limit=200)
    events = query.select_events(store, f, newest_first=True)
    quotes = query.select_quotes(store, f)
    quotes.sort(key=lambda r: (r.quote.date is not None, r.quote.date or ""), reverse=True)
    everything = query.Filters(country=code)
    return _render(
        request,
        "actor.html",
        code=code,
        events=events,
        quotes=quotes,
        n_events=queries.actor_event_count(store, country=code),
        n_incidents=queries.count_incidents(store, everything),
        chart=count_chart(queries.incident_date_counts(store, everything)),
        brush_url=f"/timeline?country={code}",
        **_positions(store, labels.country_label(code).capitalize(), country=code),
    )


def _positions(
    store: Store, actor: str, country: str | None = None, name: str | None = None
) -> dict[str, Any]:
    """The positions section of an actor page: summary, dot chart, latest sentences."""
    found = positions.positions(
        queries.position_counts(store, labels.POSITION_TYPES, country=country, name=name)
    )
    events = queries.position_events(store, labels.POSITION_TYPES, country=country, name=name)
    return {
        "position_summary": positions.summary(actor, found),
        "position_chart": positions.position_chart(found),
        "position_events": [r for r in events if labels.position_verb(r.event.type, r.event.mode)][
            :30
        ],
    }


@router.get("/actors/named/{name}", response_class=HTMLResponse)
def named_actor_page(request: Request, name: str) -> HTMLResponse:
    """A person or institution: positions over time, statements and events naming it."""
    store = _store(request)
    name = name[:200]
    # every spelling of the party ("Khatibzadeh", "the spokesman" once he is named, the
    # Armenian Ministry of Defense as Armenia's Defence Ministry): its canonical entity
    entities = queries.speaker_entities(store, name)
    quotes = query.select_quotes(store, query.Filters(speaker=name, limit=400), newest_first=True)
    quotes = [r for r in quotes if r.quote.speaker == name or r.quote.speaker_entity in entities][
        :101
    ]
    n_events = queries.actor_event_count(store, name=name)
    if not quotes and not n_events:
        raise HTTPException(404, f"No person or institution named {name!r} in this store.")
    events = queries.named_events(store, name, limit=100)
    countries = [
        a.country for r in events for a in r.event.source + r.event.target if a.name == name
    ]
    countries += [r.quote.speaker_actor.country for r in quotes if r.quote.speaker_actor]
    country = max(set(countries) - {""}, key=countries.count, default="")
    return _render(
        request,
        "named_actor.html",
        actor_name=name,
        country=country,
        quotes=quotes[:100],
        more_quotes=len(quotes) > 100,
        events=events,
        n_statements=queries.speaker_quote_count(store, name, entities),
        spellings=[n for n in queries.entity_spellings(store, entities) if n != name],
        n_events=n_events,
        **_positions(store, name, name=name),
    )


PAGE_QUOTES = 100
"""Statements listed on one page."""


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, offset: PageOffset = 0) -> HTMLResponse:
    """Statements newest first, by speaker, country, date, words, direct or reported."""
    store = _store(request)
    offset = max(offset, 0)
    form, direct = read_quote_filters(request.query_params, PAGE_QUOTES, offset)
    if form.problems:
        return _bad_filters(request, "quotes.html", form, quotes=[], total=0)
    quotes = query.select_quotes(store, form.filters, direct=direct, newest_first=True)
    more, earlier = form.page_links(offset, len(quotes), PAGE_QUOTES)
    unpaged = dataclasses.replace(form.filters, limit=None, offset=0)
    return _render(
        request,
        "quotes.html",
        form=form,
        quotes=quotes,
        total=query.count_quotes(store, unpaged, direct=direct),
        offset=offset,
        more=more,
        earlier=earlier,
    )


@router.get("/ceasefires", response_class=HTMLResponse)
def ceasefires_page(request: Request) -> HTMLResponse:
    """Ceasefires and truces: parties, brokers, start times, reported violations."""
    store = _store(request)
    agreements = select_agreements(store)
    # Newest first; an agreement whose date is unknown last.
    agreements.sort(key=lambda a: (a.agreed is not None, a.agreed or ""), reverse=True)
    # Reports without an outlet are named by their title.
    untitled = {m.article_id for a in agreements for m in a.sources if not m.outlet}
    titles = {}
    for article_id in untitled:
        article = query.get_article(store, article_id)
        if article is not None:
            titles[article_id] = labels.article_title(article.title, article.text, article.doc)
    return _render(
        request,
        "ceasefires.html",
        agreements=agreements,
        sources={a.id: ceasefire_words.source_links(a.sources, titles) for a in agreements},
    )


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
