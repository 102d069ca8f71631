"""Event mentions as records in the PLOVER event data format, one JSON object per line.

Field names follow the PLOVER manual and its gold-standard records (``id``, ``date``,
``event``, ``mode``, ``context``, ``source``/``target`` actors with ``actorText``,
``code`` and ``sector``, ``eventText``, ``text``, ``eventLoc``, ``dead``,
``injured``, ``language``, ``publication``, ``coder``, ``dateCoded``); as there,
only fields with a value are written. What PLOVER has no field for (status, the
claimant, the incident, spans) goes in one ``sitroom`` object. The JSON Schema
``sitroom/data/plover_event.schema.json`` describes each line.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from sitroom.export.acled import event_date
from sitroom.model import Actor
from sitroom.query import EventRecord

SCHEMA = "plover_event.schema.json"


def plover_schema() -> dict[str, Any]:
    """The JSON Schema of one PLOVER line, as packaged."""
    text = resources.files("sitroom").joinpath("data", SCHEMA).read_text(encoding="utf-8")
    return dict(json.loads(text))


@cache
def _iso2(iso3: str) -> str:
    found = pycountry.countries.get(alpha_3=iso3) if len(iso3) == 3 else None
    return str(found.alpha_2) if found else ""


def plover_actor(a: Actor) -> dict[str, Any]:
    """An actor as PLOVER codes it: its text, country code (or IGO) and sector."""
    out: dict[str, Any] = {"actorText": a.text}
    code = a.country or ("IGO" if a.sector == "IGO" else "")
    if code:
        out["code"] = code
    if a.sector and a.sector not in ("UNK", "IGO"):
        out["sector"] = a.sector
    if a.name and a.name != a.text:
        out["name"] = a.name
    if a.group:
        out["group"] = a.group
    return out


def plover_record(
    r: EventRecord, language: str = "", coder: str = "", date_coded: str = ""
) -> dict[str, Any]:
    """The PLOVER record of one event mention, with sitroom's provenance in ``sitroom``."""
    e = r.event
    out: dict[str, Any] = {"id": f"sitroom-{r.article_id}-{e.start}-{e.type}"}
    day = event_date(e.date)
    if day is not None:
        out["date"] = day.isoformat()
    out["event"] = e.type
    if e.mode:
        out["mode"] = e.mode
    if e.source:
        out["source"] = [plover_actor(a) for a in e.source]
    if e.target:
        out["target"] = [plover_actor(a) for a in e.target]
    if e.trigger:
        out["eventText"] = e.trigger
    out["text"] = r.sentence
    if e.place is not None:
        p = e.place
        loc: dict[str, Any] = {"name": p.name}
        if _iso2(p.country):
            loc["country code"] = _iso2(p.country)
        if p.lat is not None and p.lon is not None:
            loc["lat"], loc["lon"] = p.lat, p.lon
        if p.geonameid:
            loc["geonameid"] = p.geonameid
        loc["precision"] = p.precision
        out["eventLoc"] = loc
    if e.casualties.killed is not None:
        out["dead"] = e.casualties.killed
    if e.casualties.injured is not None:
        out["injured"] = e.casualties.injured
    if language:
        out["language"] = language
    if r.outlet:
        out["publication"] = r.outlet
    if coder:
        out["coder"] = coder
    if date_coded:
        out["dateCoded"] = date_coded
    c = e.casualties
    extra: dict[str, Any] = {
        "event_id": r.id,
        "article_id": r.article_id,
        "doc": r.doc,
        "span": [e.start, e.end],
        "sentence_span": [e.sentence_start, e.sentence_end],
        "status": e.status,
        "date": e.date,
        "date_precision": e.date_precision,
        "time_precision": e.time_precision,
        "incident": e.incident or None,
        "claimant": plover_actor(e.claimant) if e.claimant else None,
        "killed_approx": c.killed_approx,
        "injured_approx": c.injured_approx,
        "victim_sector": c.victim_sector or None,
        "acled_event_type": e.acled_event_type or None,
        "acled_sub_event_type": e.acled_sub_event_type or None,
    }
    out["sitroom"] = extra
    return out
