"""Streams of what an export holds: incidents with their mentions and claims, or mentions.

Both read the store a batch at a time, so an export of any size keeps memory flat.
Incidents are chosen as ``sitroom incidents`` chooses them (type, country, place,
dates, contested); mentions as ``sitroom events`` does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from sitroom.errors import ExportError
from sitroom.query import EventRecord, Filters, event_records_by, stream_rows
from sitroom.resolve.claims import collect_claims
from sitroom.resolve.query import IncidentRecord, incident_matches, incident_record
from sitroom.store import Store
from sitroom.store import schema as s

INCIDENT_BATCH = 500
"""Incidents whose mentions are read in one query."""


@dataclass(slots=True)
class IncidentExport:
    """An incident with its mentions and claims, and when its record last changed."""

    incident: IncidentRecord
    updated_at: str


def check_incident_filters(f: Filters) -> None:
    """Refuse filters that select mentions, not incidents (``--doc``, ``--text``, ``--speaker``)."""
    for name in ("doc", "text", "speaker"):
        if getattr(f, name):
            raise ExportError(
                f"--{name} selects mentions, not incidents: export with --level mention"
            )


def iter_incidents(
    store: Store,
    f: Filters,
    contested: bool = False,
    batch: int = INCIDENT_BATCH,
    where: ColumnElement[bool] | None = None,
) -> Iterator[IncidentExport]:
    """Incidents matching ``f`` in date order (then id), each with mentions and claims.

    ``f``'s page (limit, offset) counts matching incidents, as ``sitroom incidents`` does.
    With ``where``, an SQL condition on ``incidents`` chooses them instead of ``f``.
    """
    i = s.incidents
    stmt = select(i).order_by(store.ascending(i.c.date), i.c.id)
    if where is not None:
        stmt, f, contested = stmt.where(where), Filters(), False
    check_incident_filters(f)
    skip, left = f.offset, f.limit
    pending: list[IncidentExport] = []
    for rows in stream_rows(store, stmt, batch):
        for row in rows:
            rec = incident_record(row)
            if not incident_matches(rec, f, contested):
                continue
            if skip:
                skip -= 1
                continue
            pending.append(IncidentExport(rec, row.updated_at))
            if len(pending) >= batch:
                yield from _with_mentions(store, pending)
                pending = []
            if left is not None:
                left -= 1
                if left == 0:
                    break
        if left == 0:
            break
    yield from _with_mentions(store, pending)


def _with_mentions(store: Store, pending: list[IncidentExport]) -> list[IncidentExport]:
    """``pending`` with each incident's mentions (in date, article, position order) and claims."""
    if not pending:
        return []
    by_incident: dict[str, list[EventRecord]] = defaultdict(list)
    for rec in event_records_by(store, "incident", [p.incident.id for p in pending]):
        by_incident[rec.event.incident].append(rec)
    for p in pending:
        mentions = by_incident.get(p.incident.id, [])
        mentions.sort(key=lambda r: (r.event.date or "", r.doc, r.event.start, r.id))
        p.incident.mentions = mentions
        p.incident.claims = collect_claims(mentions)
    return pending
