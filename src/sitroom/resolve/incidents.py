"""Group event mentions, within and across articles, into incidents.

Two mentions may report one incident when their types agree, their modes
belong to one family, their dates agree at the coarser precision, their
places lie close together (or share a country when one is country-level),
and the countries involved overlap. A mention joins the compatible incident
it agrees with most (complete link: it must be compatible with every member)
and records why; user overrides (merge, split) are constraints that win over
the rules. Incremental resolution compares a new article's mentions only with
incidents of the same type whose dates can match.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sitroom.geo.distance import haversine_km
from sitroom.model import SAYING_TYPES, Actor, Event
from sitroom.query import EventRecord, select_events
from sitroom.resolve.agreements import (
    AGREEMENT_MODES,
    Agreement,
    MentionContext,
    build_agreement,
    is_agreement,
    is_violation,
    link_violations,
)
from sitroom.resolve.claims import IncidentSummary, summarize
from sitroom.resolve.mentions import MentionCache, mentions_in_article, mentions_of
from sitroom.resolve.overrides import Constraints, OverrideRow, mention_key
from sitroom.store import Store
from sitroom.store import incidents as si

log = logging.getLogger(__name__)

VERSION = "incidents-2"

_MODE_FAMILIES = {
    "missile": "strike",
    "rocket": "strike",
    "rocket/mortar": "strike",
    "artillery": "strike",
    "shelling": "strike",
    "drone": "strike",
    "airstrike": "strike",
    "air": "strike",
    "clash": "ground",
    "small-arms": "ground",
    "war": "war",
    "ceasefire": "ceasefire",
    "ceasefire-violation": "violation",
    "phone": "contact",
    "visit": "contact",
    "meeting": "contact",
    "talks": "contact",
}

_WORDING_MIN = 0.2
_TOWN_KM = 50.0
_REGION_KM = 250.0


def _family(mode: str) -> str:
    return _MODE_FAMILIES.get(mode, mode)


def _countries(e: Event) -> set[str]:
    return {a.country for a in e.source + e.target if a.country}


def _dates_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _place_reason(a: Event, b: Event) -> str | None:
    """Why the places agree ("" when one has none), or None when they conflict."""
    pa, pb = a.place, b.place
    if pa is None or pb is None:
        return ""
    if pa.precision == "country" or pb.precision == "country":
        if pa.country and pb.country and pa.country != pb.country:
            return None
        return f"same country {pa.country or pb.country}"
    if None not in (pa.lat, pa.lon, pb.lat, pb.lon):
        km = haversine_km(pa.lat, pa.lon, pb.lat, pb.lon)  # type: ignore[arg-type]
        limit = _TOWN_KM if "town" in (pa.precision, pb.precision) else _REGION_KM
        if km <= limit:
            return f"places {pa.name} ~ {pb.name} {km:.0f} km"
        if pa.admin1 and pa.admin1 == pb.admin1:
            return f"same admin area {pa.admin1}"
        return None
    if pa.country and pb.country and pa.country != pb.country:
        return None
    return f"same country {pa.country}" if pa.country else ""


def compatible(a: Event, b: Event) -> bool:
    """Could these two mentions report the same real-world incident?"""
    if a.type != b.type:
        return False
    if {a.status, b.status} == {"planned", "reported-violation"}:
        return False
    if a.mode and b.mode and _family(a.mode) != _family(b.mode):
        return False
    if not _dates_agree(a.date, b.date):
        return False
    if _place_reason(a, b) is None:
        return False
    ca, cb = _countries(a), _countries(b)
    if ca and cb and not ca & cb:
        return False
    if a.type in SAYING_TYPES:
        # Who said or offered it identifies a statement: Baku blaming Yerevan and
        # Yerevan blaming Baku are two incidents, unlike the two sides of one clash.
        sa = {x.country for x in a.source if x.country}
        sb = {x.country for x in b.source if x.country}
        if sa and sb and not sa & sb:
            return False
    return True


def _same_statement_allowed(ra: EventRecord, rb: EventRecord) -> bool:
    """One article reports two statements of one type as two mentions: keep them apart."""
    return ra.event.type not in SAYING_TYPES or ra.article_id != rb.article_id


def _corroborated(ra: EventRecord, rb: EventRecord) -> bool:
    """A vaguer or fallback date joins another only with a second sign: place, wording, trigger."""
    a, b = ra.event, rb.event
    # (one year is no sign: a year holds many calls, offers and clashes)
    if a.date == b.date and len(a.date or "") >= 7 and not (_fallback_date(a) or _fallback_date(b)):
        return True
    if a.place is not None and b.place is not None:
        return True
    if a.trigger and a.trigger.lower() == b.trigger.lower():
        return True
    wa, wb = _words(ra), _words(rb)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= _WORDING_MIN


def _fallback_date(e: Event) -> bool:
    """Dated only by the report's month (nothing in the text dates it): no sign of identity."""
    return e.date_precision == "month" and e.time_precision == 3


def _joinable(ra: EventRecord, rb: EventRecord) -> bool:
    return (
        compatible(ra.event, rb.event) and _same_statement_allowed(ra, rb) and _corroborated(ra, rb)
    )


def link_reason(a: Event, b: Event) -> str | None:
    """Why two mentions may report one incident, or None when they cannot."""
    if not compatible(a, b):
        return None
    place = _place_reason(a, b)
    ca, cb = _countries(a), _countries(b)
    parts = [f"type {a.type}", f"date {a.date} ~ {b.date}"]
    if a.mode and b.mode:
        parts.insert(1, f"mode {a.mode} ~ {b.mode}")
    if place:
        parts.append(place)
    if ca & cb:
        parts.append("actors " + ",".join(sorted(ca & cb)))
    return "; ".join(parts)


_WORD = re.compile(r"[^\W\d_]{4,}")


def _words(rec: EventRecord) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(rec.sentence))


def _affinity(ra: EventRecord, rb: EventRecord) -> float:
    """How strongly two compatible mentions agree (higher joins first).

    Attributes count most; the wording of the two sentences (shared words) breaks ties.
    """
    a, b = ra.event, rb.event
    wa, wb = _words(ra), _words(rb)
    score = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
    if a.mode and a.mode == b.mode:
        score += 1.0
    if a.date and a.date == b.date:
        score += 1.0 + len(a.date) / 10
    if a.place and b.place and a.place.name == b.place.name:
        score += 1.0
    ca, cb = _countries(a), _countries(b)
    if ca and cb:
        score += len(ca & cb) / len(ca | cb)
    if a.status == b.status:
        score += 0.5
    if a.trigger and a.trigger.lower() == b.trigger.lower():
        score += 0.5
    return score


@dataclass(slots=True)
class Cluster:
    """One incident being built: its members and why each joined."""

    id: str
    members: list[EventRecord] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    """Event id -> why it joined (empty for the founding mention)."""

    def mention_keys(self) -> set[str]:
        """Stable mention keys of the members."""
        return {mention_key(m) for m in self.members}


def incident_id(rec: EventRecord) -> str:
    """A stable id from the incident's founding mention."""
    e = rec.event
    digest = hashlib.sha1(f"{rec.article_id}:{e.start}:{e.type}".encode()).hexdigest()[:10]
    return f"{e.type.lower()}-{e.date or 'undated'}-{digest}"


def _order(records: Iterable[EventRecord]) -> list[EventRecord]:
    """Most precise dates first, so coarse mentions join incidents that are already dated."""
    return sorted(records, key=lambda r: (-len(r.event.date or ""), r.doc, r.event.start))


class _DateIndex:
    """Clusters by type and date, so a mention is compared only with clusters it can match.

    A cluster is filed under its most precise date; a day-precise mention looks
    at clusters of that day, month-only ones of its month and year-only ones of
    its year; a coarser mention looks at every cluster of its month or year.
    """

    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], list[Cluster]] = {}
        self.within: dict[tuple[str, str], list[Cluster]] = {}
        # By object, not incident id: a re-processed article's new cluster can be given the
        # id its old incident had while that one is still in the index.
        self.filed: dict[int, tuple[str, str]] = {}

    def add(self, cluster: Cluster) -> None:
        """File a cluster (again, when a more precise member joined)."""
        type_ = cluster.members[0].event.type
        date = max((m.event.date or "" for m in cluster.members), key=len)
        old_type, old = self.filed.get(id(cluster), (type_, None))
        if old == date or not date:
            return
        if old is not None:
            filed = self.exact[(old_type, old)]
            filed[:] = [c for c in filed if c is not cluster]
        self.exact.setdefault((type_, date), []).append(cluster)
        for prefix in {date[:4], date[:7]} - ({old[:4], old[:7]} if old else set()):
            self.within.setdefault((type_, prefix), []).append(cluster)
        self.filed[id(cluster)] = (type_, date)

    def candidates(self, e: Event) -> list[Cluster]:
        """Clusters whose dates can agree with the mention's."""
        d = e.date
        if not d:
            return []
        if len(d) >= 10:
            keys = [d, d[:7], d[:4]] if len(d) == 10 else [d, d[:4]]
            return [c for k in keys for c in self.exact.get((e.type, k), [])]
        if len(d) == 7:
            return self.within.get((e.type, d), []) + self.exact.get((e.type, d[:4]), [])
        return self.within.get((e.type, d[:4]), [])


def _best_cluster(
    rec: EventRecord, key: str, candidates: list[Cluster], rules: Constraints
) -> tuple[Cluster | None, str]:
    best: Cluster | None = None
    best_score, anchor = -1.0, rec
    constrained = key in rules.partners
    for cluster in candidates:
        if constrained and rules.forbids(key, cluster.mention_keys()):
            continue
        if not all(_joinable(m, rec) for m in cluster.members):
            continue
        scored = [(_affinity(m, rec), m) for m in cluster.members]
        score, top = max(scored, key=lambda x: x[0])
        if score > best_score:
            best, best_score, anchor = cluster, score, top
    if best is None:
        return None, ""
    # The anchor is named by its stable key (article, offset, type), never by its row id,
    # which reprocessing renews: a stored reason must not point at a row that is gone.
    why = link_reason(anchor.event, rec.event)
    return best, f"with event {mention_key(anchor)} ({anchor.doc}): {why}"


def assign(
    records: Iterable[EventRecord],
    clusters: list[Cluster],
    constraints: Constraints | None = None,
) -> list[Cluster]:
    """Place each record in the best compatible cluster (or a new one); returns every cluster."""
    rules = constraints or Constraints()
    by_key: dict[str, Cluster] = {k: c for c in clusters for k in c.mention_keys()}
    taken = {c.id for c in clusters}
    index = _DateIndex()
    for c in clusters:
        index.add(c)
    for rec in _order(records):
        key = mention_key(rec)
        forced = rules.forced_cluster(key, by_key) if key in rules.partners else None
        if forced is not None:
            forced.members.append(rec)
            forced.reasons[rec.id] = rules.reason(key, forced.mention_keys())
        else:
            best, why = _best_cluster(rec, key, index.candidates(rec.event), rules)
            if best is None:
                forced = Cluster(_unique(incident_id(rec), taken), [rec])
                taken.add(forced.id)
                clusters.append(forced)
            else:
                forced = best
                best.members.append(rec)
                best.reasons[rec.id] = why
        index.add(forced)
        by_key[key] = forced
    return clusters


def _unique(incident: str, taken: set[str]) -> str:
    """``incident``, or it with a number added when an incident already has that id (a
    re-processed article's mention can found an incident while its old one still stands)."""
    n, out = 2, incident
    while out in taken:
        out, n = f"{incident}-{n}", n + 1
    return out


def cluster_events(
    records: list[EventRecord], constraints: Constraints | None = None
) -> dict[int, str]:
    """Assign an incident id to every event mention (event id -> incident id)."""
    out: dict[int, str] = {}
    for cluster in assign(records, [], constraints):
        for m in cluster.members:
            out[m.id] = cluster.id
    return out


# --- Store-facing resolution -----------------------------------------------------------


def _constraints(store: Store) -> Constraints:
    return Constraints.from_rows(OverrideRow(*row) for row in si.load_overrides(store))


def _representative(members: list[EventRecord]) -> EventRecord:
    """The member with the most precise date, then a town-level place, then the earliest."""

    def rank(r: EventRecord) -> tuple[int, int, str, int]:
        place = r.event.place
        precise_place = 2 if place and place.precision == "town" else 1 if place else 0
        return (-len(r.event.date or ""), -precise_place, r.doc, r.event.start)

    return min(members, key=rank)


def incident_row(cluster: Cluster, summary: IncidentSummary) -> si.IncidentRow:
    """The stored summary of one incident."""
    rep = _representative(cluster.members)
    e = rep.event
    modes = sorted(m.event.mode for m in cluster.members if m.event.mode)
    statuses = {m.event.status for m in cluster.members}
    status = "occurred" if "occurred" in statuses else e.status
    p = next(
        (m.event.place for m in sorted(cluster.members, key=_place_rank) if m.event.place), None
    )
    return si.IncidentRow(
        id=cluster.id,
        type=e.type,
        # The most frequent mode; ties go to the first in alphabetical order.
        mode=max(dict.fromkeys(modes), key=modes.count) if modes else "",
        status=status,
        date=e.date,
        date_precision=e.date_precision,
        place_name=p.name if p else None,
        place_country=p.country if p else None,
        place_admin1=p.admin1 if p else None,
        place_lat=p.lat if p else None,
        place_lon=p.lon if p else None,
        killed=(summary.killed.low, summary.killed.best, summary.killed.high),
        injured=(summary.injured.low, summary.injured.best, summary.injured.high),
        contested=summary.contested,
        countries=summary.countries,
        n_mentions=len(cluster.members),
        n_articles=summary.n_articles,
        n_sources=summary.n_sources,
    )


def _place_rank(r: EventRecord) -> int:
    p = r.event.place
    return {"town": 0, "region": 1, "country": 2}.get(p.precision, 3) if p else 4


def _save(store: Store, clusters: list[Cluster], stale: list[str] | None) -> None:
    groups = si.copy_groups(store, {m.article_id for c in clusters for m in c.members})
    rows = [incident_row(c, summarize(c.members, groups)) for c in clusters]
    members = {m.id: (c.id, c.reasons.get(m.id, "")) for c in clusters for m in c.members}
    si.write_incidents(store, rows, members, VERSION, stale=stale)


def resolve_incidents(store: Store) -> int:
    """Re-cluster every stored event mention into incidents; returns the incident count."""
    clusters = assign(select_events(store), [], _constraints(store))
    si.clear_incidents(store)
    _save(store, clusters, stale=None)
    resolve_agreements(store)
    return len(clusters)


def resolve_article(
    store: Store,
    article_id: str,
    recent: RecentMentions | None = None,
    *,
    reprocessed: bool = False,
    pending: set[str] | None = None,
) -> int:
    """Resolve one (new or reprocessed) article's mentions against the stored incidents.

    Only incidents whose type matches and whose dates can agree are loaded, in
    one query; only incidents that change are rewritten. Returns the number of
    incidents the article's mentions belong to. ``recent`` (one per ingest run)
    keeps the mentions of articles resolved lately for matching their copies.
    After a ``reprocessed`` article, incidents its old mentions alone made are removed.
    With ``pending``, the ceasefire tracker is not redone here: the agreement and
    violation incidents that changed are added to it, for one ``resolve_agreements``
    call at the end of the run (the tracker links every violation to every agreement,
    so redoing it per article would cost a pass over the store each time).
    """
    if reprocessed:
        try:
            return _resolve_article(store, article_id, recent, pending)
        finally:
            si.write_incidents(store, [], {}, VERSION, stale=None)  # drops memberless ones
    return _resolve_article(store, article_id, recent, pending)


def replay_incidents(store: Store, article_ids: Sequence[str]) -> None:
    """Resolve every article's mentions again from no incidents, in the order given.

    Resolution is incremental: an article's mentions join the incidents of the articles
    resolved before it. Reprocessing an article resolves it against every other one,
    later ones included, so a reprocessed store drifted from a clean ingest of the same
    input (511 incidents where a clean ingest made 512). Replaying the first ingest's
    order (``si.articles_in_ingest_order``) after reprocessing makes the store that a clean
    ingest of the same input makes. Overrides are kept and applied as in ingest; the
    ceasefire tracker is rebuilt once at the end. Call it inside one transaction: a
    replay cut short leaves the incidents as they were.
    """
    si.clear_incidents(store)
    recent = RecentMentions()
    tracker: set[str] = set()
    for article_id in article_ids:
        resolve_article(store, article_id, recent, pending=tracker)
    resolve_agreements(store)


def _tracker_changed(store: Store, changed: Sequence[str], pending: set[str] | None) -> None:
    if pending is None:
        resolve_agreements(store, changed)
    else:
        pending.update(changed)


def _resolve_article(
    store: Store, article_id: str, recent: RecentMentions | None, pending: set[str] | None
) -> int:
    records = mentions_in_article(store, article_id)
    if recent is not None:
        recent.remember(store, article_id, records)
    constraints = _constraints(store)
    if _join_original(store, article_id, records, constraints, recent, pending):
        return len({r.event.incident for r in records})
    keys = [
        (r.event.type, r.event.date, sorted(_countries(r.event)))
        for r in records
        if r.event.date is not None
    ]
    candidates = si.candidate_incidents(store, article_id, keys)
    loaded = (
        recent.records.members_of(store, candidates)
        if recent is not None
        else mentions_of(store, candidates)
    )
    stored = si.incident_sizes(store, candidates)
    clusters: list[Cluster] = []
    for inc in candidates:
        members = [r for r in loaded.get(inc, []) if r.article_id != article_id]
        if members:
            clusters.append(Cluster(inc, members))
    # Incidents that lost mentions (this article reprocessed) need their summaries redone.
    shrunk = {c.id for c in clusters if stored.get(c.id) != len(c.members)}
    own = {r.id for r in records}
    previous = {r.event.incident for r in records if r.event.incident}
    touched = [
        c
        for c in assign(records, clusters, constraints)
        if c.id in shrunk or any(m.id in own for m in c.members)
    ]
    reasons = si.members_reasons(store, [c.id for c in touched])
    for c in touched:
        kept = reasons.get(c.id, {})
        for m in c.members:
            if m.id not in own and m.id not in c.reasons and kept.get(m.id):
                c.reasons[m.id] = kept[m.id]
    _save(store, touched, stale=sorted(set(candidates) | previous))
    changed = [c.id for c in touched]
    if any(is_agreement(r.event.type, r.event.mode) or _violation(r) for r in records):
        _tracker_changed(store, changed, pending)
    return len({c.id for c in touched if any(m.id in own for m in c.members)})


def _actor_signature(a: Actor) -> tuple[str, ...]:
    return (a.text, a.country, a.sector, a.name, a.group)


def _copy_signature(r: EventRecord) -> tuple[object, ...]:
    """Everything resolution, summaries and the tracker read from a mention, offsets aside."""
    e = r.event
    p, c = e.place, e.casualties
    return (
        r.sentence,
        e.type,
        e.trigger,
        e.mode,
        e.status,
        e.date,
        e.date_precision,
        None
        if p is None
        else (p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.precision),
        (c.killed, c.injured, c.killed_approx, c.injured_approx, c.victim_sector),
        None if e.claimant is None else _actor_signature(e.claimant),
        tuple(map(_actor_signature, e.source)),
        tuple(map(_actor_signature, e.target)),
    )


Signature = tuple[object, ...]


class RecentMentions:
    """Mention signatures of the articles resolved lately, for matching their copies.

    Syndicated copies arrive close together, so when one is compared with its
    original (``_join_original``) the original's signatures are usually known
    already: only their incidents, which later resolution may change, are read
    again. Entries serve only while the store has replaced no stored article's
    mentions since they were taken, and each only while its article's processing
    time and event ids are those it was taken with (another process may reprocess
    it); the oldest entries are dropped beyond ``size``.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[str | None, tuple[int, ...], list[Signature], str]]
        self._items = OrderedDict()
        self._writes = -1
        self.records = MentionCache()
        """The stored mentions of candidate incidents, read lately."""

    def _check(self, store: Store) -> None:
        if store.mention_writes != self._writes:
            self._items.clear()
            self._writes = store.mention_writes

    def remember(self, store: Store, article_id: str, records: Sequence[EventRecord]) -> None:
        """Keep the signatures of ``records``, all of an article's mentions as just read."""
        self._check(store)
        processed = si.processed_at(store, article_id)
        ids = tuple(r.id for r in records)
        doc = records[0].doc if records else ""
        self._items[article_id] = (processed, ids, [_copy_signature(r) for r in records], doc)
        self._items.move_to_end(article_id)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def twins(self, store: Store, article_id: str) -> list[tuple[Signature, str, str]] | None:
        """(signature, incident, doc) of each of the article's mentions, by position, or None."""
        self._check(store)
        item = self._items.get(article_id)
        if item is None:
            return None
        processed, ids, signatures, doc = item
        now, incidents = si.article_event_incidents(store, article_id)
        if now != processed or set(ids) != set(incidents):
            del self._items[article_id]
            return None
        self._items.move_to_end(article_id)
        return [(sig, incidents[i], doc) for i, sig in zip(ids, signatures, strict=True)]


def _twins(
    store: Store, article_id: str, recent: RecentMentions | None
) -> list[tuple[Signature, str, str]]:
    """(signature, incident, doc) of each of a stored article's mentions, by position."""
    known = recent.twins(store, article_id) if recent is not None else None
    if known is not None:
        return known
    records = mentions_in_article(store, article_id)
    if recent is not None:
        recent.remember(store, article_id, records)
    return [(_copy_signature(r), r.event.incident, r.doc) for r in records]


def _join_original(
    store: Store,
    article_id: str,
    records: list[EventRecord],
    constraints: Constraints,
    recent: RecentMentions | None = None,
    pending: set[str] | None = None,
) -> bool:
    """Put a near-duplicate copy's mentions into its original's incidents, if they are the same.

    A syndicated copy whose every mention repeats one of a stored original's
    (same sentence, type, date, place, actors, figures and claimant) reports the
    same incidents: each mention joins its counterpart's incident, and since a
    copy counts as the same source, only the incidents' counts and majority mode
    change. That keeps resolution flat in the number of copies. Anything else
    (a copy that adds or changes a mention, a reprocessed article, a mention
    named in a merge or split override) takes the full comparison.
    """
    if not records or any(r.event.incident for r in records):
        return False
    if any(mention_key(r) in constraints.partners for r in records):
        return False
    mine = Counter(_copy_signature(r) for r in records)
    for other in si.near_duplicates_of(store, article_id):
        theirs = _twins(store, other, recent)
        if any(not incident for _, incident, _ in theirs):
            continue
        if Counter(sig for sig, _, _ in theirs) != mine:
            continue
        counterpart: dict[Signature, list[tuple[str, str]]] = {}
        for sig, incident, doc in theirs:
            counterpart.setdefault(sig, []).append((incident, doc))
        members: dict[int, tuple[str, str]] = {}
        for r in records:
            incident, doc = counterpart[_copy_signature(r)].pop(0)
            r.event.incident = incident
            members[r.id] = (incident, f"near-duplicate copy of {doc}")
        # Same sentences, so the same brokers and start times: the tracker only needs
        # redoing where the copy tipped an incident's majority mode.
        remoded = si.add_members(store, members)
        if remoded:
            _tracker_changed(store, remoded, pending)
        return True
    return False


def _violation(r: EventRecord) -> bool:
    return is_violation(r.event.type, r.event.mode, r.event.status)


def resolve_agreements(store: Store, changed: Sequence[str] | None = None) -> list[Agreement]:
    """Rebuild the ceasefire tracker; only the ``changed`` incidents' agreements when given."""
    stored = {a.incident_id: a for a in _stored_agreements(store)} if changed is not None else {}
    agreements: list[Agreement] = []
    violations: list[tuple[str, str | None, list[str]]] = []
    rows = si.tracker_rows(store, sorted(AGREEMENT_MODES))
    wanted = [
        r.id
        for r in rows
        if is_agreement(r.type, r.mode)
        and (changed is None or r.id in changed or r.id not in stored)
    ]
    members_of = mentions_of(store, wanted)
    for row in rows:
        if is_agreement(row.type, row.mode):
            if row.id not in wanted:
                agreements.append(stored[row.id])
                continue
            members = members_of.get(row.id, [])
            contexts = [
                MentionContext(
                    *si.sentence_context(
                        store, m.article_id, m.event.sentence_start, m.event.sentence_end
                    )
                )
                for m in members
            ]
            agreements.append(build_agreement(row.id, members, contexts))
        elif is_violation(row.type, row.mode, row.status):
            violations.append((row.id, row.date, json.loads(row.countries)))
    link_violations(agreements, violations)
    si.write_agreements(
        store,
        [
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
        ],
        [
            {"agreement_id": a.id, "incident_id": inc, "reason": why}
            for a in agreements
            for inc, why in a.violations
        ],
    )
    return agreements


def _stored_agreements(store: Store) -> list[Agreement]:
    rows, _ = si.agreement_rows(store)
    return [
        Agreement(
            id=r.id,
            incident_id=r.incident_id,
            kind=r.kind,
            parties=list(json.loads(r.parties)),
            brokers=list(json.loads(r.brokers)),
            agreed=r.agreed,
            in_force_local=r.in_force_local,
            in_force_utc=r.in_force_utc,
            in_force_zone=r.in_force_zone,
            in_force_text=r.in_force_text,
        )
        for r in rows
    ]
