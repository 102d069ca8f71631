"""Incidents (or mentions) as GeoJSON features with properties a GIS user can style by.

Properties are flat (lists joined with "; ") so that every GIS reads them as fields.
``precision`` (town, region, country) and ``geo_precision`` (ACLED's 1-3) say how
exact a point is: a country-level point sits at the country's centre, and a user
filters those out with ``geo_precision < 3``. Records without coordinates have no
point and are left out (the provenance counts them).
"""

from __future__ import annotations

from typing import Any

from sitroom.export.acled import event_date
from sitroom.model import GEO_PRECISION
from sitroom.query import EventRecord
from sitroom.resolve.query import IncidentRecord

COORD_DIGITS = 6
"""Decimal places kept (about 0.1 m), so that output does not depend on float noise."""


def type_label(type_: str, mode: str) -> str:
    """A readable label of a PLOVER type and mode: 'Assault (artillery)'."""
    label = type_.capitalize()
    return f"{label} ({mode})" if mode else label


def _point(lat: float | None, lon: float | None) -> dict[str, Any] | None:
    if lat is None or lon is None:
        return None
    return {
        "type": "Point",
        "coordinates": [round(lon, COORD_DIGITS), round(lat, COORD_DIGITS)],
    }


def _day(date: str | None) -> str | None:
    day = event_date(date)
    return day.isoformat() if day else None


def incident_feature(inc: IncidentRecord) -> dict[str, Any] | None:
    """The feature of an incident (with its mentions and claims), or None without a point."""
    point = _point(inc.lat, inc.lon)
    if point is None:
        return None
    precision = next(
        (
            m.event.place.precision
            for m in inc.mentions
            if m.event.place is not None and m.event.place.name == inc.place
        ),
        "",
    )
    acled = next((m.event for m in inc.mentions if m.event.acled_event_type), None)
    props: dict[str, Any] = {
        "id": inc.id,
        "type": inc.type,
        "mode": inc.mode,
        "label": type_label(inc.type, inc.mode),
        "acled_event_type": acled.acled_event_type if acled else "",
        "acled_sub_event_type": acled.acled_sub_event_type if acled else "",
        "status": inc.status,
        "date": inc.date,
        "date_precision": inc.date_precision,
        "event_date": _day(inc.date),
        "place": inc.place,
        "admin1": inc.place_admin1,
        "country": inc.place_country,
        "precision": precision,
        "geo_precision": GEO_PRECISION.get(precision),
        "killed_best": inc.killed.best,
        "killed_low": inc.killed.low,
        "killed_high": inc.killed.high,
        "injured_best": inc.injured.best,
        "injured_low": inc.injured.low,
        "injured_high": inc.injured.high,
        "contested": bool(inc.contested),
        "contested_fields": "; ".join(inc.contested),
        "countries": "; ".join(inc.countries),
        "claimants": "; ".join(c.claimant for c in inc.claims),
        "denied_by": "; ".join(c.claimant for c in inc.claims if c.denies),
        "sources": "; ".join(sorted({m.outlet or m.doc for m in inc.mentions})),
        "n_mentions": inc.n_mentions,
        "n_articles": inc.n_articles,
        "n_sources": inc.n_sources,
    }
    return {"type": "Feature", "id": inc.id, "geometry": point, "properties": props}


def mention_feature(r: EventRecord) -> dict[str, Any] | None:
    """The feature of one event mention, or None when its place has no point."""
    e, p = r.event, r.event.place
    point = _point(p.lat, p.lon) if p is not None else None
    if point is None or p is None:
        return None
    claimant = e.claimant
    props: dict[str, Any] = {
        "id": r.id,
        "incident": e.incident or None,
        "type": e.type,
        "mode": e.mode,
        "label": type_label(e.type, e.mode),
        "acled_event_type": e.acled_event_type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "status": e.status,
        "date": e.date,
        "date_precision": e.date_precision,
        "event_date": _day(e.date),
        "place": p.name,
        "admin1": p.admin1,
        "country": p.country,
        "precision": p.precision,
        "geo_precision": GEO_PRECISION.get(p.precision),
        "killed": e.casualties.killed,
        "injured": e.casualties.injured,
        "claimant": (claimant.name or claimant.text) if claimant else None,
        "denied": e.status == "denied",
        "source": "; ".join(f"{a.country or '?'}/{a.sector}" for a in e.source),
        "target": "; ".join(f"{a.country or '?'}/{a.sector}" for a in e.target),
        "outlet": r.outlet,
        "doc": r.doc,
        "article_id": r.article_id,
        "sentence": " ".join(r.sentence.split()),
    }
    return {"type": "Feature", "id": r.id, "geometry": point, "properties": props}
