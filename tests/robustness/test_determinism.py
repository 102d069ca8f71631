"""The same input gives the same store: reprocessing replays the first ingest's order, and
stored merge reasons name mentions by their stable key, never by a row id."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.process import ingest
from sitroom.resolve.incidents import replay_incidents, resolve_article
from sitroom.store import Store
from sitroom.store.incidents import articles_in_ingest_order
from tests.resolve.factory import STEPANAKERT, article, event

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def partition(db: Path) -> tuple[list[tuple[tuple[str, int, str], ...]], list[str]]:
    """Incidents as sets of (doc, offset, type), and the stored reasons, ids left out."""
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT m.incident_id, a.doc, e.start, e.type, m.reason FROM incident_members m "
            "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = e.article_id"
        ).fetchall()
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for incident, doc, start, type_, _ in rows:
        groups.setdefault(incident, []).append((doc, start, type_))
    return sorted(tuple(sorted(g)) for g in groups.values()), sorted(r[4] for r in rows)


def test_a_reprocessed_article_is_resolved_as_in_the_first_ingest(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    # b (a month, no place, rockets, 3 killed) joins a's incident, the only one there is when
    # it comes; c, in another town the same day, founds its own. Reprocessed alone, b would
    # see c too, and it is closer to c (same mode and figure).
    a = article("a", [event(5, mode="missile")])
    b = article("b", [event(7, mode="rocket", date="2020-10", place=None, killed=3)])
    c = article("c", [event(9, mode="rocket", place=STEPANAKERT, killed=3)])
    for art, extraction in (a, b, c):
        store.save(art, extraction)
        resolve_article(store, art.id)
    clean = partition(db)
    assert [[m[0] for m in g] for g in clean[0]] == [["a", "b"], ["c"]]

    store.save(b[0], b[1])  # reprocessed: the same mentions stored again
    resolve_article(store, b[0].id, reprocessed=True)
    assert partition(db)[0] != clean[0]  # what reprocessing alone made (the defect)

    with store.transaction():
        replay_incidents(store, articles_in_ingest_order(store))
    assert partition(db) == clean
    store.close()


def test_articles_are_replayed_in_the_order_they_were_first_stored(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "t.db"))
    made = [article(doc, [event(5)]) for doc in ("z", "a", "m")]
    for art, extraction in made:
        store.save(art, extraction)
    store.save(made[0][0], made[0][1])  # reprocessing does not move an article
    assert articles_in_ingest_order(store) == [art.id for art, _ in made]
    store.close()


@pytest.mark.parametrize("workers", [0])
def test_ingest_then_reprocess_gives_the_store_a_clean_ingest_gives(
    tmp_path: Path, workers: int
) -> None:
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    settings = Settings(db=str(db), workers=workers)
    first = ingest([str(EXAMPLES)], store, settings)
    assert first.failed == [] and first.new == len(list(EXAMPLES.iterdir()))
    clean = partition(db)
    again = ingest([str(EXAMPLES)], store, settings, reprocess=True)
    assert again.reprocessed == first.new
    store.close()
    assert partition(db) == clean
    # Reasons name the other mention by article, offset and type, which reprocessing keeps.
    assert not any(re.search(r"with event \d+ ", why) for why in clean[1])
    assert any(re.search(r"with event [0-9a-f]{16}:\d+:[A-Z]+ ", why) for why in clean[1])
