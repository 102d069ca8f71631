"""``ingest`` commits articles a batch at a time, each in a savepoint of its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitroom import process
from sitroom.config import Settings
from sitroom.extract.article import Resources
from sitroom.process import ingest, load_resources
from sitroom.store import Store

_STORIES = {
    "a.txt": "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
    "the Armenian defence ministry said.",
    "b.txt": "Armenian forces shelled Tartar on October 4, 2020, killing 2 civilians and "
    "wounding 9, the Azerbaijani defence ministry said.",
    "c-bad.txt": "Hundreds of people rallied in Yerevan on October 5, 2020 to demand an end "
    "to the fighting.",
    "d.txt": "Iran offered to mediate between Armenia and Azerbaijan, officials said on "
    "October 6, 2020.",
    "e.txt": "The foreign minister of Russia spoke by phone with his Turkish counterpart on "
    "October 7, 2020 and urged both sides to show restraint.",
}


def _write_stories(folder: Path) -> Path:
    folder.mkdir()
    for name, text in _STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(Settings())


def test_an_article_that_fails_to_store_leaves_nothing_and_its_batch_goes_on(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(process, "COMMIT_ARTICLES", 2)  # batches of two: the failure is inside one
    folder = _write_stories(tmp_path / "in")
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    with sqlite3.connect(db) as con:
        # The store refuses to finish one article: its row is written first.
        con.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.article_id IN "
            "(SELECT id FROM articles WHERE doc LIKE '%bad%') "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    try:
        summary = ingest([str(folder)], store, Settings(db=str(db)), resources=resources)
    finally:
        store.close()

    assert [(Path(f.source).name, "refused by the test" in f.reason) for f in summary.failed] == [
        ("c-bad.txt", True)
    ]
    assert summary.new == 4
    with sqlite3.connect(db) as con:
        docs = sorted(Path(r[0]).name for r in con.execute("SELECT doc FROM articles"))
        assert docs == ["a.txt", "b.txt", "d.txt", "e.txt"]
        for table in ("actors", "places", "times", "events", "quotes"):
            orphans = con.execute(
                f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchone()
            assert orphans == (0,), table
        # Every stored article was processed and every mention resolved, across batches.
        assert con.execute(
            "SELECT count(*) FROM articles WHERE processed_at IS NULL"
        ).fetchone() == (0,)
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        assert events >= 4
        assert con.execute("SELECT count(*) FROM events WHERE incident = ''").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM incident_members").fetchone() == (events,)
        assert con.execute("SELECT count(*) FROM article_grams").fetchone() == (4,)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_every_article_is_parsed_once_whatever_the_batch_size(
    tmp_path: Path, resources: Resources, batch_size: int
) -> None:
    # (the first article is parsed in a batch of its own, the rest in batches of batch_size)
    folder = _write_stories(tmp_path / "in")
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        settings = Settings(db=str(db), batch_size=batch_size)
        summary = ingest([str(folder)], store, settings, resources=resources)
        docs = sorted(
            Path(d).name
            for (d,) in store.engine.connect().exec_driver_sql("SELECT doc FROM articles")
        )
    finally:
        store.close()
    assert summary.new == len(_STORIES)
    assert docs == sorted(_STORIES)


def test_parse_processes_store_what_parsing_here_stores(
    tmp_path: Path, resources: Resources
) -> None:
    folder = _write_stories(tmp_path / "in")
    stored = {}
    for workers in (0, 1):
        db = tmp_path / f"w{workers}.db"
        store = Store.open(str(db))
        try:
            settings = Settings(db=str(db), workers=workers, batch_size=2)
            assert ingest([str(folder)], store, settings, resources=resources).new == 5
        finally:
            store.close()
        with sqlite3.connect(db) as con:
            con.execute("UPDATE incidents SET updated_at = ''")  # the wall clock differs
            stored[workers] = {
                table: sorted(con.execute(f"SELECT * FROM {table}").fetchall())
                for table in ("actors", "places", "times", "events", "quotes", "incidents")
            }
    assert stored[0]["events"]  # something to compare
    assert stored[1] == stored[0]


def test_ingest_runs_the_collector_less_often_and_restores_it(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    import threading

    seen: list[tuple[int, int, int]] = []
    real = process.load_pipeline

    def watching(settings: Settings) -> object:  # called by ingest, inside its span
        seen.append(gc.get_threshold())
        return real(settings)

    monkeypatch.setattr(process, "load_pipeline", watching)
    before = gc.get_threshold()
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        settings = Settings(db=str(db), workers=0)
        folder = _write_stories(tmp_path / "in")
        ingest([str(folder)], store, settings, resources=resources)
        assert gc.get_threshold() == before
        # In another thread (a server's), the process's setting is left alone.
        thread = threading.Thread(
            target=ingest, args=([str(folder)], store, settings), kwargs={"resources": resources}
        )
        thread.start()
        thread.join()
    finally:
        store.close()
    assert seen == [(process.GC_YOUNG, *before[1:]), before]
