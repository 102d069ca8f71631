"""Claims per incident: who says what, UCDP-style low/best/high figures, contested fields.

Each claimant (the party an article attributes a mention to; unattributed
reporting is the outlet's own) keeps its own figures, blame and denials. The
low and high estimates are the smallest and largest figure any claimant gives;
the best estimate prefers a claimant that is not a party to the incident (as
UCDP prefers neutral sources), else the median of the claimants' figures. A
field is contested when claimants give different values for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median_low

from sitroom.query import EventRecord

UNATTRIBUTED = "unattributed"


@dataclass(slots=True)
class Claim:
    """What one claimant asserts about an incident, with the mentions it rests on."""

    claimant: str
    """Claimant name, or ``unattributed`` for the outlet's own reporting."""
    country: str = ""
    sector: str = ""
    killed: int | None = None
    injured: int | None = None
    victim_sectors: list[str] = field(default_factory=list)
    blames: list[str] = field(default_factory=list)
    """Countries this claimant names as the side that did it (source actors)."""
    denies: bool = False
    """The claimant denies the incident happened or that it was responsible."""
    statuses: list[str] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Estimate:
    """Low, best and high figures, UCDP GED style (None when nobody gives one)."""

    low: int | None = None
    best: int | None = None
    high: int | None = None


@dataclass(slots=True)
class IncidentSummary:
    """Claims and derived figures for one incident."""

    claims: list[Claim]
    killed: Estimate
    injured: Estimate
    contested: list[str]
    countries: list[str]
    n_articles: int
    n_sources: int


def _claimant(rec: EventRecord) -> tuple[str, str, str]:
    c = rec.event.claimant
    if c is None:
        return UNATTRIBUTED, "", ""
    return (c.name or c.text or c.country or UNATTRIBUTED), c.country, c.sector


def collect_claims(members: Sequence[EventRecord]) -> list[Claim]:
    """One claim per claimant, the largest figure it gives (reports are usually cumulative)."""
    claims: dict[str, Claim] = {}
    for rec in sorted(members, key=lambda r: (r.doc, r.event.start)):
        name, country, sector = _claimant(rec)
        claim = claims.setdefault(name.lower(), Claim(name, country, sector))
        e = rec.event
        for attr in ("killed", "injured"):
            value = getattr(e.casualties, attr)
            if value is not None:
                current = getattr(claim, attr)
                setattr(claim, attr, value if current is None else max(current, value))
        if e.casualties.victim_sector and e.casualties.victim_sector not in claim.victim_sectors:
            claim.victim_sectors.append(e.casualties.victim_sector)
        if e.status == "denied":
            claim.denies = True
        else:
            for a in e.source:
                if a.country and a.country not in claim.blames:
                    claim.blames.append(a.country)
        if e.status not in claim.statuses:
            claim.statuses.append(e.status)
        claim.event_ids.append(rec.id)
        if rec.article_id not in claim.articles:
            claim.articles.append(rec.article_id)
    return list(claims.values())


def estimate(claims: Sequence[Claim], attr: str, parties: set[str]) -> Estimate:
    """Low/best/high of one figure across claimants; neutral claimants set the best."""
    given = [(c, getattr(c, attr)) for c in claims if getattr(c, attr) is not None]
    if not given:
        return Estimate()
    values = [v for _, v in given]
    neutral = [v for c, v in given if c.country and c.country not in parties]
    if not neutral:
        neutral = [v for c, v in given if c.claimant == UNATTRIBUTED]
    best = median_low(neutral) if neutral else median_low(values)
    return Estimate(min(values), best, max(values))


def contested_fields(claims: Sequence[Claim]) -> list[str]:
    """Fields on which claimants disagree: figures, blame, or a denial against a claim."""
    out = []
    for attr in ("killed", "injured"):
        if len({getattr(c, attr) for c in claims if getattr(c, attr) is not None}) > 1:
            out.append(attr)
    blames = [frozenset(c.blames) for c in claims if c.blames]
    if len(set(blames)) > 1 and not frozenset.intersection(*blames):
        out.append("blame")
    if any(c.denies for c in claims) and any(not c.denies for c in claims):
        out.append("occurred")
    return out


def independent_sources(articles: Iterable[str], same_copy: Mapping[str, str]) -> int:
    """Distinct articles once near-duplicate copies are collapsed (``same_copy``: id -> group)."""
    return len({same_copy.get(a, a) for a in articles})


def summarize(members: Sequence[EventRecord], same_copy: Mapping[str, str]) -> IncidentSummary:
    """Claims, estimates, contested fields and source counts of one incident."""
    claims = collect_claims(members)
    parties = {a.country for m in members for a in m.event.source + m.event.target if a.country}
    articles = {m.article_id for m in members}
    return IncidentSummary(
        claims=claims,
        killed=estimate(claims, "killed", parties),
        injured=estimate(claims, "injured", parties),
        contested=contested_fields(claims),
        countries=sorted(parties),
        n_articles=len(articles),
        n_sources=independent_sources(articles, same_copy),
    )
