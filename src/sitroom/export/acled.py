"""ACLED-style rows: one per incident (or per mention), coded as the ACLED codebook does.

The first columns are ACLED's own, spelled and ordered as its codebook gives them;
what sitroom knows beyond them (each party's claims, denials, low/best/high
figures, the PLOVER coding, the sentence) follows in extra columns after
them, never in their place.

Codes, as the codebook documents them:

- ``time_precision``: 1 the day is reported, 2 a week (or a range of days) is, 3 only
  the month or year is. A day sitroom had to infer (stored ``time_precision`` 3)
  stays 3. ``event_date`` of a period is its middle day (the Thursday of an ISO week,
  the 15th of a month, 1 July of a year); ``sitroom_date`` keeps the period as stated.
- ``geo_precision``: 1 a town or village, 2 a region (or near a town), 3 a larger
  region or the country.
- ``inter1``/``inter2``: 1 State forces, 2 Rebel groups, 3 Political militias
  (unidentified armed groups), 5 Rioters, 6 Protesters, 7 Civilians, 8 External/other
  forces (international organisations, and state forces acting outside their own
  country); 0 when there is no second actor. ``interaction`` joins the two codes,
  lower first ("18"), or is the sole actor's code times ten ("10").
- ``fatalities``: the most conservative (lowest) figure any party reports, 0 when none;
  ``killed_low``/``killed_best``/``killed_high`` give the whole range.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitroom.export.countries import country, country_name
from sitroom.export.records import figure_columns
from sitroom.model import GEO_PRECISION, Actor
from sitroom.query import EventRecord
from sitroom.resolve.claims import UNATTRIBUTED, Claim
from sitroom.resolve.query import IncidentRecord

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""ACLED's columns, in the codebook's order and spelling."""

INCIDENT_EXTRA: tuple[str, ...] = (
    "sitroom_incident_id",
    "sitroom_date",
    "plover_event",
    "plover_mode",
    "status",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "contested",
    "claims",
    "denials",
    "n_mentions",
    "n_articles",
    "n_sources",
)
"""What sitroom adds after ACLED's columns at incident level."""

MENTION_EXTRA: tuple[str, ...] = (
    "sitroom_event_id",
    "sitroom_incident_id",
    "sitroom_date",
    "plover_event",
    "plover_mode",
    "status",
    "killed",
    "injured",
    "claimant",
    "article_id",
    "doc",
    "sentence",
)
"""What sitroom adds after ACLED's columns at mention level."""

MAX_CITED = 5
"""Sentences cited in ``notes``; the rest are counted."""

STATE, REBEL, MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 2, 3, 5, 6, 7, 8
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_VIOLENT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type of an event and sub-event type."""
    if event_type in _VIOLENT:
        return "Political violence"
    if sub_event_type in ("Excessive force against protesters", "Mob violence"):
        return "Political violence; Demonstrations"
    if event_type in ("Protests", "Riots"):
        return "Demonstrations"
    return "Strategic developments" if event_type else ""


def event_date(date: str | None) -> dt.date | None:
    """The day ACLED's ``event_date`` gives for a stored date: a period's middle day."""
    if not date:
        return None
    try:
        if "-W" in date:
            year, week = date.split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 4)
        parts = [int(p) for p in date.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(parts[0], 7, 1)


def time_precision(date_precision: str | None, stored: int = 1) -> int:
    """ACLED time_precision (1-3) of a date at ``date_precision``; never finer than stored."""
    return max(_TIME_PRECISION.get(date_precision or "", 3), min(max(stored, 1), 3))


def date_words(date: str | None, precision: str | None) -> str:
    """'On 12 March 2024', 'In March 2024', 'In 2024', or '' for an undated event."""
    day = event_date(date)
    if day is None or date is None:
        return ""
    if precision == "day" and len(date) == 10:
        return f"On {day.day} {_MONTHS[day.month - 1]} {day.year}"
    if precision == "week" or "-W" in date:
        return f"In the week of {day.day} {_MONTHS[day.month - 1]} {day.year}"
    if len(date) == 7:
        return f"In {_MONTHS[day.month - 1]} {day.year}"
    return f"In {day.year}"


@dataclass(frozen=True, slots=True)
class AcledActor:
    """An actor as ACLED names and types it."""

    name: str
    inter: int
    associate: str = ""
    """An associated actor ACLED records alongside (journalists among civilians)."""


def acled_actor(a: Actor, location_iso: str, event_type: str, role: str) -> AcledActor:
    """ACLED's name and inter code for a sitroom actor, in an event at ``location_iso``.

    A country named with no sector ("Azerbaijan shelled ...") is its state: its
    military in a violent event, its government otherwise.
    """
    name = country_name(a.country) if a.country else ""
    own = a.name or a.text
    if role == "source" and event_type == "Protests":
        return AcledActor(f"Protesters ({name})" if name else "Protesters", PROTESTERS)
    if role == "source" and event_type == "Riots":
        return AcledActor(f"Rioters ({name})" if name else "Rioters", RIOTERS)
    sector = a.sector
    if sector == "UNK" and name and not a.group:
        sector = "MIL" if event_type in _VIOLENT else "GOV"
    if sector in ("MIL", "GOV"):
        inter = STATE if not location_iso or a.country == location_iso else EXTERNAL
        if not name:
            return AcledActor(own, inter)
        prefix = "Military Forces of" if sector == "MIL" else "Government of"
        return AcledActor(f"{prefix} {name}", inter)
    if sector in ("CVL", "MED"):
        civilians = f"Civilians ({name})" if name else "Civilians"
        if sector == "MED":
            return AcledActor(civilians, CIVILIANS, f"Journalists ({name})" if name else "")
        return AcledActor(civilians, CIVILIANS)
    if sector == "IGO":
        return AcledActor(own, EXTERNAL)
    if sector == "REB":
        return AcledActor(a.group or own, REBEL)
    if a.group:
        return AcledActor(a.group, MILITIA)
    return AcledActor(own, MILITIA)


def _ranked(
    mentions: Sequence[EventRecord], role: str, location_iso: str, event_type: str
) -> list[AcledActor]:
    """The side's actors, most often named first (first named on a tie)."""
    counts: Counter[AcledActor] = Counter()
    for m in mentions:
        actors = m.event.source if role == "source" else m.event.target
        for a in actors:
            counts[acled_actor(a, location_iso, event_type, role)] += 1
    return [x for x, _ in counts.most_common()]


def _associates(ranked: list[AcledActor], main: AcledActor | None, other: str) -> str:
    names = [x.name for x in ranked if x is not main] + [x.associate for x in ranked]
    taken = {main.name if main else "", other, ""}
    return "; ".join(n for n in dict.fromkeys(names) if n not in taken)


@dataclass(frozen=True, slots=True)
class Actors:
    """ACLED's actor columns of one row."""

    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int

    @property
    def interaction(self) -> int:
        """The joined inter code: lower code first, or the sole actor's code times ten."""
        if not self.inter1:
            return 0
        if not self.inter2:
            return self.inter1 * 10
        lo, hi = sorted((self.inter1, self.inter2))
        return lo * 10 + hi


def code_actors(
    mentions: Sequence[EventRecord], location_iso: str, event_type: str, location_name: str
) -> Actors:
    """Actor columns: the source side's main actor as actor 1, the target side's as actor 2.

    Reports of a clash often name both parties on both sides; actor 2 is then the
    target side's main actor other than actor 1. With no source named, ACLED's actor 1
    of a violent event is an unidentified armed group; with no source at all in a
    non-violent one, the target side moves up to actor 1.
    """
    sources = _ranked(mentions, "source", location_iso, event_type)
    targets = _ranked(mentions, "target", location_iso, event_type)
    one = sources[0] if sources else None
    if one is None and event_type in _VIOLENT:
        where = f" ({location_name})" if location_name else ""
        one = AcledActor(f"Unidentified Armed Group{where}", MILITIA)
    if one is None and targets:
        one, sources, targets = targets[0], targets, []
    two = next((x for x in targets if one is None or x.name != one.name), None)
    one_name, two_name = (one.name if one else ""), (two.name if two else "")
    return Actors(
        one_name,
        _associates(sources, one, two_name),
        one.inter if one else 0,
        two_name,
        _associates(targets, two, one_name),
        two.inter if two else 0,
    )


def civilian_targeting(event_type: str, actors: Actors) -> str:
    """'Civilian targeting' when civilians are the ones attacked, else ''."""
    if event_type == "Violence against civilians":
        return "Civilian targeting"
    if event_type in _VIOLENT and actors.inter2 == CIVILIANS:
        return "Civilian targeting"
    return ""


def acled_type(mentions: Sequence[EventRecord]) -> tuple[str, str]:
    """The ACLED (event type, sub-event type) most mentions give (the first on a tie)."""
    labels = Counter(
        (m.event.acled_event_type, m.event.acled_sub_event_type)
        for m in mentions
        if m.event.acled_event_type
    )
    return labels.most_common(1)[0][0] if labels else ("", "")


def event_id_cnty(iso3: str, key: str) -> str:
    """ACLED-style id: country acronym and a number, stable for the same incident or mention."""
    number = int(hashlib.sha1(key.encode()).hexdigest()[:10], 16)
    return f"{iso3 or 'XXX'}{number}"


def epoch(timestamp: str | None) -> int | None:
    """Unix seconds of a stored ISO timestamp (ACLED's ``timestamp``)."""
    if not timestamp:
        return None
    moment = dt.datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())


def _citations(mentions: Iterable[EventRecord]) -> str:
    cited: dict[tuple[str, str], str] = {}
    for m in mentions:
        key = (m.article_id, m.sentence)
        if m.sentence and key not in cited:
            cited[key] = f'{m.outlet or m.doc} ({m.doc}): "{" ".join(m.sentence.split())}"'
    items = list(cited.values())
    shown = [f"[{n}] {text}" for n, text in enumerate(items[:MAX_CITED], 1)]
    if len(items) > MAX_CITED:
        shown.append(f"and {len(items) - MAX_CITED} more sentences")
    return " ".join(shown)


def claim_text(c: Claim) -> str:
    """One party's account: figures, blame and denial ('Defence Ministry (ARM): 1 killed')."""
    who = "unattributed reports" if c.claimant == UNATTRIBUTED else c.claimant
    if c.country and c.claimant != UNATTRIBUTED:
        who += f" ({c.country})"
    parts = []
    if c.killed is not None:
        parts.append(f"{c.killed} killed")
    if c.injured is not None:
        parts.append(f"{c.injured} injured")
    if c.blames:
        parts.append(f"blames {', '.join(c.blames)}")
    if c.denies:
        parts.append("denies")
    return f"{who}: {', '.join(parts)}" if parts else ""


def notes(
    date: str | None,
    precision: str | None,
    sub_event_type: str,
    location: str,
    claims: Sequence[Claim],
    mentions: Sequence[EventRecord],
) -> str:
    """A templated description: when, what, where, each party's account, cited sentences."""
    when = date_words(date, precision)
    what = sub_event_type.lower() if sub_event_type else "event"
    head = f"{when}, {what}" if when else what[:1].upper() + what[1:]
    if location:
        head += f" in {location}"
    out = [head + "."]
    accounts = [t for t in (claim_text(c) for c in claims) if t]
    if accounts:
        out.append("Claims: " + "; ".join(accounts) + ".")
    cited = _citations(mentions)
    if cited:
        out.append("Sources: " + cited)
    return " ".join(out)


def _sources(mentions: Iterable[EventRecord]) -> str:
    return "; ".join(sorted({m.outlet or m.doc for m in mentions}))


def _coord(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _location_country(place_country: str | None, mentions: Sequence[EventRecord]) -> str:
    """Where the event happened: the place's country, else the targets', else the sources'."""
    if place_country:
        return place_country
    for role in ("target", "source"):
        for m in mentions:
            for a in m.event.target if role == "target" else m.event.source:
                if a.country:
                    return a.country
    return ""


def _place_precision(inc: IncidentRecord) -> str:
    for m in inc.mentions:
        p = m.event.place
        if p is not None and p.name == inc.place:
            return p.precision
    return ""


def _geo(iso3: str) -> dict[str, object]:
    c = country(iso3)
    return {
        "iso": c.iso if c else None,
        "region": c.region if c else "",
        "country": c.name if c else iso3,
    }


def _acled_columns(
    key: str,
    mentions: Sequence[EventRecord],
    labels: tuple[str, str],
    when: tuple[str | None, str | None, int],
    place: tuple[str | None, str, str, float | None, float | None, str | None],
    claims: Sequence[Claim],
    fatalities: int,
    timestamp: str | None,
) -> dict[str, object]:
    """ACLED's 31 columns of one row, incident or mention.

    ``labels`` is (event type, sub-event type); ``when`` (date, date precision, stored
    time precision); ``place`` (place country, location, admin1, lat, lon, precision).
    """
    event_type, sub_event_type = labels
    date, date_precision, stored_precision = when
    place_country, location, admin1, lat, lon, precision = place
    iso3 = _location_country(place_country, mentions)
    actors = code_actors(mentions, iso3, event_type, location or country_name(iso3))
    day = event_date(date)
    return {
        "event_id_cnty": event_id_cnty(iso3, key),
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else None,
        "time_precision": time_precision(date_precision, stored_precision) if day else None,
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": actors.actor1,
        "assoc_actor_1": actors.assoc_actor_1,
        "inter1": actors.inter1,
        "actor2": actors.actor2,
        "assoc_actor_2": actors.assoc_actor_2,
        "inter2": actors.inter2,
        "interaction": actors.interaction,
        "civilian_targeting": civilian_targeting(event_type, actors),
        **_geo(iso3),
        "admin1": admin1,
        "admin2": "",
        "admin3": "",
        "location": location,
        "latitude": _coord(lat),
        "longitude": _coord(lon),
        "geo_precision": GEO_PRECISION.get(precision or ""),
        "source": _sources(mentions),
        "source_scale": "",
        "notes": notes(date, date_precision, sub_event_type, location, claims, mentions),
        "fatalities": fatalities,
        "tags": "",
        "timestamp": epoch(timestamp),
    }


def incident_row(inc: IncidentRecord, updated_at: str | None) -> dict[str, object] | None:
    """The ACLED row of an incident (with its mentions and claims), or None outside ACLED."""
    labels = acled_type(inc.mentions)
    if not labels[0]:
        return None
    dated = [m.event.time_precision for m in inc.mentions if m.event.date == inc.date]
    location = inc.place or ""
    place = (inc.place_country, location, inc.place_admin1 or "", inc.lat, inc.lon)
    return {
        **_acled_columns(
            inc.id,
            inc.mentions,
            labels,
            (inc.date, inc.date_precision, min(dated, default=3)),
            (*place, _place_precision(inc)),
            inc.claims,
            inc.killed.low or 0,
            updated_at,
        ),
        "sitroom_incident_id": inc.id,
        "sitroom_date": inc.date or "",
        "plover_event": inc.type,
        "plover_mode": inc.mode,
        "status": inc.status,
        **figure_columns(inc),
        "contested": "; ".join(inc.contested),
        "claims": " | ".join(t for t in (claim_text(c) for c in inc.claims) if t),
        "denials": "; ".join(c.claimant for c in inc.claims if c.denies),
        "n_mentions": inc.n_mentions,
        "n_articles": inc.n_articles,
        "n_sources": inc.n_sources,
    }


def mention_row(m: EventRecord, processed_at: str | None) -> dict[str, object] | None:
    """The ACLED row of one event mention, or None outside ACLED's scope."""
    e, p, c = m.event, m.event.place, m.event.casualties
    if not e.acled_event_type:
        return None
    claimant = e.claimant
    claims = []
    if claimant is not None or c.killed is not None or e.status == "denied":
        name = (claimant.name or claimant.text) if claimant else UNATTRIBUTED
        country_code = claimant.country if claimant else ""
        claims.append(
            Claim(
                name, country_code, killed=c.killed, injured=c.injured, denies=e.status == "denied"
            )
        )
    place = (
        (p.country, p.name, p.admin1, p.lat, p.lon, p.precision)
        if p
        else (None, "", "", None, None, None)
    )
    return {
        **_acled_columns(
            f"mention:{m.id}",
            [m],
            (e.acled_event_type, e.acled_sub_event_type),
            (e.date, e.date_precision, e.time_precision),
            place,
            claims,
            c.killed or 0,
            processed_at,
        ),
        "sitroom_event_id": m.id,
        "sitroom_incident_id": e.incident,
        "sitroom_date": e.date or "",
        "plover_event": e.type,
        "plover_mode": e.mode,
        "status": e.status,
        "killed": c.killed,
        "injured": c.injured,
        "claimant": (claimant.name or claimant.text) if claimant else "",
        "article_id": m.article_id,
        "doc": m.doc,
        "sentence": " ".join(m.sentence.split()),
    }
