"""``sitroom ingest`` links copies across runs, and indexes a store from before the index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.extract.article import Resources
from sitroom.process import ingest, load_resources
from sitroom.store import Store
from tests.ingest.syndication import make_syndication_set
from tests.store.alembic_helpers import alembic_to


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(Settings())


@pytest.fixture(scope="module")
def story() -> tuple[str, str]:
    """A generated agency story and a copy-edited republication of it."""
    corpus = make_syndication_set(n=1)
    (key, original), (copy, copied) = next(iter(corpus.originals.items())), corpus.copies[0]
    assert copied == key
    return original, copy


def _write(folder: Path, name: str, text: str) -> str:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _ingest(db: Path, path: str, resources: Resources) -> tuple[int, int]:
    """One run as ``sitroom ingest`` makes it, with a Store of its own: (new, near-duplicate)."""
    store = Store.open(str(db))
    try:
        summary = ingest([path], store, Settings(db=str(db)), resources=resources)
    finally:
        store.close()
    assert not summary.failed
    return summary.new, summary.near_duplicate


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_copy_in_a_later_run_is_linked_to_the_first_runs_article(
    tmp_path: Path, resources: Resources, story: tuple[str, str]
) -> None:
    original, copy = story
    db = tmp_path / "runs.db"
    assert _ingest(db, _write(tmp_path / "monday", "wire.txt", original), resources) == (1, 0)
    assert _ingest(db, _write(tmp_path / "tuesday", "outlet.txt", copy), resources) == (1, 1)
    ids = dict(_rows(db, "SELECT doc, id FROM articles"))
    first, second = (ids[d] for d in sorted(ids, key=lambda d: "tuesday" in d))
    links = _rows(db, "SELECT article_id, other_id, kind FROM article_links")
    assert links == [(second, first, "near-duplicate")]
    indexed = {r[0] for r in _rows(db, "SELECT article_id FROM article_grams")}
    assert indexed == {first, second}


def test_an_old_store_is_indexed_on_its_next_ingest(
    tmp_path: Path, resources: Resources, story: tuple[str, str]
) -> None:
    original, copy = story
    db = tmp_path / "old.db"
    alembic_to(db, "0003")  # before the index was kept in the store
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO articles (id, doc, source, content_hash, raw, text, published_inferred, "
        "language, encoding, ingested_at, versions) VALUES ('a1', 'old.txt', '', 'h', ?, ?, 0, "
        "'en', 'utf-8', '2020-07-13', '{}')",
        (original, original),
    )
    con.commit()
    con.close()

    Store.open(str(db)).close()  # upgraded: the article is kept, not yet indexed
    assert _rows(db, "SELECT id FROM articles") == [("a1",)]
    assert _rows(db, "SELECT count(*) FROM article_grams") == [(0,)]

    assert _ingest(db, _write(tmp_path / "new", "outlet.txt", copy), resources) == (1, 1)
    copy_id = _rows(db, "SELECT id FROM articles WHERE doc LIKE '%outlet.txt'")[0][0]
    assert _rows(db, "SELECT article_id, other_id, kind FROM article_links") == [
        (copy_id, "a1", "near-duplicate")
    ]
    assert {r[0] for r in _rows(db, "SELECT article_id FROM article_grams")} == {"a1", copy_id}
