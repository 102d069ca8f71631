"""Load the stored mentions of many incidents in one query (incremental resolution's reads)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement

from sitroom.query import EventRecord, event_records_where
from sitroom.store import Store
from sitroom.store import schema as s


def _chunks(items: Sequence[str], n: int) -> list[Sequence[str]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def mentions_of(store: Store, incident_ids: Sequence[str]) -> dict[str, list[EventRecord]]:
    """Incident id -> its member mentions (with actors, place, casualties and sentence)."""
    out: dict[str, list[EventRecord]] = defaultdict(list)
    for chunk in _chunks(sorted(set(incident_ids)), 500):
        for rec in _load(store, s.events.c.incident.in_(chunk)):
            out[rec.event.incident].append(rec)
    return out


def mentions_in_article(store: Store, article_id: str) -> list[EventRecord]:
    """An article's event mentions, by position."""
    return sorted(_load(store, s.events.c.article_id == article_id), key=lambda r: r.event.start)


def _load(store: Store, where: ColumnElement[bool]) -> list[EventRecord]:
    return event_records_where(store, where)
