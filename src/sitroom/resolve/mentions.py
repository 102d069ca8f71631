"""Load the stored mentions of many incidents in one query (incremental resolution's reads)."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, bindparam, select

from sitroom.query import EventRecord, event_records_by
from sitroom.store import Store
from sitroom.store import schema as s


def mentions_of(store: Store, incident_ids: Sequence[str]) -> dict[str, list[EventRecord]]:
    """Incident id -> its member mentions (with actors, place, casualties and sentence)."""
    out: dict[str, list[EventRecord]] = defaultdict(list)
    for rec in event_records_by(store, "incident", sorted(set(incident_ids))):
        out[rec.event.incident].append(rec)
    return out


def mentions_in_article(store: Store, article_id: str) -> list[EventRecord]:
    """An article's event mentions, by position."""
    records = event_records_by(store, "article_id", [article_id], equal=True)
    return sorted(records, key=lambda r: r.event.start)


_MEMBERS: dict[str, Select[tuple[int, str, str | None]]] = {}


def _members_statement(store: Store) -> Select[tuple[int, str, str | None]]:
    """(event id, incident, article processed at) of incidents' members, in the order
    ``mentions_of`` gives them; built once per database kind."""
    kind = store.engine.dialect.name
    if kind not in _MEMBERS:
        e, a = s.events, s.articles
        _MEMBERS[kind] = (
            select(e.c.id, e.c.incident, a.c.processed_at)
            .join(a, a.c.id == e.c.article_id)
            .where(e.c.incident.in_(bindparam("ids", expanding=True)))
            .order_by(store.ascending(e.c.date), a.c.doc, e.c.start, e.c.id)
        )
    return _MEMBERS[kind]


class MentionCache:
    """Stored mentions read lately, by event id, for incidents compared with many articles.

    Incremental resolution loads every member of each candidate incident, and an
    incident is a candidate for every later article with a mention of its type and
    date: rebuilding its records from their rows each time cost more than the
    queries. Which events an incident holds is read afresh on every call (with the
    order ``mentions_of`` gives), and only records not cached are built; each
    record serves while its article's processing time is the one it was read
    with (reprocessing replaces an article's rows, whose ids may come back) and
    while this Store has reprocessed nothing. Beyond ``size`` records the least
    recently used are dropped, so memory stays flat. An incident's date and type make
    it a candidate for articles from all over the archive, so the cache is sized for
    an archive's worth of them: at 32,768 records (about 70 MiB) an article 10,000
    articles into a run reads about 10 of its candidates' records from the store, not
    30 as with 4,096.
    """

    def __init__(self, size: int = 32768) -> None:
        self.size = size
        self._items: OrderedDict[int, tuple[str | None, EventRecord]] = OrderedDict()
        self._writes = -1

    def members_of(self, store: Store, incident_ids: Sequence[str]) -> dict[str, list[EventRecord]]:
        """What ``mentions_of`` returns, from cached records where they still serve."""
        if store.mention_writes != self._writes:
            self._items.clear()
            self._writes = store.mention_writes
        stmt = _members_statement(store)
        current: list[tuple[int, str, str | None]] = []
        with store.connect() as conn:
            for chunk in s.in_chunks(sorted(set(incident_ids))):
                for row in conn.execute(stmt, {"ids": chunk}):
                    r: Any = row
                    current.append((r[0], r[1], r[2]))
        items = self._items
        missing = [i for i, _, when in current if i not in items or items[i][0] != when]
        if missing:
            processed = {i: when for i, _, when in current}
            for rec in event_records_by(store, "id", missing):
                items[rec.id] = (processed[rec.id], rec)
        out: dict[str, list[EventRecord]] = defaultdict(list)
        for event_id, incident, _ in current:
            rec = items[event_id][1]
            items.move_to_end(event_id)
            # A copy: callers may set a mention's incident, and the cached one stays as read.
            out[incident].append(replace(rec, event=replace(rec.event, incident=incident)))
        while len(items) > self.size:
            items.popitem(last=False)
        return out
