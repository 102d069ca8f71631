"""Incidents and agreements as records, for the CLI, the JSON API and the web UI."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sitroom.query import EventRecord, Filters, select_events
from sitroom.resolve.claims import Claim, Estimate, collect_claims
from sitroom.store import Store
from sitroom.store import incidents as si


@dataclass(slots=True)
class IncidentRecord:
    """One incident: where and when, figures across claimants, and its mentions on request."""

    id: str
    type: str
    mode: str
    status: str
    date: str | None
    date_precision: str | None
    place: str | None
    place_country: str | None
    place_admin1: str | None
    lat: float | None
    lon: float | None
    killed: Estimate
    injured: Estimate
    contested: list[str]
    countries: list[str]
    n_mentions: int
    n_articles: int
    n_sources: int
    """Articles once near-duplicate copies are counted once."""
    mentions: list[EventRecord] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    """Event id -> why that mention joined the incident."""
    claims: list[Claim] = field(default_factory=list)


@dataclass(slots=True)
class AgreementRecord:
    """A ceasefire or truce with its parties, brokers, start and reported violations."""

    id: str
    incident_id: str
    kind: str
    parties: list[str]
    brokers: list[str]
    agreed: str | None
    in_force_local: str | None
    in_force_utc: str | None
    in_force_zone: str | None
    in_force_text: str | None
    sources: list[EventRecord] = field(default_factory=list)
    violations: list[tuple[IncidentRecord, str]] = field(default_factory=list)
    """(violation incident with its mentions, why it counts)."""


def incident_record(r: Any) -> IncidentRecord:
    """An IncidentRecord from an ``incidents`` table row."""
    return IncidentRecord(
        id=r.id,
        type=r.type,
        mode=r.mode,
        status=r.status,
        date=r.date,
        date_precision=r.date_precision,
        place=r.place_name,
        place_country=r.place_country,
        place_admin1=r.place_admin1,
        lat=r.place_lat,
        lon=r.place_lon,
        killed=Estimate(r.killed_low, r.killed_best, r.killed_high),
        injured=Estimate(r.injured_low, r.injured_best, r.injured_high),
        contested=list(json.loads(r.contested)),
        countries=list(json.loads(r.countries)),
        n_mentions=r.n_mentions,
        n_articles=r.n_articles,
        n_sources=r.n_sources,
    )


def incident_matches(rec: IncidentRecord, f: Filters, contested: bool = False) -> bool:
    """Whether ``rec`` meets the filters (type, country, place, incident, dates, contested)."""
    if f.type and rec.type != f.type.upper():
        return False
    if f.country and f.country.upper() not in rec.countries + [rec.place_country or ""]:
        return False
    if f.place:
        where = f"{rec.place or ''} {rec.place_admin1 or ''}".lower()
        if f.place.lower() not in where:
            return False
    if f.incident and rec.id != f.incident:
        return False
    if rec.date is None:
        if f.since is not None or f.until is not None:
            return False
    else:
        if f.since and rec.date < f.since.isoformat()[: len(rec.date)]:
            return False
        if f.until and rec.date > f.until.isoformat()[: len(rec.date)]:
            return False
    return not (contested and not rec.contested)


def select_incidents(
    store: Store, f: Filters | None = None, contested: bool = False
) -> list[IncidentRecord]:
    """Incidents matching ``f`` (type, country, place, dates), optionally only contested ones."""
    f = f or Filters()
    out = [
        rec
        for rec in map(incident_record, si.incident_rows(store))
        if incident_matches(rec, f, contested)
    ]
    end = None if f.limit is None else f.offset + f.limit
    return out[f.offset : end]


def get_incident(store: Store, incident_id: str) -> IncidentRecord | None:
    """One incident with every mention (sentence and source), why each joined, and claims."""
    rows = si.incident_rows(store, [incident_id])
    if not rows:
        return None
    rec = incident_record(rows[0])
    rec.mentions = select_events(store, Filters(incident=incident_id))
    rec.reasons = si.member_reasons(store, incident_id)
    rec.claims = collect_claims(rec.mentions)
    return rec


def select_agreements(store: Store) -> list[AgreementRecord]:
    """Every ceasefire or truce, by date agreed, with its sources and reported violations."""
    agreements, links = si.agreement_rows(store)
    by_agreement: dict[str, list[tuple[str, str]]] = {}
    for v in links:
        by_agreement.setdefault(v.agreement_id, []).append((v.incident_id, v.reason))
    out = []
    for a in agreements:
        rec = AgreementRecord(
            id=a.id,
            incident_id=a.incident_id,
            kind=a.kind,
            parties=list(json.loads(a.parties)),
            brokers=list(json.loads(a.brokers)),
            agreed=a.agreed,
            in_force_local=a.in_force_local,
            in_force_utc=a.in_force_utc,
            in_force_zone=a.in_force_zone,
            in_force_text=a.in_force_text,
            sources=select_events(store, Filters(incident=a.incident_id)),
        )
        for inc_id, why in sorted(by_agreement.get(a.id, [])):
            inc = get_incident(store, inc_id)
            if inc is not None:
                rec.violations.append((inc, why))
        rec.violations.sort(key=lambda v: v[0].date or "")
        out.append(rec)
    return out
