"""Group event mentions, within and across articles, into incidents.

Two mentions join one incident when they are of the same type and mode
family, their dates agree at the coarser precision, their places agree (or
one has none), and the countries involved overlap. Each incident keeps the
mention with the most precise date as its representative.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sitroom.eval.matching import dates_match
from sitroom.geo.distance import haversine_km
from sitroom.model import Event
from sitroom.query import EventRecord, select_events
from sitroom.store import Store

VERSION = "incidents-1"

_MODE_FAMILIES = {
    "missile": "strike",
    "rocket": "strike",
    "rocket/mortar": "strike",
    "artillery": "strike",
    "shelling": "strike",
    "drone": "air",
    "airstrike": "air",
    "air": "air",
    "clash": "ground",
    "small-arms": "ground",
    "war": "war",
    "ceasefire": "ceasefire",
    "ceasefire-violation": "violation",
    "phone": "contact",
    "visit": "contact",
    "meeting": "contact",
    "talks": "contact",
}


def _family(mode: str) -> str:
    return _MODE_FAMILIES.get(mode, mode)


def _countries(e: Event) -> set[str]:
    return {a.country for a in e.source + e.target if a.country}


def _precision_rank(e: Event) -> int:
    return len(e.date or "")


def compatible(a: Event, b: Event) -> bool:
    """Could these two mentions report the same real-world incident?"""
    if a.type != b.type or a.status != b.status:
        return False
    if a.mode and b.mode and _family(a.mode) != _family(b.mode):
        return False
    if a.date is None or b.date is None or not dates_match(a.date, b.date):
        return False
    if a.place is not None and b.place is not None:
        pa, pb = a.place, b.place
        if None not in (pa.lat, pa.lon, pb.lat, pb.lon):
            limit = 50.0 if "town" in (pa.precision, pb.precision) else 250.0
            if pa.precision == "country" or pb.precision == "country":
                if pa.country != pb.country:
                    return False
            elif haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) > limit:  # type: ignore[arg-type]
                return False
        elif pa.country and pb.country and pa.country != pb.country:
            return False
    ca, cb = _countries(a), _countries(b)
    return not (ca and cb and not ca & cb)


@dataclass(slots=True)
class _Cluster:
    members: list[EventRecord] = field(default_factory=list)

    def accepts(self, rec: EventRecord) -> bool:
        return all(compatible(m.event, rec.event) for m in self.members)


def incident_id(rec: EventRecord) -> str:
    """A stable id from the incident's first mention."""
    e = rec.event
    digest = hashlib.sha1(f"{rec.article_id}:{e.start}:{e.type}".encode()).hexdigest()[:10]
    return f"{e.type.lower()}-{e.date or 'undated'}-{digest}"


def cluster_events(records: list[EventRecord]) -> dict[int, str]:
    """Assign an incident id to every event mention (event id -> incident id)."""
    ordered = sorted(records, key=lambda r: (-_precision_rank(r.event), r.doc, r.event.start))
    clusters: list[_Cluster] = []
    for rec in ordered:
        for cluster in clusters:
            if cluster.accepts(rec):
                cluster.members.append(rec)
                break
        else:
            clusters.append(_Cluster([rec]))
    out: dict[int, str] = {}
    for cluster in clusters:
        first = min(cluster.members, key=lambda r: (r.doc, r.event.start))
        ident = incident_id(first)
        for m in cluster.members:
            out[m.id] = ident
    return out


def resolve_incidents(store: Store) -> int:
    """Re-cluster every stored event mention into incidents; returns the incident count."""
    assignments = cluster_events(select_events(store))
    store.set_incidents(assignments)
    return len(set(assignments.values()))
