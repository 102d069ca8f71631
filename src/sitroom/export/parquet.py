"""The record as typed Parquet tables (events, incidents, claims, quotes, articles).

One file per table in a directory, joinable on ids: ``events.incident`` ->
``incidents.id``, ``claims.incident_id`` -> ``incidents.id``, ``events.article_id``
and ``quotes.article_id`` -> ``articles.id``. The filters choose the events and
quotes (as ``sitroom events`` and ``sitroom quotes`` do); the incidents are those the
chosen events belong to, with all of their claims, and the articles those the
chosen events and quotes come from, so every id resolves. Tables are written a row
group at a time (memory stays flat); the provenance is in each file's key-value
metadata under ``sitroom`` and in ``provenance.json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import or_, select

from sitroom.export.acled import event_date
from sitroom.export.provenance import Provenance
from sitroom.export.records import article_dict, event_dict, figure_columns, quote_dict
from sitroom.export.select import iter_incidents
from sitroom.query import (
    ArticleRecord,
    EventRecord,
    Filters,
    QuoteRecord,
    event_condition,
    iter_article_records,
    iter_event_records,
    iter_quote_records,
    quote_condition,
)
from sitroom.resolve.query import IncidentRecord
from sitroom.store import Store
from sitroom.store import schema as s

ROW_GROUP = 10_000
"""Rows buffered before a row group is written."""

_ACTOR = pa.struct(
    [
        ("text", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("group", pa.string()),
    ]
)
# Parquet stores milliseconds at the coarsest, and names a list's items "element".
_UTC = pa.timestamp("ms", tz="UTC")


def _list(item: pa.DataType) -> pa.DataType:
    return pa.list_(pa.field("element", item))


EVENTS = pa.schema(
    [
        ("id", pa.int64()),
        ("article_id", pa.string()),
        ("doc", pa.string()),
        ("outlet", pa.string()),
        ("incident", pa.string()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("status", pa.string()),
        ("trigger", pa.string()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("event_date", pa.date32()),
        ("time_precision", pa.int8()),
        ("source", _list(_ACTOR)),
        ("target", _list(_ACTOR)),
        ("place", pa.string()),
        ("place_text", pa.string()),
        ("geonameid", pa.int64()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("precision", pa.string()),
        ("killed", pa.int32()),
        ("injured", pa.int32()),
        ("killed_approx", pa.bool_()),
        ("injured_approx", pa.bool_()),
        ("victim_sector", pa.string()),
        ("claimant", _ACTOR),
        ("acled_event_type", pa.string()),
        ("acled_sub_event_type", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("sentence_start", pa.int32()),
        ("sentence_end", pa.int32()),
        ("sentence", pa.string()),
    ]
)
INCIDENTS = pa.schema(
    [
        ("id", pa.string()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("status", pa.string()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("event_date", pa.date32()),
        ("place", pa.string()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("killed_low", pa.int32()),
        ("killed_best", pa.int32()),
        ("killed_high", pa.int32()),
        ("injured_low", pa.int32()),
        ("injured_best", pa.int32()),
        ("injured_high", pa.int32()),
        ("contested", _list(pa.string())),
        ("countries", _list(pa.string())),
        ("n_mentions", pa.int32()),
        ("n_articles", pa.int32()),
        ("n_sources", pa.int32()),
        ("updated_at", _UTC),
    ]
)
CLAIMS = pa.schema(
    [
        ("incident_id", pa.string()),
        ("claimant", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("killed", pa.int32()),
        ("injured", pa.int32()),
        ("victim_sectors", _list(pa.string())),
        ("blames", _list(pa.string())),
        ("denies", pa.bool_()),
        ("statuses", _list(pa.string())),
        ("event_ids", _list(pa.int64())),
        ("article_ids", _list(pa.string())),
    ]
)
QUOTES = pa.schema(
    [
        ("id", pa.int64()),
        ("article_id", pa.string()),
        ("doc", pa.string()),
        ("speaker", pa.string()),
        ("speaker_actor", _ACTOR),
        ("entity_id", pa.string()),
        ("entity", pa.string()),
        ("relay", pa.string()),
        ("direct", pa.bool_()),
        ("cue", pa.string()),
        ("content", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("event_date", pa.date32()),
        ("sentence", pa.string()),
    ]
)
ARTICLES = pa.schema(
    [
        ("id", pa.string()),
        ("doc", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("byline", pa.string()),
        ("dateline", pa.string()),
        ("published", pa.date32()),
        ("published_earliest", pa.date32()),
        ("published_latest", pa.date32()),
        ("published_inferred", pa.bool_()),
        ("language", pa.string()),
        ("source", pa.string()),
        ("n_events", pa.int32()),
        ("n_quotes", pa.int32()),
        ("processed_at", _UTC),
        ("text", pa.string()),
    ]
)
TABLES: dict[str, pa.Schema] = {
    "events": EVENTS,
    "incidents": INCIDENTS,
    "claims": CLAIMS,
    "quotes": QUOTES,
    "articles": ARTICLES,
}
"""Table name -> its schema; each is written to ``<name>.parquet``."""


def event_row(r: EventRecord) -> dict[str, Any]:
    """One ``events`` row: the event's JSON record, its place flattened into columns."""
    d = event_dict(r)
    p = d.pop("place") or {}
    d["start"], d["end"] = d.pop("span")
    return {
        **d,
        "outlet": r.outlet,
        "event_date": event_date(r.event.date),
        "place": p.get("name"),
        "place_text": p.get("text"),
        "geonameid": p.get("geonameid") or None,
        "lat": p.get("lat"),
        "lon": p.get("lon"),
        "country": p.get("country"),
        "admin1": p.get("admin1"),
        "precision": p.get("precision"),
        "sentence_start": r.event.sentence_start,
        "sentence_end": r.event.sentence_end,
    }


def incident_row(inc: IncidentRecord, updated_at: str | None) -> dict[str, Any]:
    """One ``incidents`` row."""
    return {
        "id": inc.id,
        "type": inc.type,
        "mode": inc.mode,
        "status": inc.status,
        "date": inc.date,
        "date_precision": inc.date_precision,
        "event_date": event_date(inc.date),
        "place": inc.place,
        "country": inc.place_country,
        "admin1": inc.place_admin1,
        "lat": inc.lat,
        "lon": inc.lon,
        **figure_columns(inc),
        "contested": inc.contested,
        "countries": inc.countries,
        "n_mentions": inc.n_mentions,
        "n_articles": inc.n_articles,
        "n_sources": inc.n_sources,
        "updated_at": updated_at,
    }


def claim_rows(inc: IncidentRecord) -> list[dict[str, Any]]:
    """The ``claims`` rows of an incident, one per claimant."""
    return [
        {**dataclasses.asdict(c), "incident_id": inc.id, "article_ids": c.articles}
        for c in inc.claims
    ]


def quote_row(r: QuoteRecord) -> dict[str, Any]:
    """One ``quotes`` row: the quote's JSON record with its span as columns."""
    d = quote_dict(r)
    d["start"], d["end"] = d.pop("span")
    return {**d, "event_date": event_date(r.quote.date)}


def article_row(r: ArticleRecord) -> dict[str, Any]:
    """One ``articles`` row: the article's JSON record with its source and analysed text."""
    a = r.article
    return {
        **article_dict(r),
        "byline": a.byline,
        "source": a.source,
        "n_events": r.events,
        "n_quotes": r.quotes,
        "processed_at": r.processed_at,
        "text": a.text,
    }


def _typed(row: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """``row`` as ``schema`` types it: ISO strings to dates and UTC times, '' to null."""
    out = dict(row)
    for fld in schema:
        value = out.get(fld.name)
        if value == "":
            out[fld.name] = None
        elif isinstance(value, str) and pa.types.is_date32(fld.type):
            out[fld.name] = dt.date.fromisoformat(value)
        elif isinstance(value, str) and pa.types.is_timestamp(fld.type):
            moment = dt.datetime.fromisoformat(value)
            out[fld.name] = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return out


class _TableWriter:
    """Rows of one table to ``<name>.parquet``, a row group at a time."""

    def __init__(self, path: Path, schema: pa.Schema, metadata: dict[str, str]) -> None:
        self.schema = schema.with_metadata(metadata)
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.buffer: list[dict[str, Any]] = []
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        self.buffer.append(_typed(row, self.schema))
        if len(self.buffer) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
        self.rows += len(self.buffer)
        self.buffer = []

    def close(self) -> int:
        """Write what is buffered (an empty table still gets its schema); returns the rows."""
        if self.buffer or self.rows == 0:
            self._flush()
        self.writer.close()
        return self.rows


def write_parquet(store: Store, f: Filters, directory: Path, prov: Provenance) -> Provenance:
    """Write the five tables under ``directory`` (created if missing); counts go in ``prov``."""
    directory.mkdir(parents=True, exist_ok=True)
    e, a, q = s.events, s.articles, s.quotes
    events = select(e.c.id).join(a, a.c.id == e.c.article_id).where(event_condition(store, f))
    quotes = select(q.c.id).join(a, a.c.id == q.c.article_id).where(quote_condition(store, f))
    incidents = s.incidents.c.id.in_(select(e.c.incident).where(e.c.id.in_(events)))
    articles = or_(
        a.c.id.in_(select(e.c.article_id).where(e.c.id.in_(events))),
        a.c.id.in_(select(q.c.article_id).where(q.c.id.in_(quotes))),
    )
    # Every file names what it was made from (the row counts are in provenance.json).
    header = {k: v for k, v in prov.as_dict().items() if k != "counts"}
    metadata = {"sitroom": json.dumps(header, ensure_ascii=False, sort_keys=True)}
    out = {
        name: _TableWriter(directory / f"{name}.parquet", schema, metadata)
        for name, schema in TABLES.items()
    }
    try:
        for r in iter_event_records(store, f):
            out["events"].add(event_row(r))
        for x in iter_incidents(store, Filters(), where=incidents):
            out["incidents"].add(incident_row(x.incident, x.updated_at))
            for row in claim_rows(x.incident):
                out["claims"].add(row)
        for qr in iter_quote_records(store, f):
            out["quotes"].add(quote_row(qr))
        for ar in iter_article_records(store, articles):
            out["articles"].add(article_row(ar))
    finally:
        for name, writer in out.items():
            prov.counts[name] = writer.close()
    return prov
