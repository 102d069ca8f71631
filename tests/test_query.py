"""The event-record readers of ``sitroom.query`` on a real SQLite store."""

from __future__ import annotations

from sitroom.query import event_records_by, event_records_where
from sitroom.resolve.incidents import resolve_incidents
from sitroom.store import Store
from sitroom.store import schema as s
from tests.resolve.factory import STEPANAKERT, actor, article, event


def _filled(tmp_path) -> Store:
    store = Store.open(str(tmp_path / "t.db"))
    store.save(
        *article(
            "a",
            [
                event(5, killed=3, claimant=actor("AZE", "GOV", "Ministry")),
                event(60, place=None, source=("ARM", "RUS"), target=()),
                event(90, date=None, place=STEPANAKERT),
            ],
        )
    )
    store.save(*article("b", [event(7, date="2020-10", injured=2)]))
    store.save(*article("c", [event(9 + n, date=f"2020-10-{1 + n % 28:02d}") for n in range(520)]))
    resolve_incidents(store)
    return store


def test_event_records_by_gives_what_event_records_where_gives(tmp_path):
    store = _filled(tmp_path)
    e = s.events
    records = event_records_where(store, e.c.id > 0)
    assert len(records) == 524
    for doc in ("a", "b", "c"):
        article_id = next(r.article_id for r in records if r.doc == doc)
        by = event_records_by(store, "article_id", [article_id], equal=True)
        assert by == event_records_where(store, e.c.article_id == article_id)
        assert by and all(r.doc == doc for r in by)
    some = sorted({r.event.incident for r in records if r.doc in ("a", "b")})
    assert event_records_by(store, "incident", some) == event_records_where(
        store, e.c.incident.in_(some)
    )
    # More values than one statement takes: read a chunk at a time, each in order.
    ids = sorted(r.id for r in records)
    by_id = event_records_by(store, "id", ids)
    assert by_id[:500] == event_records_where(store, e.c.id.in_(ids[:500]))
    assert by_id[500:] == event_records_where(store, e.c.id.in_(ids[500:]))
    assert event_records_by(store, "id", []) == []


def test_event_records_read_back_what_was_stored(tmp_path):
    store = Store.open(str(tmp_path / "t.db"))
    stored = [
        event(5, killed=3, claimant=actor("AZE", "GOV", "Ministry")),
        event(60, place=None, source=("ARM", "RUS"), target=()),
        event(90, date=None, place=STEPANAKERT, status="claimed", injured=4),
    ]
    a, x = article("a", stored)
    store.save(a, x)
    read = event_records_by(store, "article_id", [a.id], equal=True)
    first, second, third = sorted(read, key=lambda r: r.event.start)
    for rec, original in zip((first, second, third), stored, strict=True):
        assert rec.event == original
        assert rec.doc == "a" and rec.article_id == a.id
        start, end = original.sentence_start, original.sentence_end
        assert rec.sentence == a.text[start:end]
    assert first.event.casualties.killed == 3
    assert first.event.claimant is not None and first.event.claimant.name == "Ministry"
    assert [a.country for a in second.event.source] == ["ARM", "RUS"] and not second.event.target
    assert second.event.place is None and second.event.claimant is None
    assert third.event.date is None and third.event.place is not None
    assert third.event.place.name == "Stepanakert"
