"""Load on 127.0.0.1, bounded: the server answers concurrent requests while another
process ingests into its store, and two ingests write one store; no 5xx, no lost article."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.process import ingest
from sitroom.store import Store

from .crash import article_texts
from .load import burst, serving

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _ingest_into(db: Path, folder: Path, go: object) -> None:
    go.wait(60)  # type: ignore[attr-defined]
    store = Store.open(str(db))
    try:
        summary = ingest([str(folder)], store, Settings(db=str(db), workers=0))
    finally:
        store.close()
    raise SystemExit(0 if not summary.failed else 3)


def _folder(root: Path, name: str, texts: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    for file, text in texts.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _docs(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {d for (d,) in con.execute("SELECT doc FROM articles")}


@pytest.fixture()
def store_db(tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        first = [str(EXAMPLES / "01_border_clash.txt"), str(EXAMPLES / "03_ceasefire.txt")]
        assert not ingest(first, store, Settings(db=str(db), workers=0)).failed
    finally:
        store.close()
    return db


def test_the_server_answers_every_request_while_another_process_ingests(
    tmp_path: Path, store_db: Path
) -> None:
    texts = article_texts(12)
    folder = _folder(tmp_path, "new", texts)
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    writer = ctx.Process(target=_ingest_into, args=(store_db, folder, go))
    writer.start()  # forked before the server's thread exists
    with serving(Settings(db=str(store_db))) as base:
        quiet = burst(base, 40, 4)
        go.set()
        loaded = burst(base, 160, 8)
    writer.join(120)
    assert writer.exitcode == 0
    assert quiet.server_errors == 0 and loaded.server_errors == 0, sorted(set(loaded.statuses))
    assert set(texts) <= _docs(store_db)  # nothing the writer ingested was lost
    print(
        f"\n160 requests under ingest: p50 {loaded.p50:.0f} ms, p95 {loaded.percentile(95):.0f} ms"
        f" (without: p50 {quiet.p50:.0f} ms, p95 {quiet.percentile(95):.0f} ms)"
    )


def test_two_ingests_into_one_store_both_finish_and_lose_nothing(
    tmp_path: Path, store_db: Path
) -> None:
    texts = article_texts(16)
    names = sorted(texts)
    first = _folder(tmp_path, "a", {n: texts[n] for n in names[:8]})
    second = _folder(tmp_path, "b", {n: texts[n] for n in names[8:]})
    ctx = multiprocessing.get_context("fork")
    go = ctx.Event()
    writers = [ctx.Process(target=_ingest_into, args=(store_db, f, go)) for f in (first, second)]
    for w in writers:
        w.start()
    go.set()
    for w in writers:
        w.join(180)
    assert [w.exitcode for w in writers] == [0, 0]
    assert set(texts) <= _docs(store_db)
