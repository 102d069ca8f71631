"""Incident resolution as a pure core: a loaded neighbourhood in, one diff out.

Resolving a batch of new mentions (one article's) runs in three steps. ``sitroom.resolve.
incidents`` loads what the decision can depend on from the store into the plain records
below (``CopyNeighbourhood``, ``Neighbourhood``, ``TrackerState``); the functions here
decide, with no store and no I/O, which incidents the mentions found or join, which
incidents are redone, recounted or left memberless, each membership with its reason, and
what the ceasefire tracker holds; the store writes the resulting ``IncidentDiff`` (or
agreement rows) in one transaction. The same functions serve any engine that can hand
them a neighbourhood.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitroom.model import Actor, Event, Place
from sitroom.query import EventRecord
from sitroom.resolve.agreements import (
    Agreement,
    MentionContext,
    build_agreement,
    is_agreement,
    is_violation,
    link_violations,
)
from sitroom.resolve.claims import summarize
from sitroom.resolve.clusters import (
    PLACE_LIMIT_KM,
    VERSION,
    Cluster,
    Signature,
    assign,
    consistent_with,
    copy_signature,
    incident_row,
    linkable,
    nearby_days,
)
from sitroom.resolve.overrides import Constraints, mention_key
from sitroom.store.incidents import CandidateMention, IncidentCounts, IncidentDiff, PlaceBox


@dataclass(slots=True)
class Original:
    """A stored article that a new one copies (a near-duplicate link), by its mentions."""

    article_id: str
    twins: list[tuple[Signature, str, str]]
    """(``copy_signature``, incident, doc) of each of its mentions, by position."""


@dataclass(slots=True)
class StoredMention:
    """What counting an incident's members needs of one stored mention."""

    event_id: int
    article_id: str
    mode: str


@dataclass(slots=True)
class CopyNeighbourhood:
    """What deciding whether a new article only repeats a stored original needs."""

    article_id: str
    records: list[EventRecord]
    originals: list[Original] = field(default_factory=list)
    """Its near-duplicate originals, most similar first."""
    members: dict[str, list[StoredMention]] = field(default_factory=dict)
    """The originals' incidents -> their stored mentions."""
    modes: dict[str, str] = field(default_factory=dict)
    """The originals' incidents -> their stored majority mode."""


@dataclass(slots=True)
class Neighbourhood:
    """The stored incidents new mentions can join, with all that deciding needs of them."""

    article_id: str
    records: list[EventRecord]
    """The article's mentions, by position (with their incidents, when reprocessed)."""
    constraints: Constraints
    candidates: list[str]
    """Incidents of other articles whose type matches and whose dates can agree, sorted."""
    members: dict[str, list[EventRecord]]
    """Joinable candidate incident -> its stored members (in ``mentions_of``'s order); the
    others (``joinable_incidents``) are left as they are."""
    sizes: dict[str, int]
    """Candidate incident -> its stored mention count."""
    reasons: dict[str, dict[int, str]]
    """Candidate incident -> (event id -> why it joined), as stored."""
    links: list[tuple[str, str]]
    """Near-duplicate links (article, other) touching any article of the neighbourhood."""


@dataclass(slots=True)
class Decision:
    """What resolving one article decided: the writes and who else must hear of them."""

    diff: IncidentDiff
    incidents: int
    """How many incidents the article's mentions belong to."""
    tracker: list[str] | None = None
    """Incidents whose ceasefire-tracker standing may have changed (None: none to redo)."""


def copyable(records: Sequence[EventRecord], constraints: Constraints) -> bool:
    """Could these (new) mentions be a copy's, joining their original's incidents outright?

    Not when there are none, when any already has an incident (a reprocessed article), or
    when any is named in a merge or split override: those take the full comparison.
    """
    if not records or any(r.event.incident for r in records):
        return False
    return not any(mention_key(r) in constraints.partners for r in records)


def decide_copy(nb: CopyNeighbourhood) -> Decision | None:
    """Put a near-duplicate copy's mentions into its original's incidents, if they are the same.

    A syndicated copy whose every mention repeats one of a stored original's
    (same sentence, type, date, place, actors, figures and claimant) reports the
    same incidents: each mention joins its counterpart's incident, and since a
    copy counts as the same source, only the incidents' counts and majority mode
    change. That keeps resolution flat in the number of copies. None when no
    original matches (the caller then takes the full comparison).
    """
    mine = Counter(copy_signature(r) for r in nb.records)
    for original in nb.originals:
        theirs = original.twins
        if any(not incident for _, incident, _ in theirs):
            continue
        if Counter(sig for sig, _, _ in theirs) != mine:
            continue
        counterpart: dict[Signature, list[tuple[str, str]]] = {}
        for sig, incident, doc in theirs:
            counterpart.setdefault(sig, []).append((incident, doc))
        members: dict[int, tuple[str, str]] = {}
        for r in nb.records:
            incident, doc = counterpart[copy_signature(r)].pop(0)
            r.event.incident = incident
            members[r.id] = (incident, f"near-duplicate copy of {doc}")
        counts = _recount(nb, members)
        # Same sentences, so the same brokers and start times: the tracker only needs
        # redoing where the copy tipped an incident's majority mode.
        remoded = [c.id for c in counts if nb.modes.get(c.id) != c.mode]
        return Decision(
            IncidentDiff(members=members, counts=counts),
            len({r.event.incident for r in nb.records}),
            remoded or None,
        )
    return None


def _recount(nb: CopyNeighbourhood, members: Mapping[int, tuple[str, str]]) -> list[IncidentCounts]:
    """Counts and majority mode of the incidents ``members`` join, with them added."""
    modes = {r.id: r.event.mode for r in nb.records}
    out: list[IncidentCounts] = []
    for inc in sorted({inc for inc, _ in members.values()}):
        mentions = [(m.event_id, m.article_id, m.mode) for m in nb.members.get(inc, [])]
        mentions += [(e, nb.article_id, modes[e]) for e, (i, _) in members.items() if i == inc]
        ranked = Counter(mode for _, _, mode in mentions if mode)
        # The most frequent mode; ties go to the first in alphabetical order.
        mode = min(ranked, key=lambda m: (-ranked[m], m)) if ranked else ""
        articles = len({a for _, a, _ in mentions})
        out.append(IncidentCounts(inc, len(mentions), articles, mode))
    return out


def same_copy(links: Iterable[tuple[str, str]], article_ids: Iterable[str]) -> dict[str, str]:
    """Article id -> a representative of its near-duplicate group (for counting sources once).

    Only links that touch one of ``article_ids`` count (as the store reads them for these
    articles); a group's representative is its smallest id.
    """
    wanted = set(article_ids)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in wanted or b in wanted:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {a: find(a) for a in wanted}


_KM_PER_DEGREE = 111.19
"""Kilometres per degree of latitude (and of longitude on the equator): a great circle is
at least as long as the change of latitude along it."""


def place_box(e: Event) -> PlaceBox | None:
    """Where the places that can agree with ``e``'s lie, with room to spare, or None when any
    can (no place, a country-level one, no coordinates, or near a pole or the date line).

    A stored mention with a town or region place outside the box and another admin area
    is more than ``PLACE_LIMIT_KM`` away, so ``compatible`` rules it out.
    """
    p = e.place
    if p is None or p.precision == "country" or p.lat is None or p.lon is None:
        return None
    dlat = PLACE_LIMIT_KM / _KM_PER_DEGREE * 1.1
    pole = abs(p.lat) + dlat
    if pole >= 80:
        return None
    dlon = PLACE_LIMIT_KM / (_KM_PER_DEGREE * math.cos(math.radians(pole))) * 1.5
    if abs(p.lon) + dlon >= 180:
        return None
    return (p.lat - dlat, p.lat + dlat, p.lon - dlon, p.lon + dlon, p.admin1)


def candidate_keys(
    records: Sequence[EventRecord], constraints: Constraints, *, reprocessed: bool = False
) -> list[tuple[str, str, list[str]] | tuple[str, str, list[str], PlaceBox]]:
    """(type, date, countries[, place box]) of the mentions: what the candidate query looks
    up. An undated mention joins only an incident naming one of its countries
    (``linkable``), so it looks up every date ("") of those countries, and not at all when
    it names none; a day-dated one looks up the days ``NEAR_DAYS`` around it too. No box
    for a reprocessed article (its incidents are all redone) nor when an override names one
    of the mentions (a merge joins whatever the rules say)."""
    boxed = not reprocessed and not any(mention_key(r) in constraints.partners for r in records)
    keys: list[tuple[str, str, list[str]] | tuple[str, str, list[str], PlaceBox]] = []
    for r in records:
        e = r.event
        countries = sorted({a.country for a in e.source + e.target if a.country})
        if e.date is None and not countries:
            continue
        box = place_box(e) if boxed else None
        # a day-dated mention may be a later day's toll of an attack (``near_days``)
        for date in [e.date or "", *nearby_days(e.date or "")]:
            keys.append(
                (e.type, date, countries) if box is None else (e.type, date, countries, box)
            )
    return keys


def probe_event(m: CandidateMention) -> Event:
    """A stored candidate mention as an ``Event`` holding what ``compatible`` reads."""
    place = None
    if m.place_name is not None:
        place = Place(
            text="",
            name=m.place_name,
            lat=m.place_lat,
            lon=m.place_lon,
            country=m.place_country or "",
            admin1=m.place_admin1 or "",
            precision=m.place_precision or "town",
        )
    return Event(
        type=m.type,
        start=-1,
        end=-1,
        mode=m.mode,
        status=m.status,
        date=m.date,
        place=place,
        source=[Actor(text="", country=c) for c in m.source],
        target=[Actor(text="", country=c) for c in m.target],
    )


def joinable_incidents(
    records: Sequence[EventRecord],
    mentions: Sequence[CandidateMention],
    constraints: Constraints,
    *,
    reprocessed: bool = False,
) -> list[str]:
    """The candidate incidents (of ``mentions``) that one of ``records`` could join, sorted.

    A mention joins an incident only if one member is linkable with it and none
    contradicts it (``consistent_with``: complete link, but for a few outlying places), so
    an incident whose candidate mentions no new mention could join is left out, and its
    members are never loaded: the neighbourhood is the same town, region or parties, not
    the whole day of that type.
    Every candidate is kept for a reprocessed article (its incidents lose members and are
    redone) and when an override names one of the mentions (a merge joins whatever the
    rules say).
    """
    incidents = sorted({m.incident for m in mentions})
    if reprocessed or any(mention_key(r) in constraints.partners for r in records):
        return incidents
    new = [r.event for r in records]
    probes: dict[str, list[Event]] = {}
    for m in mentions:
        probes.setdefault(m.incident, []).append(probe_event(m))
    return [inc for inc in incidents if any(_could_join(probes[inc], e) for e in new)]


def _could_join(members: Sequence[Event], e: Event) -> bool:
    # The members' figures are not loaded: a later day's toll (``near``) may join.
    return consistent_with(members, e, near=True) and any(
        linkable(p, e, near=True) for p in members
    )


def decide_article(nb: Neighbourhood) -> Decision:
    """Resolve an article's mentions against their neighbourhood: the incidents to rewrite.

    Each mention joins the candidate it agrees with most, or founds an incident
    (``assign``); only incidents that gain one of the article's mentions or lost some
    (the article reprocessed) are redone, each member keeping its stored reason; the
    candidates and the article's former incidents are checked for being left memberless.
    """
    article_id, records = nb.article_id, nb.records
    clusters: list[Cluster] = []
    for inc in nb.candidates:
        members = [r for r in nb.members.get(inc, []) if r.article_id != article_id]
        if members:
            clusters.append(Cluster(inc, members))
    # Candidates not loaded (no new mention can join them) still hold their ids.
    reserved = set(nb.candidates) - set(nb.members)
    # Incidents that lost mentions (this article reprocessed) need their summaries redone.
    shrunk = {c.id for c in clusters if nb.sizes.get(c.id) != len(c.members)}
    own = {r.id for r in records}
    previous = {r.event.incident for r in records if r.event.incident}
    touched = [
        c
        for c in assign(records, clusters, nb.constraints, reserved=reserved)
        if c.id in shrunk or any(m.id in own for m in c.members)
    ]
    for c in touched:
        kept = nb.reasons.get(c.id, {})
        for m in c.members:
            if m.id not in own and m.id not in c.reasons and kept.get(m.id):
                c.reasons[m.id] = kept[m.id]
    diff = incident_diff(
        touched, same_copy(nb.links, {m.article_id for c in touched for m in c.members})
    )
    diff.stale = sorted(set(nb.candidates) | previous)
    tracker = None
    if any(is_agreement(r.event.type, r.event.mode) or _violation(r) for r in records):
        tracker = [c.id for c in touched]
    return Decision(
        diff, len({c.id for c in touched if any(m.id in own for m in c.members)}), tracker
    )


def incident_diff(clusters: Sequence[Cluster], groups: Mapping[str, str]) -> IncidentDiff:
    """The rows and memberships that store ``clusters`` (``groups``: ``same_copy`` of their
    members' articles)."""
    rows = [incident_row(c, summarize(c.members, groups)) for c in clusters]
    members = {m.id: (c.id, c.reasons.get(m.id, "")) for c in clusters for m in c.members}
    return IncidentDiff(rows=rows, members=members)


def _violation(r: EventRecord) -> bool:
    return is_violation(r.event.type, r.event.mode, r.event.status)


# --- The ceasefire tracker ----------------------------------------------------------------


@dataclass(slots=True)
class TrackerState:
    """What rebuilding the ceasefire tracker needs from the store."""

    rows: list[Any]
    """Agreement and violation incidents (``si.tracker_rows``), in date order."""
    stored: dict[str, Agreement]
    """Incident id -> its stored agreement (only when some are kept, not rebuilt)."""
    members: dict[str, list[EventRecord]] = field(default_factory=dict)
    """Agreement incidents rebuilt -> their members."""
    contexts: dict[int, MentionContext] = field(default_factory=dict)
    """Event id -> the actors and times of its sentence, for those members."""


def agreements_to_rebuild(
    rows: Sequence[Any], stored: Mapping[str, Agreement], changed: Sequence[str] | None
) -> list[str]:
    """Agreement incidents whose agreement is built afresh (all when ``changed`` is None)."""
    return [
        r.id
        for r in rows
        if is_agreement(r.type, r.mode)
        and (changed is None or r.id in changed or r.id not in stored)
    ]


def decide_agreements(state: TrackerState, changed: Sequence[str] | None) -> list[Agreement]:
    """Every agreement (rebuilt or kept) with the reported violations linked to it."""
    wanted = set(agreements_to_rebuild(state.rows, state.stored, changed))
    agreements: list[Agreement] = []
    violations: list[tuple[str, str | None, list[str]]] = []
    for row in state.rows:
        if is_agreement(row.type, row.mode):
            if row.id not in wanted:
                agreements.append(state.stored[row.id])
                continue
            members = state.members.get(row.id, [])
            contexts = [state.contexts[m.id] for m in members]
            agreements.append(build_agreement(row.id, members, contexts))
        elif is_violation(row.type, row.mode, row.status):
            violations.append((row.id, row.date, json.loads(row.countries)))
    link_violations(agreements, violations)
    return agreements


def agreement_values(agreements: Sequence[Agreement]) -> list[dict[str, Any]]:
    """The stored rows of ``agreements``."""
    return [
        {
            "id": a.id,
            "incident_id": a.incident_id,
            "kind": a.kind,
            "parties": json.dumps(a.parties),
            "brokers": json.dumps(a.brokers),
            "agreed": a.agreed,
            "in_force_local": a.in_force_local,
            "in_force_utc": a.in_force_utc,
            "in_force_zone": a.in_force_zone,
            "in_force_text": a.in_force_text,
            "version": VERSION,
        }
        for a in agreements
    ]


def violation_values(agreements: Sequence[Agreement]) -> list[dict[str, str]]:
    """The stored violation links of ``agreements``."""
    return [
        {"agreement_id": a.id, "incident_id": inc, "reason": why}
        for a in agreements
        for inc, why in a.violations
    ]


__all__ = [
    "CopyNeighbourhood",
    "Decision",
    "Neighbourhood",
    "Original",
    "StoredMention",
    "TrackerState",
    "agreement_values",
    "agreements_to_rebuild",
    "candidate_keys",
    "copyable",
    "decide_agreements",
    "decide_article",
    "decide_copy",
    "incident_diff",
    "joinable_incidents",
    "place_box",
    "probe_event",
    "same_copy",
    "violation_values",
]
