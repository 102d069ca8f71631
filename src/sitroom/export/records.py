"""Turn query records into JSON-ready dicts and flat CSV rows."""

from __future__ import annotations

from typing import Any

from sitroom.model import Actor, Place
from sitroom.query import ArticleRecord, EventRecord, QuoteRecord
from sitroom.resolve.query import IncidentRecord


def actor_dict(a: Actor | None) -> dict[str, Any] | None:
    """An actor as JSON."""
    if a is None:
        return None
    out = {"text": a.text, "name": a.name, "country": a.country, "sector": a.sector}
    if a.group:
        out["group"] = a.group
    return out


def place_dict(p: Place | None) -> dict[str, Any] | None:
    """A place as JSON."""
    if p is None:
        return None
    return {
        "name": p.name,
        "text": p.text,
        "geonameid": p.geonameid,
        "lat": p.lat,
        "lon": p.lon,
        "country": p.country,
        "admin1": p.admin1,
        "precision": p.precision,
    }


def event_dict(r: EventRecord) -> dict[str, Any]:
    """An event mention as JSON, with its provenance."""
    e = r.event
    c = e.casualties
    return {
        "id": r.id,
        "doc": r.doc,
        "article_id": r.article_id,
        "type": e.type,
        "mode": e.mode,
        "status": e.status,
        "date": e.date,
        "date_precision": e.date_precision,
        "time_precision": e.time_precision,
        "source": [actor_dict(a) for a in e.source],
        "target": [actor_dict(a) for a in e.target],
        "place": place_dict(e.place),
        "killed": c.killed,
        "injured": c.injured,
        "killed_approx": c.killed_approx,
        "injured_approx": c.injured_approx,
        "victim_sector": c.victim_sector,
        "claimant": actor_dict(e.claimant),
        "acled_event_type": e.acled_event_type,
        "acled_sub_event_type": e.acled_sub_event_type,
        "incident": e.incident,
        "trigger": e.trigger,
        "span": [e.start, e.end],
        "sentence": r.sentence,
    }


def figure_columns(inc: IncidentRecord) -> dict[str, int | None]:
    """An incident's killed and injured, each as the lowest, best and highest claim."""
    return {
        "killed_low": inc.killed.low,
        "killed_best": inc.killed.best,
        "killed_high": inc.killed.high,
        "injured_low": inc.injured.low,
        "injured_best": inc.injured.best,
        "injured_high": inc.injured.high,
    }


def quote_dict(r: QuoteRecord) -> dict[str, Any]:
    """A quote as JSON, with its provenance."""
    q = r.quote
    return {
        "id": r.id,
        "doc": r.doc,
        "article_id": r.article_id,
        "speaker": q.speaker,
        "speaker_actor": actor_dict(q.speaker_actor),
        "entity_id": q.speaker_entity or None,
        "entity": r.entity or None,
        "relay": q.relay or None,
        "direct": q.direct,
        "cue": q.cue,
        "content": q.content,
        "span": [q.content_start, q.content_end],
        "date": q.date,
        "date_precision": q.date_precision,
        "sentence": r.sentence,
    }


def article_dict(r: ArticleRecord) -> dict[str, Any]:
    """An article's metadata as JSON (not its text)."""
    a = r.article
    return {
        "id": a.id,
        "doc": a.doc,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "dateline": a.dateline,
        "published": a.published.isoformat() if a.published else None,
        "published_earliest": a.published_earliest.isoformat() if a.published_earliest else None,
        "published_latest": a.published_latest.isoformat() if a.published_latest else None,
        "published_inferred": a.published_inferred,
        "language": a.language,
        "events": r.events,
        "quotes": r.quotes,
        "chars": len(a.text),
    }


def _actor_text(a: dict[str, Any], compact: bool) -> str:
    code = f"{a['country'] or '?'}/{a['sector']}"
    return code if compact else f"{a['text']} ({code})"


def flatten(d: dict[str, Any], compact: bool = False) -> dict[str, Any]:
    """One flat CSV row (or, ``compact``, a terminal table row) from a JSON dict."""
    out: dict[str, Any] = {}
    for key, value in d.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = ", ".join(_actor_text(a, compact) for a in value if a is not None)
        elif isinstance(value, list):
            out[key] = "-".join(str(v) for v in value) if value else ""
        elif isinstance(value, dict):
            if "lat" in value:
                out[key] = value["name"]
                out[f"{key}_lat"], out[f"{key}_lon"] = value["lat"], value["lon"]
                out[f"{key}_country"] = value["country"]
                out[f"{key}_precision"] = value["precision"]
            elif compact:
                out[key] = f"{value['name'] or value['text']} ({_actor_text(value, True)})"
            else:
                out[key] = _actor_text(value, False)
        else:
            out[key] = value
    return out
