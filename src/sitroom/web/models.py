"""The JSON API's response models, so that its OpenAPI schema types every answer and
clients can generate code from it.

The records are built as dicts by ``sitroom.export.records`` and ``sitroom.cli.incidents``
(one builder per record for the API, the CLI and the exports); these models describe them.
Each allows fields beyond those listed, so a field added to a record reaches clients
before it is described here.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorOut(_Open):
    """An actor as a record names it: its words in the text, canonical name and codes."""

    text: str
    name: str = ""
    country: str = Field("", description="ISO-3 code; empty when unknown.")
    sector: str = Field("UNK", description="GOV, MIL, CVL, REB, IGO, MED or UNK.")
    group: str | None = None


class PlaceOut(_Open):
    """A place resolved in the gazetteer."""

    name: str
    text: str = ""
    geonameid: int = 0
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    admin1: str = ""
    precision: str = Field("town", description="town, region or country.")


class EventOut(_Open):
    """An event mention with its actors, place, figures, claimant and source sentence."""

    id: int
    doc: str
    article_id: str
    type: str = Field(description="PLOVER event type, e.g. ASSAULT.")
    mode: str = ""
    status: str = Field(description="occurred, planned, denied or reported-violation.")
    date: str | None = Field(None, description="ISO date at day, month or year precision.")
    date_precision: str | None = None
    time_precision: int = 3
    source: list[ActorOut] = []
    target: list[ActorOut] = []
    place: PlaceOut | None = None
    killed: int | None = None
    injured: int | None = None
    killed_approx: bool = False
    injured_approx: bool = False
    victim_sector: str = ""
    claimant: ActorOut | None = None
    acled_event_type: str = ""
    acled_sub_event_type: str = ""
    incident: str = ""
    trigger: str = ""
    span: list[int] = Field(description="Start and end of the evidence in the article text.")
    sentence: str = ""


class QuoteOut(_Open):
    """A direct or reported statement with its speaker and source sentence."""

    id: int
    doc: str
    article_id: str
    speaker: str
    speaker_actor: ActorOut | None = None
    direct: bool
    cue: str = ""
    content: str
    span: list[int]
    date: str | None = None
    date_precision: str | None = None
    sentence: str = ""


class ArticleOut(_Open):
    """An article's metadata and how much was extracted from it."""

    id: str
    doc: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    dateline: str | None = None
    published: str | None = None
    published_earliest: str | None = None
    published_latest: str | None = None
    published_inferred: bool = False
    language: str = "en"
    events: int = 0
    quotes: int = 0
    chars: int = 0


class SpanOut(BaseModel):
    """One span sitroom extracted from an article."""

    kind: str = Field(description="actor, place, time, event or quote.")
    span: list[int]
    label: str


class ArticleFullOut(ArticleOut):
    """An article with its analysed text and every extracted span."""

    text: str
    mentions: list[SpanOut] = []


class EstimateOut(BaseModel):
    """Low, best and high figures across claimants (UCDP style)."""

    low: int | None = None
    best: int | None = None
    high: int | None = None


class ClaimOut(_Open):
    """What one claimant asserts about an incident."""

    claimant: str
    country: str = ""
    sector: str = ""
    killed: int | None = None
    injured: int | None = None
    victim_sectors: list[str] = []
    blames: list[str] = []
    denies: bool = False
    statuses: list[str] = []
    event_ids: list[int] = []
    articles: list[str] = []


class IncidentOut(_Open):
    """One real-world incident, however many articles report it."""

    id: str
    type: str
    mode: str = ""
    status: str = "occurred"
    date: str | None = None
    date_precision: str | None = None
    place: str | None = None
    place_country: str | None = None
    place_admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    contested: list[str] = Field([], description="Fields the claimants disagree on.")
    countries: list[str] = []
    n_mentions: int
    n_articles: int
    n_sources: int = Field(description="Articles once near-duplicate copies count once.")
    killed: EstimateOut
    injured: EstimateOut
    mentions: list[EventOut] | None = Field(
        None, description="On one incident: every mention, with why it joined (reason)."
    )
    claims: list[ClaimOut] | None = None


class IncidentFullOut(IncidentOut):
    """An incident with its name, actors, claimants and outlets in words."""

    name: str
    actor_labels: list[str] = []
    claimant_labels: list[str] = []
    outlets: list[str] = []


class AgreementOut(_Open):
    """A ceasefire or truce with its parties, brokers, start and reported violations."""

    id: str
    incident_id: str
    kind: str
    parties: list[str]
    brokers: list[str]
    agreed: str | None = None
    in_force: dict[str, str | None]
    sources: list[EventOut] = []
    violations: list[IncidentOut] = Field(
        [], description="Incidents reported as violations, each with reason and sources."
    )


class DailyCountOut(BaseModel):
    """Day-precision event mentions of one type on one day."""

    day: str
    type: str
    count: int


class ActorSummaryOut(BaseModel):
    """A country-coded actor with the names it appears under and its counts."""

    country: str
    names: list[str]
    events: int
    quotes: int


class SearchHitOut(BaseModel):
    """An article matching a search, with its snippet."""

    id: str
    doc: str
    title: str
    published: str | None = None
    snippet: str
    matches: list[str]


class ActorOneOut(BaseModel):
    """One country: the events involving it and the statements of its actors."""

    country: str
    name: str
    events: list[EventOut]
    quotes: list[QuoteOut]
    limit: int
    offset: int


class PlaceLabelOut(BaseModel):
    """A place name to print on the map."""

    name: str
    lat: float
    lon: float
    kind: str
    population: int
    admin1: str
    country: str


class PlaceLabelsOut(BaseModel):
    """The place names of a map view."""

    items: list[PlaceLabelOut]


class Page(BaseModel, Generic[T]):
    """One page of a list, and the offset of the next (None on the last)."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = None
    total: int | None = Field(None, description="Every match, when asked for with total=true.")


class FeatureOut(_Open):
    """A GeoJSON point feature of one located incident."""

    type: str = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollectionOut(BaseModel):
    """Located incidents as a GeoJSON FeatureCollection."""

    type: str = "FeatureCollection"
    features: list[FeatureOut]
