"""Typed records that flow through sitroom: articles, mentions, incidents.

Every mention carries character offsets into ``Article.text`` (the analysed
text) so each fact can be traced back to the sentence that states it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Sector = Literal["GOV", "MIL", "CVL", "REB", "IGO", "MED", "UNK"]
SECTORS: tuple[str, ...] = ("GOV", "MIL", "CVL", "REB", "IGO", "MED", "UNK")

Precision = Literal["day", "week", "month", "year"]
GeoPrecision = Literal["town", "region", "country"]
EventStatus = Literal["occurred", "planned", "denied", "reported-violation"]
EVENT_STATUSES: tuple[str, ...] = ("occurred", "planned", "denied", "reported-violation")

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "INVESTIGATE",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "CRIME",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

SAYING_TYPES: frozenset[str] = frozenset(
    {"DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SUPPORT", "CONCEDE", "INVESTIGATE"}
)
"""PLOVER types whose events are statements, told apart by who makes them and when."""


@dataclass(slots=True)
class Article:
    """One input document: raw input kept verbatim, cleaned text analysed."""

    doc: str
    """Name of the input (file name, JSON id or URL); the gold files' ``doc``."""
    text: str
    """The analysed text: cleaned of page furniture, offsets point into it."""
    raw: str
    """The input exactly as read (decoded), never altered."""
    source: str = ""
    """Where it was read from (path or URL)."""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: dt.date | None = None
    """Best single publication date (the document creation time)."""
    published_earliest: dt.date | None = None
    published_latest: dt.date | None = None
    published_inferred: bool = False
    """True when the date was inferred from the text rather than printed."""
    language: str = "en"
    encoding: str = "utf-8"
    content_hash: str = ""
    id: str = ""
    """Stable id: a prefix of the SHA-256 of the analysed text."""


@dataclass(slots=True)
class Actor:
    """A party mentioned in the text, coded as country (ISO-3) plus sector."""

    text: str
    country: str = ""
    sector: str = "UNK"
    name: str = ""
    """Canonical name (a person's full name or an institution's name)."""
    title: str = ""
    """Office held, e.g. ``foreign minister``."""
    group: str = ""
    """Named non-state or de facto group, e.g. ``Artsakh``."""
    kind: str = ""
    """``person``, ``institution``, ``country``, ``people`` or ``group``."""
    start: int = -1
    end: int = -1
    entity: str = ""
    """Id of the canonical entity (``sitroom.resolve.entities``), ``""`` until linked."""


@dataclass(slots=True)
class Place:
    """A toponym resolved to a gazetteer entry."""

    text: str
    name: str
    start: int = -1
    end: int = -1
    geonameid: int = 0
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    """ISO-3 country code."""
    admin1: str = ""
    precision: str = "town"
    """``town``, ``region`` or ``country`` (ACLED's geo_precision 1-3)."""


GEO_PRECISION = {"town": 1, "region": 2, "country": 3}
"""ACLED's geo_precision of each ``Place.precision``: the finer the place, the lower."""


@dataclass(slots=True)
class TimeRef:
    """A temporal expression normalised to a TIMEX3 value."""

    text: str
    start: int
    end: int
    type: str
    """TIMEX3 type: ``DATE``, ``TIME``, ``DURATION`` or ``SET``."""
    value: str
    """TIMEX3 value, e.g. ``2020-10-17``, ``2020-W42``, ``P3D``, ``XXXX-WXX-1``."""
    granularity: str = ""
    """``day``, ``week``, ``month``, ``year``, ``time`` or ``""`` when not a point."""
    local: str | None = None
    """Local clock instant (ISO 8601) when a clock time is stated."""
    utc: str | None = None
    """UTC instant (ISO 8601) when a clock time and zone are known."""
    anchor: str = "dct"
    """What a relative expression was resolved against: ``dct``, ``previous`` or ``none``."""


@dataclass(slots=True)
class Casualties:
    """Killed and injured figures as stated, with approximation kept."""

    killed: int | None = None
    injured: int | None = None
    killed_approx: bool = False
    injured_approx: bool = False
    victim_sector: str = ""


@dataclass(slots=True)
class Quote:
    """A direct or reported statement attributed to a speaker."""

    speaker: str
    """Most specific name for the speaker (person's name, else institution)."""
    content: str
    content_start: int
    content_end: int
    direct: bool
    cue: str = ""
    cue_start: int = -1
    cue_end: int = -1
    speaker_actor: Actor | None = None
    speaker_start: int = -1
    speaker_end: int = -1
    date: str | None = None
    date_precision: str | None = None
    relay: str = ""
    """The outlet that relayed the statement ("Armenpress reported, citing X"), if any."""
    speaker_entity: str = ""
    """Id of the speaker's canonical entity (``sitroom.resolve.entities``), ``""`` if none."""


@dataclass(slots=True)
class Event:
    """One event as one article reports it (a mention, not an incident)."""

    type: str
    start: int
    end: int
    """Span of the evidence (trigger phrase) in the article text."""
    trigger: str = ""
    mode: str = ""
    status: str = "occurred"
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None
    time_precision: int = 3
    """ACLED time_precision: 1 day stated, 2 week/month-level, 3 fallback or coarser."""
    place: Place | None = None
    casualties: Casualties = field(default_factory=Casualties)
    claimant: Actor | None = None
    sentence_start: int = -1
    sentence_end: int = -1
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    incident: str = ""
    """Incident id assigned by cross-article resolution."""


@dataclass(slots=True)
class Extraction:
    """Everything the extractors found in one article."""

    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)
    """Extractor name -> version, stored with every mention."""


def country_set(actors: Iterable[Actor]) -> set[str]:
    """The countries of ``actors``, those that have one (``arguments.countries`` keeps
    their order)."""
    return {a.country for a in actors if a.country}


def dates_agree(a: str | None, b: str | None) -> bool:
    """Two ISO dates of any precision are equal at the coarser of the two ("2020-10" and
    "2020-10-04"), or both are unknown."""
    if a is None or b is None:
        return a is None and b is None
    n = min(len(a), len(b))
    return a[:n] == b[:n]
