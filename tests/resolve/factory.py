"""Build small synthetic articles with hand-made event mentions for resolution tests."""

from __future__ import annotations

import datetime as dt
import hashlib

from sitroom.model import Actor, Article, Casualties, Event, Extraction, Place, TimeRef
from sitroom.query import EventRecord
from sitroom.store.incidents import CandidateMention

VERSIONS = {"actors": "t", "places": "t", "time": "t", "events": "t", "quotes": "t"}

GANJA = Place(text="Ganja", name="Ganja", lat=40.68, lon=46.36, country="AZE", precision="town")
STEPANAKERT = Place(
    text="Stepanakert", name="Stepanakert", lat=39.82, lon=46.75, country="AZE", precision="town"
)


def actor(country: str, sector: str = "MIL", name: str = "") -> Actor:
    """An actor coded by country and sector."""
    return Actor(text=name or country, country=country, sector=sector, name=name)


def event(
    start: int,
    *,
    type_: str = "ASSAULT",
    mode: str = "missile",
    date: str | None = "2020-10-17",
    place: Place | None = GANJA,
    source: tuple[str, ...] = ("ARM",),
    target: tuple[str, ...] = ("AZE",),
    killed: int | None = None,
    injured: int | None = None,
    claimant: Actor | None = None,
    status: str = "occurred",
    sentence: tuple[int, int] | None = None,
) -> Event:
    """One event mention at ``start`` with the given attributes."""
    s0, s1 = sentence or (start, start + 10)
    return Event(
        type=type_,
        start=start,
        end=start + 5,
        trigger="struck",
        mode=mode,
        status=status,
        source=[actor(c) for c in source],
        target=[actor(c) for c in target],
        date=date,
        date_precision="day" if date and len(date) == 10 else "month",
        place=place,
        casualties=Casualties(killed=killed, injured=injured),
        claimant=claimant,
        sentence_start=s0,
        sentence_end=s1,
    )


def article(
    doc: str,
    events: list[Event],
    text: str | None = None,
    published: str = "2020-10-18",
    actors: list[Actor] | None = None,
    times: list[TimeRef] | None = None,
) -> tuple[Article, Extraction]:
    """An article whose text is long enough for every mention's offsets."""
    body = text or (f"{doc}: " + "report " * 40)
    digest = hashlib.sha256(body.encode()).hexdigest()
    a = Article(
        doc=doc,
        text=body,
        raw=body,
        published=dt.date.fromisoformat(published),
        content_hash=digest,
        id=digest[:16],
    )
    x = Extraction(actors=actors or [], times=times or [], events=events, versions=VERSIONS)
    return a, x


def candidate(incident: str, event_id: int, ev: Event) -> CandidateMention:
    """A stored mention of ``incident`` as the candidate query loads it."""
    p = ev.place
    return CandidateMention(
        incident,
        event_id,
        ev.type,
        ev.mode,
        ev.status,
        ev.date,
        p.name if p else None,
        p.lat if p else None,
        p.lon if p else None,
        p.country if p else None,
        p.admin1 if p else None,
        p.precision if p else None,
        source=tuple(a.country for a in ev.source),
        target=tuple(a.country for a in ev.target),
    )


def rec(id_: int, article: str, ev: Event, sentence: str) -> EventRecord:
    """A mention of ``ev`` in ``article``, told in ``sentence``."""
    return EventRecord(
        id=id_, article_id=article, doc=f"{article}.txt", event=ev, sentence=sentence
    )


def vague(ev: Event, trigger: str = "fired") -> Event:
    """Dated only by its report's month (its date is no sign of identity), and told with
    another verb than the factory's "struck"."""
    ev.time_precision = 3
    ev.trigger = trigger
    return ev
