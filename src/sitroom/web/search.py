"""Full-text search over articles with SQLite FTS5, kept in a side index beside the store.

The index lives outside the store's migrated schema (a ``.search`` file next to
an SQLite database, or memory for other databases), so the store stays
Alembic's alone; it is brought up to date with the store before each search.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from sitroom.labels import article_title
from sitroom.store import Store
from sitroom.store import schema as s

log = logging.getLogger(__name__)

# Private-use characters mark matches in snippets; article text is escaped
# later, so the marks must be characters that cannot be mistaken for markup.
_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article that matches, with a snippet split into (text, is_match) parts."""

    article_id: str
    doc: str
    title: str
    published: str | None
    snippet: list[tuple[str, bool]]


def fts_query(text: str) -> str:
    """Turn free text into an FTS5 query: every word must appear (prefix on the last)."""
    words = _TOKEN.findall(text)
    if not words:
        return ""
    parts = [f'"{w}"' for w in words[:-1]] + [f'"{words[-1]}"*']
    return " ".join(parts)


def _split_snippet(raw: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for i, chunk in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", raw)):
        if chunk:
            out.append((chunk, i % 2 == 1))
    return out


class SearchIndex:
    """An FTS5 index of article titles and texts, synchronised from a store."""

    def __init__(self, store: Store, path: str | None = None) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path or ":memory:", check_same_thread=False)
        self._conn.executescript(
            "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5("
            "article_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2');"
            "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);"
        )
        self._version: str | None = None

    @classmethod
    def for_store(cls, store: Store) -> SearchIndex:
        """An index beside an SQLite file store, or in memory otherwise."""
        url = store.engine.url
        db = url.database or ""
        if url.get_backend_name() == "sqlite" and db and db != ":memory:":
            return cls(store, str(Path(db).with_suffix(Path(db).suffix + ".search")))
        return cls(store)

    def _store_version(self) -> str:
        a = s.articles
        with self.store.connect() as conn:
            n, last = conn.execute(select(func.count(), func.max(a.c.ingested_at))).one()
        return f"{n}:{last}"

    def refresh(self) -> None:
        """Add articles new to the store and drop those it no longer has."""
        with self._lock:
            version = self._store_version()
            row = self._conn.execute("SELECT value FROM state WHERE key='version'").fetchone()
            if row and row[0] == version:
                return
            have = {r[0] for r in self._conn.execute("SELECT article_id FROM docs")}
            a = s.articles
            with self.store.connect() as conn:
                ids = {r[0] for r in conn.execute(select(a.c.id))}
                new = sorted(ids - have)
                for start in range(0, len(new), 500):
                    chunk = new[start : start + 500]
                    rows = conn.execute(
                        select(a.c.id, a.c.title, a.c.text).where(a.c.id.in_(chunk))
                    ).all()
                    self._conn.executemany(
                        "INSERT INTO docs (article_id, title, text) VALUES (?, ?, ?)",
                        [(r.id, r.title or "", r.text) for r in rows],
                    )
            gone = have - ids
            self._conn.executemany("DELETE FROM docs WHERE article_id = ?", [(g,) for g in gone])
            self._conn.execute(
                "INSERT OR REPLACE INTO state (key, value) VALUES ('version', ?)", (version,)
            )
            self._conn.commit()
            log.info("search index: %d added, %d removed", len(new), len(gone))

    def search(self, text: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Articles matching every word of ``text``, best first."""
        query = fts_query(text)
        if not query:
            return []
        self.refresh()
        with self._lock:
            rows = self._conn.execute(
                "SELECT article_id, snippet(docs, 2, ?, ?, ' … ', 24) FROM docs "
                "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ? OFFSET ?",
                (_OPEN, _CLOSE, query, limit, offset),
            ).fetchall()
        if not rows:
            return []
        a = s.articles
        with self.store.connect() as conn:
            meta = {
                r.id: r
                for r in conn.execute(
                    select(
                        a.c.id,
                        a.c.doc,
                        a.c.title,
                        a.c.published,
                        func.substr(a.c.text, 1, 400).label("head"),
                    ).where(a.c.id.in_([r[0] for r in rows]))
                )
            }
        return [
            SearchHit(
                aid,
                meta[aid].doc,
                article_title(meta[aid].title, meta[aid].head, meta[aid].doc),
                meta[aid].published,
                _split_snippet(snip),
            )
            for aid, snip in rows
            if aid in meta
        ]

    def close(self) -> None:
        """Close the index file."""
        self._conn.close()
