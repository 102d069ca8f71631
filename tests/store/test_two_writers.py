"""Two writers on one SQLite store: the second waits its turn or stops with one clear line."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.errors import StoreError
from sitroom.store import Store, repository


def _open_and_report(db: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        Store.open(db).close()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}"[:300])


def test_processes_opening_a_new_file_at_once_migrate_it_once(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for round_ in range(3):
        db = str(tmp_path / f"new{round_}.db")
        barrier, results = ctx.Barrier(3), ctx.Queue()
        procs = [ctx.Process(target=_open_and_report, args=(db, barrier, results)) for _ in "abc"]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join()
        assert outcomes == ["ok", "ok", "ok"]
        with sqlite3.connect(db) as con:
            assert con.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


def _hold_write_lock(db: Path, seconds: float) -> threading.Thread:
    """Another writer: holds the store's write lock for ``seconds``, from another connection."""
    ready = threading.Event()

    def hold() -> None:
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        con.execute("COMMIT")
        con.close()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    ready.wait()
    return thread


@pytest.fixture()
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own wait cut to 50 ms, so that the retries are what waits."""
    monkeypatch.setattr(repository, "SQLITE_BUSY_SECONDS", 0.05)


def test_a_writer_waits_for_another_to_finish(tmp_path: Path, impatient: None) -> None:
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        other = _hold_write_lock(db, 1.0)
        started = time.monotonic()
        with store.transaction() as conn:
            waited = time.monotonic() - started
            conn.exec_driver_sql("CREATE TABLE marker (x)")
        other.join()
    finally:
        store.close()
    assert waited >= 0.9  # far beyond SQLite's own 50 ms: the begin was retried
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM marker").fetchone() == (0,)


def test_a_writer_kept_out_too_long_stops_with_one_clear_line(
    tmp_path: Path, impatient: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "LOCK_WAIT_SECONDS", 0.5)
    db = tmp_path / "t.db"
    Store.open(str(db)).close()
    story = tmp_path / "a.txt"
    story.write_text(
        "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
        "the Armenian defence ministry said.",
        encoding="utf-8",
    )
    other = _hold_write_lock(db, 20.0)
    store = Store.open(str(db))  # current schema: opened without waiting for the lock
    try:
        with pytest.raises(StoreError, match="locked by another writer"), store.transaction():
            pass
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(story), "--workers", "0"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("error:")
    message = " ".join(result.output.split())  # the console wraps long lines
    assert "the database is locked by another writer" in message and "try again" in message
    assert other.is_alive()
