"""Migration 0007: on SQLite, events' date index also holds the place columns, so a page
of events under a place filter is cut from the index alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import event

from sitroom import query
from sitroom.store import Store
from tests.store.alembic_helpers import alembic_to

NARROW = ["date", "type", "place_country"]
WIDE = [*NARROW, "place_name", "place_admin1", "place_text"]


def _columns(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    out = [r[2] for r in con.execute("PRAGMA index_info(ix_events_date_type)")]
    con.close()
    return out


def _add_events(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO articles (id, doc, source, content_hash, raw, text, published_inferred, "
        "language, encoding, ingested_at, versions) VALUES ('a1', 'old.txt', '', 'h', 'x', "
        "'Shells hit Tovuz. Drones hit Ganja.', 0, 'en', 'utf-8', '2020-07-13', '{}')"
    )
    rows = [
        (1, "2020-07-12", "Tovuz", "Tovuz District", "Tovuz"),
        (2, "2020-07-12", "Ganja", "Ganja", "Ganja"),
        (3, "2020-07-13", "Ganja", "Ganja", "the city of Ganja"),
        (4, "2020-07", None, None, "northern Azerbaijan"),
    ]
    for id_, date, name, admin1, text in rows:
        con.execute(
            'INSERT INTO events (id, article_id, start, "end", extractor, version, type, mode, '
            "status, trigger, date, time_precision, place_text, place_name, place_admin1, "
            "place_country, killed_approx, injured_approx, victim_sector, sentence_start, "
            "sentence_end, acled_event_type, acled_sub_event_type, incident) VALUES (?, 'a1', "
            "0, 6, 'events', '1', 'ASSAULT', '', 'occurred', 'hit', ?, 1, ?, ?, ?, 'AZE', 0, 0, "
            "'', 0, 17, '', '', '')",
            (id_, date, text, name, admin1),
        )
    con.execute("ANALYZE")
    con.commit()
    con.close()


def test_an_old_store_gets_the_wide_index_and_place_pages_read_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    alembic_to(path, "0006")
    _add_events(path)
    assert _columns(path) == NARROW
    store = Store.open(str(path))
    assert _columns(path) == WIDE
    con = sqlite3.connect(path)
    # The store had statistics, so the planner gets them for the rebuilt index.
    assert "ix_events_date_type" in {r[0] for r in con.execute("SELECT idx FROM sqlite_stat1")}
    con.close()

    # The walk that cuts a page under a place filter reads the index alone.
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(store.engine, "before_cursor_execute", seen)
    window = query.Filters(since=dt.date(2020, 7, 1), until=dt.date(2020, 7, 31), limit=10)
    found = query.select_events(store, query.Filters(place="ganja", limit=10))
    assert [r.id for r in found] == [2, 3]
    found = query.select_events(store, dataclasses.replace(window, place="Ganja"))
    assert [r.id for r in found] == [2, 3]
    event.remove(store.engine, "before_cursor_execute", seen)
    walks = [s for s in statements if s.startswith("SELECT events.date FROM events")]
    assert walks
    con = sqlite3.connect(path)
    for walk in walks:
        plan = " ".join(str(r) for r in con.execute(f"EXPLAIN QUERY PLAN {walk}", _params(walk)))
        assert "COVERING INDEX ix_events_date_type" in plan, plan
    con.close()
    store.close()


def _params(statement: str) -> list[object]:
    return ["x"] * statement.count("?")


def test_downgrade_restores_the_narrow_index(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    assert _columns(path) == WIDE
    alembic_to(path, "0006", down=True)
    assert _columns(path) == NARROW
