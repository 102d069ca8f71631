"""Resolve a batch of stored articles block by block, the blocks' decisions side by side.

The one-machine path resolves each new article right after storing it, against the
incidents of every article before it. A batch can also be stored (and its copies
linked) first and resolved afterwards, with the same result, when it is split into
blocks that cannot see each other:

- two articles are in one block when a dated mention of one has the type of a dated
  mention of the other and one date is a prefix of the other (the candidate query,
  ``si.candidate_mentions``, reads only such mentions, and further narrows them by
  country and place); when, before the batch, a stored incident is a candidate for
  both; or when they are linked as near-duplicates, directly or through a stored
  article (a copy joins its original's incidents, and copies count as one source);
- an article resolved alone, in its turn (a *barrier*): one reprocessed (its old
  incidents are redone) or with a mention named by a merge or split override.

Within a block the articles are resolved in input order; the blocks are resolved in
rounds: the first article of every block, then the second, and so on. Each round loads
every article's neighbourhood (``load_neighbourhood``) from the store as it stands,
hands them all to ``decide`` at once (one process, or Ray tasks: ``sitroom.engine``),
and writes the diffs in input order. An article's neighbourhood holds no link made by
an article after it in the batch (on the one-machine path those were not stored yet),
so every article decides exactly what it decides there, and, incident ids being
derived from the founding mention, the store ends the same, ids included.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sitroom.query import EventRecord
from sitroom.resolve.clusters import VERSION
from sitroom.resolve.core import (
    Decision,
    Neighbourhood,
    candidate_keys,
    copyable,
    decide_article,
    decide_copy,
)
from sitroom.resolve.incidents import (
    RecentMentions,
    decide_resolution,
    load_copy_neighbourhood,
    load_neighbourhood,
    undated_window,
)
from sitroom.resolve.mentions import mentions_in_article
from sitroom.resolve.overrides import Constraints, OverrideRow, mention_key
from sitroom.store import Store
from sitroom.store import incidents as si

Decide = Callable[[Sequence[Neighbourhood]], list[Decision]]
"""Decides neighbourhoods (``decide_article`` on each), returning the decisions in order."""


def decide_each(neighbourhoods: Sequence[Neighbourhood]) -> list[Decision]:
    """``decide_article`` on each neighbourhood in turn, in this process."""
    return [decide_article(nb) for nb in neighbourhoods]


@dataclass(frozen=True, slots=True)
class Footprint:
    """What decides which other articles of a batch an article's resolution can depend on."""

    article_id: str
    dates: frozenset[tuple[str, str]]
    """(type, date) of its dated mentions."""
    candidates: frozenset[str]
    """Stored incidents it could join or recount, before the batch is resolved."""
    neighbours: frozenset[str]
    """Articles it is linked to as a near-duplicate, either way."""
    barrier: bool = False
    """Resolved alone, in its turn (reprocessed, or named by an override)."""


def partition(footprints: Sequence[Footprint]) -> list[list[int]]:
    """The positions of ``footprints`` (none of them a barrier) grouped into blocks whose
    articles cannot see each other's resolution; each block in input order, blocks in the
    order of their first article."""
    parent = list(range(len(footprints)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    def join_all(groups: Iterable[list[int]]) -> None:
        for group in groups:
            for j in group[1:]:
                join(group[0], j)

    by_incident: dict[str, list[int]] = {}
    by_article: dict[str, list[int]] = {}
    by_type: dict[str, dict[str, list[int]]] = {}
    for i, fp in enumerate(footprints):
        for inc in fp.candidates:
            by_incident.setdefault(inc, []).append(i)
        for other in fp.neighbours | {fp.article_id}:
            by_article.setdefault(other, []).append(i)
        for type_, date in fp.dates:
            by_type.setdefault(type_, {}).setdefault(date, []).append(i)
    join_all(by_incident.values())
    join_all(by_article.values())
    for dates in by_type.values():
        join_all(dates.values())
        # Every date that starts with ``date`` sorts right after it.
        ordered = sorted(dates)
        for k, date in enumerate(ordered):
            end = bisect.bisect_left(ordered, date + "\uffff", k + 1)
            for longer in ordered[k + 1 : end]:
                join(dates[date][0], dates[longer][0])
    blocks: dict[int, list[int]] = {}
    for i in range(len(footprints)):
        blocks.setdefault(find(i), []).append(i)
    return sorted(blocks.values(), key=lambda b: b[0])


def rounds(blocks: Sequence[Sequence[int]]) -> list[list[int]]:
    """The first position of every block, then the second, and so on; each round sorted."""
    depth = max((len(b) for b in blocks), default=0)
    return [sorted(b[r] for b in blocks if len(b) > r) for r in range(depth)]


def load_constraints(store: Store) -> Constraints:
    """The stored merge and split overrides."""
    return Constraints.from_rows(OverrideRow(*row) for row in si.load_overrides(store))


def footprint(
    store: Store,
    article_id: str,
    records: Sequence[EventRecord],
    constraints: Constraints,
    *,
    reprocessed: bool = False,
) -> Footprint:
    """An article's footprint in the store as it stands (its mentions not resolved yet)."""
    if reprocessed or any(mention_key(r) in constraints.partners for r in records):
        return Footprint(article_id, frozenset(), frozenset(), frozenset(), barrier=True)
    keys = candidate_keys(records, constraints)
    undated = undated_window(store, article_id, records, constraints)
    candidates = {m.incident for m in si.candidate_mentions(store, article_id, keys, None, undated)}
    links = si.candidate_state(store, [], [article_id]).links
    neighbours = {b if a == article_id else a for a, b in links}
    # A copy joins or recounts its originals' incidents, whatever its dates.
    for other in si.near_duplicates_of(store, article_id):
        candidates.update(i for i in si.article_event_incidents(store, other)[1].values() if i)
    dates = {(r.event.type, r.event.date) for r in records if r.event.date is not None}
    return Footprint(
        article_id, frozenset(dates), frozenset(candidates), frozenset(neighbours), barrier=False
    )


def resolve_batch(
    store: Store,
    batch: Sequence[tuple[str, bool]],
    recent: RecentMentions | None,
    pending: set[str],
    decide: Decide = decide_each,
) -> None:
    """Resolve stored, not yet resolved articles ((id, reprocessed) in input order) as the
    one-machine path would have, one after the other, right after storing each.

    The incidents whose ceasefire-tracker standing may have changed are added to
    ``pending`` (for one ``resolve_agreements`` at the end of the run).
    """
    position = {article_id: i for i, (article_id, _) in enumerate(batch)}
    constraints = load_constraints(store)
    start = 0
    while start < len(batch):
        # Footprints are taken segment by segment: a barrier changes the store for the
        # articles after it.
        prints: list[Footprint] = []
        records: list[list[EventRecord]] = []
        for article_id, reprocessed in batch[start:]:
            mine = mentions_in_article(store, article_id)
            fp = footprint(store, article_id, mine, constraints, reprocessed=reprocessed)
            if fp.barrier and prints:
                break
            prints.append(fp)
            records.append(mine)
            if fp.barrier:
                break
        if prints[0].barrier:
            _resolve_alone(store, batch[start], records[0], constraints, position, pending)
        else:
            for todo in rounds(partition(prints)):
                _resolve_round(
                    store,
                    [(start + i, prints[i].article_id, records[i]) for i in todo],
                    constraints,
                    recent,
                    position,
                    pending,
                    decide,
                )
        start += len(prints)


def _links_so_far(nb: Neighbourhood, position: dict[str, int], mine: int) -> None:
    """Drop the links made by articles after the ``mine``-th of the batch (when it is
    resolved on the one-machine path, they are not stored yet)."""
    nb.links = [(a, b) for a, b in nb.links if position.get(a, -1) <= mine]


def _resolve_round(
    store: Store,
    todo: Sequence[tuple[int, str, list[EventRecord]]],
    constraints: Constraints,
    recent: RecentMentions | None,
    position: dict[str, int],
    pending: set[str],
    decide: Decide,
) -> None:
    decided: dict[int, Decision] = {}
    loaded: list[tuple[int, Neighbourhood]] = []
    for i, article_id, records in todo:
        if recent is not None:
            recent.remember(store, article_id, records)
        if copyable(records, constraints):
            copy = decide_copy(load_copy_neighbourhood(store, article_id, records, recent))
            if copy is not None:
                decided[i] = copy
                continue
        nb = load_neighbourhood(store, article_id, records, constraints, recent)
        _links_so_far(nb, position, i)
        loaded.append((i, nb))
    if loaded:
        decided.update(zip([i for i, _ in loaded], decide([nb for _, nb in loaded]), strict=True))
    for i in sorted(decided):
        si.write_diff(store, decided[i].diff, VERSION)
        pending.update(decided[i].tracker or ())


def _resolve_alone(
    store: Store,
    item: tuple[str, bool],
    records: list[EventRecord],
    constraints: Constraints,
    position: dict[str, int],
    pending: set[str],
) -> None:
    """A barrier article, as ``resolve_article`` resolves it (here in this process)."""
    article_id, reprocessed = item
    try:
        decision = decide_resolution(
            store,
            article_id,
            records,
            constraints,
            None,
            reprocessed=reprocessed,
            prepare=lambda nb: _links_so_far(nb, position, position[article_id]),
        )
        si.write_diff(store, decision.diff, VERSION)
        pending.update(decision.tracker or ())
    finally:
        if reprocessed:
            si.write_incidents(store, [], {}, VERSION, stale=None)  # drops memberless ones


__all__ = [
    "Decide",
    "Footprint",
    "decide_each",
    "footprint",
    "load_constraints",
    "partition",
    "resolve_batch",
    "rounds",
]
