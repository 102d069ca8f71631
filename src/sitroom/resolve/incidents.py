"""Incident resolution against the store: load a neighbourhood, decide purely, write a diff.

Each step reads what a decision can depend on into plain records (``sitroom.resolve.
core``), decides with pure functions (the rules are in ``sitroom.resolve.clusters``) and
writes the result as one diff in one transaction. Incremental resolution compares a
new article's mentions only with incidents of the same type whose dates can match; a
near-duplicate copy that repeats its original joins the original's incidents outright.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence

from sitroom.query import EventRecord, select_events
from sitroom.resolve.agreements import AGREEMENT_MODES, Agreement, MentionContext
from sitroom.resolve.clusters import (
    NEAR_DAYS,
    VERSION,
    Cluster,
    Signature,
    assign,
    cluster_events,
    compatible,
    copy_signature,
    incident_id,
    incident_row,
    link_reason,
)
from sitroom.resolve.core import (
    CopyNeighbourhood,
    Decision,
    Neighbourhood,
    Original,
    StoredMention,
    TrackerState,
    agreement_values,
    agreements_to_rebuild,
    candidate_keys,
    copyable,
    decide_agreements,
    decide_article,
    decide_copy,
    incident_diff,
    joinable_incidents,
    same_copy,
    violation_values,
)
from sitroom.resolve.mentions import MentionCache, mentions_in_article, mentions_of
from sitroom.resolve.overrides import Constraints, OverrideRow, mention_key
from sitroom.store import Store
from sitroom.store import incidents as si

log = logging.getLogger(__name__)

__all__ = [
    "VERSION",
    "UNDATED_DAYS",
    "Cluster",
    "RecentMentions",
    "assign",
    "cluster_events",
    "compatible",
    "incident_id",
    "incident_row",
    "link_reason",
    "load_copy_neighbourhood",
    "load_neighbourhood",
    "replay_incidents",
    "resolve_agreements",
    "resolve_article",
    "resolve_incidents",
    "undated_window",
]


def _constraints(store: Store) -> Constraints:
    return Constraints.from_rows(OverrideRow(*row) for row in si.load_overrides(store))


def resolve_incidents(store: Store) -> int:
    """Re-cluster every stored event mention into incidents; returns the incident count."""
    records = select_events(store)
    constraints = _constraints(store)
    links = si.candidate_state(store, [], {r.article_id for r in records}).links
    clusters = assign(records, [], constraints)
    diff = incident_diff(
        clusters, same_copy(links, {m.article_id for c in clusters for m in c.members})
    )
    si.clear_incidents(store)
    si.write_incidents(store, diff.rows, diff.members, VERSION, stale=None)
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

    Only incidents whose type matches and whose dates can agree are loaded; only
    incidents that change are rewritten, in one transaction. Returns the number of
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
            return _resolve_article(store, article_id, recent, pending, reprocessed=True)
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


def _resolve_article(
    store: Store,
    article_id: str,
    recent: RecentMentions | None,
    pending: set[str] | None,
    *,
    reprocessed: bool = False,
) -> int:
    records = mentions_in_article(store, article_id)
    if recent is not None:
        recent.remember(store, article_id, records)
    decision = decide_resolution(
        store, article_id, records, _constraints(store), recent, reprocessed=reprocessed
    )
    si.write_diff(store, decision.diff, VERSION)
    if decision.tracker is not None:
        if pending is None:
            resolve_agreements(store, decision.tracker)
        else:
            pending.update(decision.tracker)
    return decision.incidents


def decide_resolution(
    store: Store,
    article_id: str,
    records: list[EventRecord],
    constraints: Constraints,
    recent: RecentMentions | None,
    *,
    reprocessed: bool = False,
    prepare: Callable[[Neighbourhood], None] | None = None,
) -> Decision:
    """What resolving one article decides: a copy's incidents when it copies another
    article, else the decision on its neighbourhood (``prepare`` may trim it first)."""
    if copyable(records, constraints):
        copy = decide_copy(load_copy_neighbourhood(store, article_id, records, recent))
        if copy is not None:
            return copy
    nb = load_neighbourhood(
        store, article_id, records, constraints, recent, reprocessed=reprocessed
    )
    if prepare is not None:
        prepare(nb)
    decision = decide_article(nb)
    _diff_spans(decision.diff, nb)
    return decision


def _diff_spans(diff: si.IncidentDiff, nb: Neighbourhood) -> None:
    """Set the spans of the incidents ``diff`` writes that differ from those stored, and
    those left with none, from the dates of their members as the neighbourhood holds them
    (every member of an incident written is a new mention or a loaded one), so the writer
    need not read them back; leave them unset if a member is not there."""
    known = {r.id: (r.event.type, r.event.date) for r in nb.records}
    for loaded in nb.members.values():
        known.update((m.id, (m.event.type, m.event.date)) for m in loaded)
    members: list[tuple[str, str, str | None]] = []
    for event_id, (incident, _) in diff.members.items():
        if event_id not in known:
            return
        members.append((incident, *known[event_id]))
    if {m[0] for m in members} != {r.id for r in diff.rows}:
        return
    # An incident that keeps the span its loaded members gave it need not be written again
    # (a day's mention joining that day's incident): only new and changed spans are.
    before = {
        x.incident_id: x
        for x in si.member_spans(
            (inc, m.event.type, m.event.date) for inc, loaded in nb.members.items() for m in loaded
        )
    }
    after = si.member_spans(members)
    diff.spans = [x for x in after if before.get(x.incident_id) != x]
    diff.spanless = sorted({r.id for r in diff.rows} - {x.incident_id for x in after})


def load_copy_neighbourhood(
    store: Store, article_id: str, records: list[EventRecord], recent: RecentMentions | None
) -> CopyNeighbourhood:
    """The article's near-duplicate originals, their mentions' incidents and what is stored
    of those incidents' members (for ``decide_copy``)."""
    nb = CopyNeighbourhood(article_id, records)
    for other in si.near_duplicates_of(store, article_id):
        nb.originals.append(Original(other, _twins(store, other, recent)))
    incidents = sorted({inc for o in nb.originals for _, inc, _ in o.twins if inc})
    if incidents:
        mentions, nb.modes = si.counted_mentions(store, incidents)
        nb.members = {inc: [StoredMention(*m) for m in rows] for inc, rows in mentions.items()}
    return nb


def load_neighbourhood(
    store: Store,
    article_id: str,
    records: list[EventRecord],
    constraints: Constraints,
    recent: RecentMentions | None,
    *,
    reprocessed: bool = False,
) -> Neighbourhood:
    """The stored incidents the article's mentions can join (same type, dates that can
    agree, countries that meet), the members, sizes and reasons of those with no member
    that rules a join out (``joinable_incidents``; all of them for a ``reprocessed``
    article), and the near-duplicate links of every article involved (for
    ``decide_article``)."""
    keys = candidate_keys(records, constraints, reprocessed=reprocessed)
    within = _spanning(store, records, constraints, reprocessed=reprocessed)
    undated = undated_window(store, article_id, records, constraints, reprocessed=reprocessed)
    mentions = si.candidate_mentions(store, article_id, keys, within, undated)
    candidates = sorted({m.incident for m in mentions})
    joinable = joinable_incidents(records, mentions, constraints, reprocessed=reprocessed)
    loaded = (
        recent.records.members_of(store, joinable)
        if recent is not None
        else mentions_of(store, joinable)
    )
    articles = {article_id} | {m.article_id for rows in loaded.values() for m in rows}
    state = si.candidate_state(store, joinable, articles)
    return Neighbourhood(
        article_id=article_id,
        records=records,
        constraints=constraints,
        candidates=candidates,
        members={inc: loaded.get(inc, []) for inc in joinable},
        sizes=state.sizes,
        reasons=state.reasons,
        links=state.links,
    )


UNDATED_DAYS = 31
"""How many days either side of its report's publication day the incidents an undated
mention can join are looked up at ingest (``undated_window``)."""


def undated_window(
    store: Store,
    article_id: str,
    records: Sequence[EventRecord],
    constraints: Constraints,
    *,
    reprocessed: bool = False,
) -> tuple[str, str] | None:
    """The first and last day of the stored dates the article's undated mentions look up:
    ``UNDATED_DAYS`` either side of its publication day; None (every date) when it has no
    undated mention naming a country, no publication day, is ``reprocessed`` or named by an
    override.

    An undated mention joins an incident of its type that names one of its countries
    (``linkable``) whatever the incident's date, so looking them all up reads a share of
    the whole archive for every undated report, more as the archive grows. An undated
    account in a report tells of what happened around the time of the report: bounding the
    lookup to the weeks around it keeps the read flat in the size of the store. A full
    ``resolve_incidents`` still compares it with every date. Not for a reprocessed article
    (its former incidents must be candidates to be redone) nor one named by an override (a
    merge joins whatever the rules say), which read as before.
    """
    undated = any(
        r.event.date is None and any(a.country for a in r.event.source + r.event.target)
        for r in records
    )
    if not undated or reprocessed or any(mention_key(r) in constraints.partners for r in records):
        return None
    published = si.published_on(store, article_id)
    try:
        day = dt.date.fromisoformat(published or "")
    except ValueError:
        return None
    span = dt.timedelta(days=UNDATED_DAYS)
    return (day - span).isoformat(), (day + span).isoformat()


_MOST_SPANNING = 400
"""Incidents of one type beyond which the survivors are not listed in the candidate query
(a year-precise mention on a busy year): that type is read by date alone, as before."""


def _spanning(
    store: Store,
    records: Sequence[EventRecord],
    constraints: Constraints,
    *,
    reprocessed: bool = False,
) -> dict[str, list[str] | None] | None:
    """Type -> the stored incidents that one of ``records`` could join by their spans
    (``si.spanning_incidents``; None: any, for a type with an undated, month- or
    year-precise mention, or too many), or None to read candidates by type and date alone.

    A new mention joins an incident, or an incident merges with one holding it, only when
    it is ``consistent`` with every member, so its date must agree with every member's (or
    lie at most ``NEAR_DAYS`` from a member's day, a later day's toll of an attack): an
    incident whose span no new date meets is never joined, and its members need not be
    read (a month-precise mention that joined another day's incident no longer makes that
    incident a candidate). Not for a reprocessed article (its former incidents may lack
    members the store still counts) nor one named by an override (a merge joins whatever
    the rules say), which read as before.
    """
    if reprocessed or any(mention_key(r) in constraints.partners for r in records):
        return None
    # A mention with no date, or a month or a year, reaches every incident of its type in
    # that span (an unknown date agrees with any): listing them would rule nothing out.
    wide = {r.event.type for r in records if r.event.date is None or len(r.event.date) < 10}
    dates = [(r.event.type, r.event.date) for r in records if r.event.type not in wide]
    if not dates:
        return None
    found = si.spanning_incidents(store, [(t, d) for t, d in dates if d is not None], NEAR_DAYS)
    if found is None:
        return None
    within: dict[str, list[str] | None] = {t: found.get(t, []) for t, _ in dates}
    within.update(dict.fromkeys(wide))
    for type_, ids in within.items():
        if ids is not None and len(ids) > _MOST_SPANNING:
            within[type_] = None
    return within


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
        self._items[article_id] = (processed, ids, [copy_signature(r) for r in records], doc)
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
    return [(copy_signature(r), r.event.incident, r.doc) for r in records]


def resolve_agreements(store: Store, changed: Sequence[str] | None = None) -> list[Agreement]:
    """Rebuild the ceasefire tracker; only the ``changed`` incidents' agreements when given."""
    state = load_tracker(store, changed)
    agreements = decide_agreements(state, changed)
    si.write_agreements(store, agreement_values(agreements), violation_values(agreements))
    return agreements


def load_tracker(store: Store, changed: Sequence[str] | None) -> TrackerState:
    """The agreement and violation incidents, the stored agreements kept, and the members
    and sentence contexts of the agreements rebuilt (for ``decide_agreements``)."""
    stored = {a.incident_id: a for a in _stored_agreements(store)} if changed is not None else {}
    rows = si.tracker_rows(store, sorted(AGREEMENT_MODES))
    state = TrackerState(rows, stored)
    state.members = dict(mentions_of(store, agreements_to_rebuild(rows, stored, changed)))
    spans = {
        m.id: (m.article_id, m.event.sentence_start, m.event.sentence_end)
        for members in state.members.values()
        for m in members
    }
    contexts = si.sentence_contexts(store, spans.values())
    state.contexts = {i: MentionContext(*contexts[span]) for i, span in spans.items()}
    return state


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
