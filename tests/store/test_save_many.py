"""``Store.save_many``: on PostgreSQL, new articles written by COPY, the store ending as one
``save`` after another leaves it, ids included; a bad article named, the others kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from sitroom.errors import StoreError
from sitroom.model import Actor, Article, Extraction, Quote
from sitroom.store import Store
from sitroom.store import schema as s
from sitroom.store.repository import SaveResult
from tests.pgserver import schemas, store_lines
from tests.resolve.factory import STEPANAKERT, article, event
from tests.store.test_postgres import pg_url  # noqa: F401  (the shared server fixture)


@pytest.fixture
def new_schema(pg_url: str) -> Iterator[Callable[[], str]]:  # noqa: F811
    """Makes an empty schema on the server; returns a URL that works in it."""
    with schemas(pg_url, "sitroom_save_many") as make:
        yield make


def _speaker(name: str) -> Quote:
    """A quote by the Armenian defence ministry, under one spelling of its name."""
    who = Actor(text=name, country="ARM", sector="MIL", name=name)
    return Quote(
        speaker=name,
        speaker_start=0,
        speaker_end=len(name),
        cue="said",
        cue_start=20,
        cue_end=24,
        content="the strike hit homes",
        content_start=30,
        content_end=50,
        direct=False,
        speaker_actor=who,
    )


def _articles() -> list[tuple[Article, Extraction]]:
    items = [
        article("a", [event(5), event(40, place=STEPANAKERT, killed=3)]),
        article("b", [event(5, date="2020-10")]),
        article("c", [event(5, type_="DEMAND", mode="", place=None)]),
        article("d", []),
    ]
    # One entity under two spellings in two articles of one batch: the better name stays.
    items[0][1].quotes.append(_speaker("Armenian defence ministry"))
    items[2][1].quotes.append(_speaker("the Armenian Defence Ministry"))
    return items


def _save_each(store: Store, items: list[tuple[Article, Extraction]]) -> None:
    with store.transaction():
        for a, x in items:
            with store.savepoint():
                store.save(a, x)


def test_save_many_stores_what_save_after_save_stores(new_schema: Callable[[], str]) -> None:
    one, many = Store.open(new_schema()), Store.open(new_schema())
    try:
        first, second = _articles(), _articles()
        # A stored article in the middle of the second batch (reprocessed): saved alone.
        _save_each(one, first[:1])
        _save_each(many, second[:1])
        again = article("a", [event(5, killed=4)])
        _save_each(one, [*first[1:], again])
        with many.transaction():
            results = many.save_many([*second[1:3], again, second[3]])
        assert [r.status for r in results if isinstance(r, SaveResult)] == [
            "new",
            "new",
            "reprocessed",
            "new",
        ]
        assert store_lines(many) == store_lines(one)
        counts = [line for line in store_lines(many) if line.startswith("==")]
        # Retried, the batch adds nothing: every article is keyed by its content hash, and
        # is saved again as ``save`` saves a stored one (its mentions replaced).
        with many.transaction():
            again_results = many.save_many([*second[1:3], again, second[3]])
        assert {r.status for r in again_results if isinstance(r, SaveResult)} == {"reprocessed"}
        _save_each(one, [*first[1:], again])
        assert [line for line in store_lines(many) if line.startswith("==")] == counts
        assert store_lines(many) == store_lines(one)
    finally:
        one.close()
        many.close()


def test_a_bad_article_is_named_and_the_rest_stored(new_schema: Callable[[], str]) -> None:
    store = Store.open(new_schema())
    try:
        items = _articles()
        bad, x = article("bad", [event(5)])
        bad.text = bad.raw = "a lone surrogate \ud800 " * 9  # no encoding can write it
        with store.transaction():
            results = store.save_many([items[0], (bad, x), items[1]])
        assert isinstance(results[1], StoreError) and "bad" in str(results[1])
        assert [r.status for r in results if isinstance(r, SaveResult)] == ["new", "new"]
        with store.connect() as conn:
            docs = sorted(r[0] for r in conn.execute(select(s.articles.c.doc)))
        assert docs == ["a", "b"]
    finally:
        store.close()


def test_sqlite_saves_each(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "s.db"))
    try:
        with store.transaction():
            results = store.save_many(_articles())
        assert [r.status for r in results if isinstance(r, SaveResult)] == ["new"] * 4
    finally:
        store.close()
