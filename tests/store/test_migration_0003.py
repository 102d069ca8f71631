"""Migration 0003: an existing store gets the query indexes when it is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sitroom import query
from sitroom.store import Store
from tests.store.alembic_helpers import alembic_to

VERSIONS = Path(__file__).resolve().parents[2] / "src/sitroom/store/migrations/versions"


def _indexes(path: Path, table: str) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    names = [r[1] for r in con.execute(f"PRAGMA index_list({table})") if r[3] == "c"]
    out = {n: [r[2] for r in con.execute(f"PRAGMA index_info({n})")] for n in names}
    con.close()
    return out


def _old_store(path: Path) -> None:
    """A store at revision 0002 with one article, two events and statistics."""
    alembic_to(path, "0002")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO articles (id, doc, source, content_hash, raw, text, published_inferred, "
        "language, encoding, ingested_at, versions) VALUES ('a1', 'old.txt', '', 'h', 'Shells "
        "hit Tovuz.', 'Shells hit Tovuz.', 0, 'en', 'utf-8', '2020-07-13', '{}')"
    )
    for id_, date, place_country in ((1, "2020-07-12", "AZE"), (2, "2020-07", None)):
        con.execute(
            'INSERT INTO events (id, article_id, start, "end", extractor, version, type, mode, '
            "status, trigger, date, time_precision, place_country, killed_approx, "
            "injured_approx, victim_sector, sentence_start, sentence_end, acled_event_type, "
            "acled_sub_event_type, incident) VALUES (?, 'a1', 0, 6, 'events', '1', 'ASSAULT', "
            "'', 'occurred', 'Shells', ?, 1, ?, 0, 0, '', 0, 17, '', '', '')",
            (id_, date, place_country),
        )
    con.execute(
        "INSERT INTO event_actors (event_id, role, text, country, sector, name, grp, start, "
        "\"end\") VALUES (2, 'source', 'Armenian forces', 'ARM', 'MIL', '', '', -1, -1)"
    )
    con.execute("ANALYZE")
    con.commit()
    con.close()


def test_opening_an_old_store_adds_the_indexes_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_store(path)
    assert "ix_events_date" in _indexes(path, "events")

    store = Store.open(str(path))
    events = _indexes(path, "events")
    assert "ix_events_date" not in events and "ix_events_type" not in events
    # (0007 appends the place columns on SQLite.)
    assert events["ix_events_date_type"][:3] == ["date", "type", "place_country"]
    assert events["ix_events_type_date"] == ["type", "date", "place_country"]
    actors = _indexes(path, "event_actors")
    assert actors["ix_event_actors_event"] == ["event_id", "country"]
    assert actors["ix_event_actors_country"] == ["country", "name", "event_id"]
    assert set(_indexes(path, "quotes")) >= {"ix_quotes_date", "ix_quotes_speaker_country"}
    con = sqlite3.connect(path)
    head = sorted(p.name[:4] for p in VERSIONS.glob("0*.py"))[-1]
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
    # The store had statistics, so the planner gets them for the new indexes too.
    analysed = {r[0] for r in con.execute("SELECT idx FROM sqlite_stat1")}
    assert {"ix_events_date_type", "ix_event_actors_country"} <= analysed
    con.close()

    assert [r.id for r in query.select_events(store, query.Filters(country="AZE"))] == [1]
    assert [r.id for r in query.select_events(store, query.Filters(country="ARM"))] == [2]
    page = query.select_events(store, query.Filters(limit=1))
    assert [r.event.date for r in page] == ["2020-07"]
    store.close()


def test_downgrade_restores_the_single_column_indexes(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    alembic_to(path, "0002", down=True)
    assert _indexes(path, "events")["ix_events_date"] == ["date"]
    assert _indexes(path, "event_actors")["ix_event_actors_country"] == ["country"]
    assert "ix_quotes_date" not in _indexes(path, "quotes")
