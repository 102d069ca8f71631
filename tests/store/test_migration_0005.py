"""Migration 0005: incidents get a (date, type) index that counts them per date and type."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sitroom import query
from sitroom.store import Store
from sitroom.web import queries
from tests.store.alembic_helpers import alembic_to


def _indexes(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    names = [r[1] for r in con.execute("PRAGMA index_list(incidents)") if r[3] == "c"]
    out = {n: [r[2] for r in con.execute(f"PRAGMA index_info({n})")] for n in names}
    con.close()
    return out


def test_an_old_store_gets_the_index_and_counts_come_from_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    alembic_to(path, "0004")
    assert _indexes(path)["ix_incidents_date"] == ["date"]
    store = Store.open(str(path))
    indexes = _indexes(path)
    assert "ix_incidents_date" not in indexes
    assert indexes["ix_incidents_date_type"] == ["date", "type"]
    con = sqlite3.connect(path)
    plan = " ".join(
        str(r)
        for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT coalesce(date, '') AS d, type, count(*) FROM incidents "
            "GROUP BY d, type"
        )
    )
    con.close()
    assert "COVERING INDEX ix_incidents_date_type" in plan
    assert queries.incident_date_counts(store, query.Filters()) == []
    store.close()


def test_downgrade_restores_the_date_index(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(str(path)).close()
    alembic_to(path, "0004", down=True)
    assert _indexes(path)["ix_incidents_date"] == ["date"]
