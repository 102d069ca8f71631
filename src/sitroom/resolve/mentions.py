"""Load the stored mentions of many incidents in one query (incremental resolution's reads)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select

from sitroom.model import Actor, Casualties, Event, Place
from sitroom.query import EventRecord
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
    e, a = s.events, s.articles
    sentence = func.substr(a.c.text, e.c.sentence_start + 1, e.c.sentence_end - e.c.sentence_start)
    roles: dict[int, list[tuple[str, Actor]]] = defaultdict(list)
    with store.connect() as conn:
        rows = list(
            conn.execute(
                select(e, a.c.doc, a.c.outlet, sentence.label("sentence"))
                .join(a, a.c.id == e.c.article_id)
                .where(where)
            )
        )
        ids = [r.id for r in rows]
        for i in range(0, len(ids), 500):
            for r in conn.execute(
                select(s.event_actors)
                .where(s.event_actors.c.event_id.in_(ids[i : i + 500]))
                .order_by(s.event_actors.c.id)
            ):
                roles[r.event_id].append(
                    (r.role, Actor(text=r.text, country=r.country, sector=r.sector, name=r.name))
                )
    out: list[EventRecord] = []
    for r in rows:
        m = r._mapping
        place = None
        if m["place_name"] is not None:
            place = Place(
                text=m["place_text"] or "",
                name=m["place_name"],
                geonameid=m["place_geonameid"] or 0,
                lat=m["place_lat"],
                lon=m["place_lon"],
                country=m["place_country"] or "",
                admin1=m["place_admin1"] or "",
                precision=m["place_precision"] or "town",
            )
        claimant = None
        if m["claimant_text"] is not None:
            claimant = Actor(
                text=m["claimant_text"],
                name=m["claimant_name"] or "",
                country=m["claimant_country"] or "",
                sector=m["claimant_sector"] or "UNK",
            )
        event = Event(
            type=m["type"],
            start=m["start"],
            end=m["end"],
            trigger=m["trigger"],
            mode=m["mode"],
            status=m["status"],
            source=[x for role, x in roles[r.id] if role == "source"],
            target=[x for role, x in roles[r.id] if role == "target"],
            date=m["date"],
            date_precision=m["date_precision"],
            time_precision=m["time_precision"],
            place=place,
            casualties=Casualties(
                killed=m["killed"],
                injured=m["injured"],
                killed_approx=m["killed_approx"],
                injured_approx=m["injured_approx"],
                victim_sector=m["victim_sector"],
            ),
            claimant=claimant,
            sentence_start=m["sentence_start"],
            sentence_end=m["sentence_end"],
            incident=m["incident"],
        )
        out.append(
            EventRecord(r.id, m["article_id"], m["doc"], event, m["sentence"] or "", m["outlet"])
        )
    return out
