"""The near-duplicate index in the store (``article_bands``, ``article_grams``), on any database.

``StoreBands`` is the band backend that ``sitroom ingest`` gives its
``NearDuplicateIndex``: an article's bands and gram hashes are written once,
when it is indexed, and looked up by key, so the index costs the process no
memory as the archive grows and is not rebuilt at the start of each run.
Articles stored before these tables existed are found by ``unindexed`` and
indexed on the next ingest.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import exists, func, select

from sitroom.errors import StoreError
from sitroom.ingest.dedup import POSTINGS_PER_KEY, Band, Grams, IndexedArticle
from sitroom.store import schema as s
from sitroom.store.repository import Store

# Keys or ids per ``IN (...)``: well under SQLite's and PostgreSQL's parameter limits.
_CHUNK = 500

T = TypeVar("T")

# Keys per lookup statement: one part of a UNION ALL each, well under SQLite's limit of
# 500 parts in a compound SELECT.
_KEYS_PER_STATEMENT = 100

# Lookups run once or twice per new article and return a row per candidate; through
# SQLAlchemy's statement and row machinery they cost three times the query itself, so
# they are plain SQL with the driver's own placeholders (the tables are fixed).
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _chunks(values: Collection[T]) -> Iterator[tuple[T, ...]]:
    items = tuple(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class StoreBands:
    """A ``NearDuplicateIndex``'s bands and grams in the store's tables."""

    def __init__(self, store: Store, postings_per_key: int = POSTINGS_PER_KEY) -> None:
        self.store = store
        self.postings_per_key = postings_per_key
        style = store.engine.dialect.paramstyle
        if style not in _MARKS:
            raise StoreError(
                f"near-duplicate index: the database driver's {style!r} parameters are "
                "not supported (use SQLite or PostgreSQL)"
            )
        self._mark = _MARKS[style]

    def _select(self, sql: str, values: Collection[T]) -> Iterator[Any]:
        """Rows of ``sql`` (ending in ``IN``) for ``values``, a chunk at a time."""
        with self.store.connect() as conn:
            for chunk in _chunks(values):
                marks = ", ".join([self._mark] * len(chunk))
                yield from conn.exec_driver_sql(f"{sql} ({marks})", chunk).all()

    def insert(self, articles: Sequence[IndexedArticle]) -> None:
        """Store the bands and grams of ``articles`` (stored articles) in one transaction."""
        if not articles:
            return
        m = self._mark
        grams = [
            (
                a.article_id,
                # Fixed byte order, so a store moved between machines still reads.
                a.grams.hashes.astype("<i8").tobytes(),
                a.grams.spans.astype("<i4").tobytes(),
            )
            for a in articles
        ]
        bands = [(b.key, b.article_id, b.paragraph) for a in articles for b in a.bands]
        with self.store.begin() as conn:
            conn.exec_driver_sql(
                f"INSERT INTO article_grams (article_id, hashes, spans) VALUES ({m}, {m}, {m})",
                grams,
            )
            if bands:
                conn.exec_driver_sql(
                    f"INSERT INTO article_bands (band, article_id, paragraph) "
                    f"VALUES ({m}, {m}, {m})",
                    bands,
                )

    def lookup(self, keys: Collection[int]) -> list[Band]:
        """The stored bands whose key is one of ``keys``: of each key, the first
        ``postings_per_key`` in (article id, paragraph) order, each key's read from the
        band index and stopped there (one statement per hundred keys)."""
        out: list[Band] = []
        unique = sorted(set(keys))
        m, most = self._mark, int(self.postings_per_key)
        part = (
            f"SELECT * FROM (SELECT band, article_id, paragraph FROM article_bands "
            f"WHERE band = {m} ORDER BY article_id, paragraph LIMIT {most}) AS b"
        )
        with self.store.connect() as conn:
            for start in range(0, len(unique), _KEYS_PER_STATEMENT):
                chunk = unique[start : start + _KEYS_PER_STATEMENT]
                sql = " UNION ALL ".join(f"{part}{n}" for n in range(len(chunk)))
                out.extend(Band(r[0], r[1], r[2]) for r in conn.exec_driver_sql(sql, tuple(chunk)))
        return out

    def grams(self, article_ids: Collection[str]) -> dict[str, Grams]:
        """Grams of the indexed articles among ``article_ids``."""
        sql = "SELECT article_id, hashes, spans FROM article_grams WHERE article_id IN"
        return {
            row[0]: Grams(
                np.frombuffer(row[1], dtype="<i8"),
                np.frombuffer(row[2], dtype="<i4").reshape(-1, 3),
            )
            for row in self._select(sql, article_ids)
        }

    def hashes(self, article_ids: Collection[str]) -> dict[str, np.ndarray]:
        """The gram hashes of the indexed articles among ``article_ids``."""
        sql = "SELECT article_id, hashes FROM article_grams WHERE article_id IN"
        rows = self._select(sql, article_ids)
        return {row[0]: np.frombuffer(row[1], dtype="<i8") for row in rows}

    def indexed(self, article_ids: Collection[str]) -> set[str]:
        """Those of ``article_ids`` that are indexed."""
        sql = "SELECT article_id FROM article_grams WHERE article_id IN"
        return {row[0] for row in self._select(sql, article_ids)}

    def count(self) -> int:
        """Number of indexed articles."""
        with self.store.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(s.article_grams)).scalar_one())

    def unindexed(self, exclude: str | None = None, page: int = 200) -> Iterator[tuple[str, str]]:
        """(id, analysed text) of the stored English articles not indexed, a page at a time.

        Each page is a fresh query after the last id seen, so the caller may index
        what it is given between pages and nothing stays open or in memory.
        """
        a, g = s.articles, s.article_grams
        after = ""
        while True:
            query = (
                select(a.c.id, a.c.text)
                .where(
                    a.c.language == "en",
                    a.c.id > after,
                    ~exists().where(g.c.article_id == a.c.id),
                )
                .order_by(a.c.id)
                .limit(page)
            )
            with self.store.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for row in rows:
                if row[0] != exclude:
                    yield row[0], row[1]
            after = rows[-1][0]
