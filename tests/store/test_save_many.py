"""``Store.save_many``: on PostgreSQL, new articles written by COPY, the store ending as one
``save`` after another leaves it, ids included; a bad article named, the others kept."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from sitroom.errors import StoreError
from sitroom.model import Actor, Article, Extraction, Quote
from sitroom.store import Store, database_url
from sitroom.store import schema as s
from sitroom.store.repository import SaveResult
from tests.resolve.factory import STEPANAKERT, article, event
from tests.store.test_postgres import pg_url  # noqa: F401  (the shared server fixture)

_CLOCK = {"ingested_at", "processed_at", "updated_at", "created_at"}
_count = itertools.count()


@pytest.fixture
def new_schema(pg_url: str) -> Iterator[Callable[[], str]]:  # noqa: F811
    """Makes an empty schema on the server; returns a URL that works in it."""
    engine = create_engine(database_url(pg_url))
    made: list[str] = []

    def make() -> str:
        name = f"sitroom_save_many_{os.getpid()}_{next(_count)}"
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {name}"))
        made.append(name)
        url = engine.url.update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)

    yield make
    with engine.begin() as conn:
        for name in made:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
    engine.dispose()


def _dump(store: Store) -> list[str]:
    lines: list[str] = []
    with store.connect() as conn:
        for name, table in sorted(s.metadata.tables.items()):
            cols = [c for c in table.columns if c.name not in _CLOCK]
            rows = conn.execute(select(*cols)).fetchall()
            lines.append(f"== {name} ({len(rows)} rows)")
            lines.extend(sorted(repr(tuple(r)) for r in rows))
    return lines


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
        assert _dump(many) == _dump(one)
        counts = [line for line in _dump(many) if line.startswith("==")]
        # Retried, the batch adds nothing: every article is keyed by its content hash, and
        # is saved again as ``save`` saves a stored one (its mentions replaced).
        with many.transaction():
            again_results = many.save_many([*second[1:3], again, second[3]])
        assert {r.status for r in again_results if isinstance(r, SaveResult)} == {"reprocessed"}
        _save_each(one, [*first[1:], again])
        assert [line for line in _dump(many) if line.startswith("==")] == counts
        assert _dump(many) == _dump(one)
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
