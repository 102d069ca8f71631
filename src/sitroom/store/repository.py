"""The store: open (and migrate) a database, save articles with their mentions."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    ClauseElement,
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.sql import Executable

from sitroom.errors import StoreError
from sitroom.model import Actor, Article, Extraction
from sitroom.resolve.entities import Entity, link_entities
from sitroom.store import schema as s

log = logging.getLogger(__name__)


# PostgreSQL URLs without a driver go to psycopg 3, the driver the ``postgres`` extra
# installs (SQLAlchemy's own default for them is psycopg2).
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_DRIVER_HINT = "pip install 'sitroom[postgres]'"


def database_url(db: str) -> str:
    """Turn a path or URL into an SQLAlchemy URL (a bare path means SQLite)."""
    for scheme in _POSTGRES_SCHEMES:
        if db.startswith(scheme):
            return "postgresql+psycopg://" + db.removeprefix(scheme)
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _shown(url: str) -> str:
    """The URL for messages, with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


SQLITE_BUSY_SECONDS = 10.0
"""How long one SQLite statement waits for another connection's lock (Python's default: 5)."""
LOCK_WAIT_SECONDS = 300.0
"""How long, in all, a writer waits for another writer (another ingest, the server) to
finish before it stops with a clear error; retried with backoff within it."""
_MIGRATION_LOCK = 0x5117_0001
"""PostgreSQL advisory lock that one migration at a time holds."""


def _locked(exc: OperationalError) -> bool:
    """True when ``exc`` is SQLite's answer to a lock another connection holds."""
    message = str(exc.orig).lower()
    return isinstance(exc.orig, sqlite3.OperationalError) and (
        "database is locked" in message or "database is busy" in message
    )


SQLITE_CACHE_MIB = 64
"""Page cache of each SQLite connection, at most (SQLite's default is 2 MiB)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Ingest inserts rows under random keys (near-duplicate bands, ids): with the default
    # 2 MiB cache, most inserts into a store of 10,000 articles read their index page
    # back from the file; with 64 MiB they stay in memory (storing, linking and
    # resolving an article about 7% cheaper). The cache fills only as pages are used.
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_MIB * 1024}")
    cur.close()


_BY_HASH = select(s.articles.c.id, s.articles.c.processed_at).where(
    s.articles.c.content_hash == bindparam("hash")
)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What happened to one article on save."""

    article_id: str
    status: str
    """``new``, ``unchanged`` or ``reprocessed``."""


class Store:
    """A sitroom database (SQLite file or PostgreSQL), migrated to the latest schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.mention_writes = 0
        """Saves through this Store that wrote an article's mentions (a generation count
        for what callers derive from stored mentions)."""
        # The connection of each thread's open ``transaction()``.
        self._pinned = threading.local()

    @classmethod
    def open(cls, db: str) -> Store:
        """Open ``db`` (path or URL), creating and migrating it as needed."""
        url = database_url(db)
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
            parent = Path(url.removeprefix("sqlite:///")).parent
            if not parent.is_dir():
                raise StoreError(f"{db}: directory {parent} does not exist")
        sqlite = url.startswith("sqlite")
        try:
            engine = create_engine(
                url, future=True, connect_args={"timeout": SQLITE_BUSY_SECONDS} if sqlite else {}
            )
        except ImportError as exc:
            if url.startswith("postgresql+psycopg://"):
                raise StoreError(
                    f"{_shown(url)}: the PostgreSQL driver is not installed ({exc}); "
                    f"install it with {POSTGRES_DRIVER_HINT}"
                ) from exc
            raise StoreError(
                f"{_shown(url)}: cannot open database, its driver is missing ({exc})"
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{_shown(url)}: cannot open database ({exc})") from exc
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        store.migrate()
        return store

    def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision, one process at a time.

        Two processes opening a new file at once would both create the tables; the
        migration runs under a lock (SQLite: ``BEGIN EXCLUSIVE``; PostgreSQL: an
        advisory lock), so the second waits, then finds the schema current. A store
        already current is opened without the lock, so readers never wait for it.
        """
        cfg = Config()
        cfg.set_main_option(
            "script_location", str(resources.files("sitroom.store").joinpath("migrations"))
        )
        try:
            head = ScriptDirectory.from_config(cfg).get_current_head()
            with self.engine.connect() as conn:
                if MigrationContext.configure(conn).get_current_revision() == head:
                    return
            with self.engine.begin() as conn:
                if conn.dialect.driver == "pysqlite":
                    self._begin_when_free(conn, "EXCLUSIVE")
                elif conn.dialect.name == "postgresql":
                    conn.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"{self._shown()}: cannot migrate database ({exc})") from exc

    def _shown(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def _begin_when_free(self, conn: Connection, mode: str) -> None:
        """``BEGIN IMMEDIATE`` or ``EXCLUSIVE`` on SQLite, waiting for another writer to finish.

        SQLite waits ``SQLITE_BUSY_SECONDS`` for a lock on its own; past that the begin is
        retried, with a growing pause, for up to ``LOCK_WAIT_SECONDS`` in all, then
        ``StoreError`` says what holds the store. A second ``sitroom ingest``, or a POST
        to the server during one, waits its turn instead of failing.
        """
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        pause = 0.05
        while True:
            try:
                conn.exec_driver_sql(f"BEGIN {mode}")
                return
            except OperationalError as exc:
                left = deadline - time.monotonic()
                if not _locked(exc):
                    raise
                if left <= 0:
                    raise StoreError(
                        f"{self._shown()}: the database is locked by another writer (another "
                        f"sitroom ingest or server?) for over {LOCK_WAIT_SECONDS:g} s; "
                        "try again when it is done"
                    ) from None
                log.info("%s: waiting for another writer to finish", self._shown())
                time.sleep(min(pause, left))
                pause = min(pause * 2, 2.0)

    def ascending(self, col: ColumnElement[Any]) -> ColumnElement[Any]:
        """Ascending order with NULLs first, as SQLite sorts them, on every database.

        PostgreSQL puts NULLs last; SQLite keeps its plain ``ORDER BY`` so that its
        planner still reads the order from an index.
        """
        if self.engine.dialect.name == "sqlite":
            return col
        return col.asc().nulls_first()

    def descending(self, col: ColumnElement[Any]) -> ColumnElement[Any]:
        """Descending order with NULLs last, as SQLite sorts them, on every database."""
        if self.engine.dialect.name == "sqlite":
            return col.desc()
        return col.desc().nulls_last()

    def like(self, col: ColumnElement[Any], pattern: str) -> ColumnElement[bool]:
        """``col LIKE pattern`` (``\\`` escapes), ignoring case as SQLite's LIKE does.

        PostgreSQL's LIKE heeds case, so it gets ILIKE; SQLite keeps its plain LIKE.
        """
        if self.engine.dialect.name == "sqlite":
            return col.like(pattern, escape="\\")
        return col.ilike(pattern, escape="\\")

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    def _pinned_connection(self) -> Connection | None:
        conn: Connection | None = getattr(self._pinned, "conn", None)
        return conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read connection (inside ``transaction()``, its connection, which sees its writes)."""
        pinned = self._pinned_connection()
        if pinned is not None:
            yield pinned
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A connection in a transaction, committed when the block ends without an exception.

        Inside ``transaction()`` the block is part of that transaction, committed with it.
        """
        pinned = self._pinned_connection()
        if pinned is not None:
            yield pinned
            return
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """Make everything this thread does with the store inside the block one transaction.

        Store functions called in the block read and write through one connection:
        they see each other's writes, and all of them are committed when the block
        ends, or none if it raises, so work that spans many calls (storing,
        linking and resolving an article) never stays half-written. One
        connection also keeps SQLite's page cache warm from one call to the
        next. A nested ``transaction()`` is part of the outer one. Other threads
        are not affected.
        """
        pinned = self._pinned_connection()
        if pinned is not None:
            yield pinned
            return
        with self.engine.begin() as conn:
            if conn.dialect.driver == "pysqlite":
                # Python's sqlite3 opens a transaction only before its first write, so a
                # SAVEPOINT before that would open (and its release commit) one of its
                # own. Opened here, and IMMEDIATE: the write lock is taken now, not by
                # upgrading a read that another writer may have made stale meanwhile.
                self._begin_when_free(conn, "IMMEDIATE")
            self._pinned.conn = conn
            try:
                yield conn
            finally:
                self._pinned.conn = None

    @contextmanager
    def savepoint(self) -> Iterator[Connection]:
        """A block inside ``transaction()`` whose writes are undone, alone, if it raises.

        The exception goes on; the transaction stays open for the blocks after it.
        Outside ``transaction()``, the block is a transaction of its own.
        """
        pinned = self._pinned_connection()
        if pinned is None:
            with self.transaction() as conn:
                yield conn
            return
        with pinned.begin_nested():
            yield pinned

    def article_id_for_hash(self, content_hash: str) -> str | None:
        """The id of the stored article with this content hash, if any."""
        with self.connect() as conn:
            row = conn.execute(
                select(s.articles.c.id).where(s.articles.c.content_hash == content_hash)
            ).first()
        return row[0] if row else None

    def processed_versions(self, article_id: str) -> dict[str, str] | None:
        """Extractor versions an article was processed with (None if never processed)."""
        with self.connect() as conn:
            row = conn.execute(
                select(s.articles.c.versions, s.articles.c.processed_at).where(
                    s.articles.c.id == article_id
                )
            ).first()
        if row is None or row[1] is None:
            return None
        return dict(json.loads(row[0]))

    def save(self, article: Article, extraction: Extraction | None) -> SaveResult:
        """Store an article and replace its mentions, all in one transaction."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            with self.begin() as conn:
                existing = conn.execute(_BY_HASH, {"hash": article.content_hash}).first()
                if existing is not None and extraction is None:
                    return SaveResult(existing[0], "unchanged")
                fresh = existing is None
                # Processed in the same statement that writes the row: the mentions
                # follow in this transaction.
                processed = (
                    {"processed_at": now, "versions": json.dumps(extraction.versions)}
                    if extraction is not None
                    else {}
                )
                if fresh:
                    unprocessed = {"processed_at": None, "versions": "{}"}
                    # To the microsecond: articles are resolved in the order they were first
                    # stored, and replaying that order must not depend on ties.
                    first = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
                    row = {**_article_row(article, first), **(processed or unprocessed)}
                    _insert_rows(conn, s.articles, [row])
                    status = "new"
                else:
                    article.id = existing[0]
                    status = "reprocessed" if existing[1] else "new"
                    conn.execute(
                        update(s.articles)
                        .where(s.articles.c.id == article.id)
                        .values(**_article_meta(article), **processed)
                    )
                if extraction is not None:
                    if not fresh:
                        self.mention_writes += 1
                    _replace_mentions(conn, article.id, extraction, fresh)
        except (SQLAlchemyError, UnicodeError) as exc:
            # UnicodeError: a string the driver cannot encode (a lone surrogate) is this
            # article's fault, not the batch's.
            raise StoreError(f"{article.doc}: cannot store article ({exc})") from exc
        return SaveResult(article.id, status)

    def save_many(
        self, items: Sequence[tuple[Article, Extraction]]
    ) -> list[SaveResult | StoreError]:
        """Store articles and their mentions as ``save`` stores each, in input order, in one
        transaction (or the enclosing one); each article's result, or the error that kept
        it out.

        On PostgreSQL, consecutive articles not stored yet are written together: each
        table's rows of all of them in one ``COPY`` (event ids drawn from their sequence
        first, so they are the ids one ``save`` after another would give). An article
        already stored (reprocessed), or one whose batch fails, is saved alone, in a
        savepoint of its own. Articles are keyed by content hash, so a batch retried after
        its transaction failed or committed adds nothing twice. On SQLite, ``save`` each.
        """
        results: list[SaveResult | StoreError] = []
        if self.engine.dialect.name != "postgresql":
            for article, extraction in items:
                results.append(self._save_alone(article, extraction))
            return results
        with self.begin() as conn:
            stored = self.stored_hashes([a.content_hash for a, _ in items])
            run: list[tuple[Article, Extraction]] = []
            for article, extraction in items:
                if article.content_hash in stored:
                    results += self._copy_fresh(conn, run)
                    run = []
                    results.append(self._save_alone(article, extraction))
                else:
                    stored.add(article.content_hash)
                    run.append((article, extraction))
            results += self._copy_fresh(conn, run)
        return results

    def stored_hashes(self, hashes: Collection[str]) -> set[str]:
        """The content hashes among ``hashes`` of articles already stored."""
        stored: set[str] = set()
        with self.connect() as conn:
            for chunk in s.in_chunks(sorted(set(hashes))):
                stored.update(
                    str(r[0])
                    for r in conn.execute(
                        select(s.articles.c.content_hash).where(
                            s.articles.c.content_hash.in_(list(chunk))
                        )
                    )
                )
        return stored

    def _save_alone(self, article: Article, extraction: Extraction) -> SaveResult | StoreError:
        try:
            with self.savepoint():
                return self.save(article, extraction)
        except StoreError as exc:
            return exc

    def _copy_fresh(
        self, conn: Connection, items: Sequence[tuple[Article, Extraction]]
    ) -> list[SaveResult | StoreError]:
        """Insert articles not stored yet, with their mentions, by COPY (PostgreSQL); one by
        one when that fails, so the article at fault is named."""
        if not items:
            return []
        try:
            with conn.begin_nested():
                _copy_articles(conn, items)
        except (SQLAlchemyError, UnicodeError, ValueError) as exc:
            log.info("a batch of %d articles failed as one (%s); saving each", len(items), exc)
            return [self._save_alone(a, x) for a, x in items]
        return [SaveResult(a.id, "new") for a, _ in items]

    def link_articles(self, article_id: str, other_id: str, kind: str, similarity: float) -> None:
        """Record that two articles are near-duplicates or share syndicated text."""
        self.link_many(article_id, [(other_id, kind, similarity)])

    def link_many(self, article_id: str, links: Sequence[tuple[str, str, float]]) -> None:
        """Record an article's links, (other id, kind, similarity) each, in one transaction.

        A second link to the same article replaces the first, as a second
        ``link_articles`` call would.
        """
        last = {other: (kind, sim) for other, kind, sim in links}
        if not last:
            return
        al = s.article_links
        with self.begin() as conn:
            conn.execute(
                delete(al).where(
                    al.c.article_id == bindparam("b_article"),
                    al.c.other_id == bindparam("b_other"),
                ),
                [{"b_article": article_id, "b_other": other} for other in last],
            )
            conn.execute(
                insert(al),
                [
                    {"article_id": article_id, "other_id": other, "kind": kind, "similarity": sim}
                    for other, (kind, sim) in last.items()
                ],
            )

    def set_incidents(self, assignments: dict[int, str]) -> None:
        """Write incident ids for event mentions (event id -> incident id)."""
        with self.begin() as conn:
            for event_id, incident in assignments.items():
                conn.execute(
                    update(s.events).where(s.events.c.id == event_id).values(incident=incident)
                )


def _article_meta(a: Article) -> dict[str, Any]:
    return {
        "doc": a.doc,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "byline": a.byline,
        "dateline": a.dateline,
        "published": a.published.isoformat() if a.published else None,
        "published_earliest": a.published_earliest.isoformat() if a.published_earliest else None,
        "published_latest": a.published_latest.isoformat() if a.published_latest else None,
        "published_inferred": a.published_inferred,
        "language": a.language,
        "encoding": a.encoding,
    }


def _article_row(a: Article, now: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "content_hash": a.content_hash,
        "raw": a.raw,
        "text": a.text,
        "ingested_at": now,
        **_article_meta(a),
    }


def _actor_fields(prefix: str, actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {
            f"{prefix}_text": None,
            f"{prefix}_name": None,
            f"{prefix}_country": None,
            f"{prefix}_sector": None,
        }
    return {
        f"{prefix}_text": actor.text,
        f"{prefix}_name": actor.name or actor.text,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
    }


_INSERTS: dict[tuple[str, str, tuple[str, ...]], tuple[str, tuple[str, ...] | None]] = {}


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` (dicts with the same keys) in one executemany handed to the driver.

    SQLAlchemy's own executemany builds and type-processes each row's parameters in
    Python, which for a hundred mentions cost more than the insert. The article and
    mention tables take plain ints, floats, strings, bools and None, which the driver
    binds as they are, so the statement is compiled once per table and the rows go
    straight through.
    """
    keys = tuple(rows[0])
    key = (conn.dialect.name, table.name, keys)
    compiled = _INSERTS.get(key)
    if compiled is None:
        c = insert(table).compile(dialect=conn.dialect, column_keys=list(keys))
        order = tuple(c.positiontup) if c.positional and c.positiontup is not None else None
        compiled = (c.string, order)
        _INSERTS[key] = compiled
    sql, order = compiled
    if order is None:
        conn.exec_driver_sql(sql, rows)
    else:
        conn.exec_driver_sql(sql, [tuple([r[k] for k in order]) for r in rows])


_COMPILED: dict[tuple[str, int, tuple[str, ...]], tuple[Any, str, tuple[str, ...] | None]] = {}


def execute_rows(conn: Connection, stmt: ClauseElement, rows: Sequence[dict[str, Any]]) -> None:
    """Run ``stmt`` once per row (dicts with the same keys) in one executemany handed to
    the driver, as ``_insert_rows`` does for plain INSERTs.

    For statements built once (module constants) that write plain ints, floats, strings
    and None, and take no expanding parameters: the statement is compiled once per
    database kind and parameter keys, and the rows skip SQLAlchemy's per-row processing.
    """
    if not rows:
        return
    keys = tuple(rows[0])
    key = (conn.dialect.name, id(stmt), keys)
    compiled = _COMPILED.get(key)
    if compiled is None:
        c: Any = stmt.compile(dialect=conn.dialect, column_keys=list(keys))
        order = tuple(c.positiontup) if c.positional and c.positiontup is not None else None
        # The statement is kept with its SQL, so its id is never another's.
        compiled = (stmt, c.string, order)
        _COMPILED[key] = compiled
    _, sql, order = compiled
    if order is None:
        conn.exec_driver_sql(sql, list(rows))
    else:
        conn.exec_driver_sql(sql, [tuple([r[k] for k in order]) for r in rows])


def _replace_mentions(conn: Connection, article_id: str, x: Extraction, fresh: bool) -> None:
    """Write an article's mentions in place of its old ones (``fresh``: it had none yet,
    its row having just been inserted: foreign keys keep orphan mentions out)."""
    if not fresh:
        for table in (s.actors, s.places, s.times, s.events, s.quotes):
            conn.execute(delete(table).where(table.c.article_id == article_id))
    _insert_entities(conn, link_entities(x))
    rows = _MentionRows()
    rows.add(article_id, x)
    for table in (s.actors, s.places, s.times):
        if rows.tables[table.name]:
            _insert_rows(conn, table, rows.tables[table.name])
    if rows.events:
        # One multi-row INSERT ... RETURNING, ids in parameter order.
        ids = (
            conn.execute(
                insert(s.events).returning(s.events.c.id, sort_by_parameter_order=True),
                rows.events,
            )
            .scalars()
            .all()
        )
        actor_rows = rows.event_actors(ids)
        if actor_rows:
            _insert_rows(conn, s.event_actors, actor_rows)
    if rows.tables["quotes"]:
        _insert_rows(conn, s.quotes, rows.tables["quotes"])


def _copy_articles(conn: Connection, items: Sequence[tuple[Article, Extraction]]) -> None:
    """Write new articles and their mentions with one COPY per table (PostgreSQL)."""
    last = ""
    articles: list[dict[str, Any]] = []
    rows = _MentionRows()
    entities: list[Entity] = []
    for article, extraction in items:
        # Replaying the order of first ingest sorts by this: strictly increasing.
        first = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        if first <= last:
            later = dt.datetime.fromisoformat(last) + dt.timedelta(microseconds=1)
            first = later.isoformat(timespec="microseconds")
        last = first
        processed = {
            "processed_at": first[:19] + "+00:00",
            "versions": json.dumps(extraction.versions),
        }
        articles.append({**_article_row(article, first), **processed})
        entities += link_entities(extraction)
        rows.add(article.id, extraction)
    _copy_rows(conn, s.articles, articles)
    # Entities named in several articles: in layers of distinct ids, in order, so each
    # upsert keeps the better name as one ``save`` after another would.
    layers: list[dict[str, Entity]] = []
    for e in entities:
        for layer in layers:
            if e.id not in layer:
                layer[e.id] = e
                break
        else:
            layers.append({e.id: e})
    for layer in layers:
        _insert_entities(conn, list(layer.values()))
    for table in (s.actors, s.places, s.times):
        _copy_rows(conn, table, rows.tables[table.name])
    if rows.events:
        ids = [
            int(r[0])
            for r in conn.exec_driver_sql(
                "SELECT nextval(pg_get_serial_sequence('events', 'id')) "
                "FROM generate_series(1, %(n)s) ORDER BY 1",
                {"n": len(rows.events)},
            )
        ]
        _copy_rows(conn, s.events, [{"id": i, **r} for i, r in zip(ids, rows.events, strict=True)])
        _copy_rows(conn, s.event_actors, rows.event_actors(ids))
    _copy_rows(conn, s.quotes, rows.tables["quotes"])


def _copy_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """``COPY table (columns) FROM STDIN`` of ``rows`` (dicts with the same keys), on the
    connection's own transaction."""
    if not rows:
        return
    keys = list(rows[0])
    columns = ", ".join(f'"{k}"' for k in keys)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[k] for k in keys])


class _MentionRows:
    """The rows that store articles' mentions, table by table, in the order written."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {
            "actors": [],
            "places": [],
            "times": [],
            "quotes": [],
        }
        self.events: list[dict[str, Any]] = []
        self._event_actors: list[list[dict[str, Any]]] = []
        """Per event row, the rows of its actors (without the event id)."""

    def add(self, article_id: str, x: Extraction) -> None:
        """Add one article's mentions (after ``link_entities`` has coded its actors)."""
        v = x.versions
        self.tables["actors"] += [
            {
                "article_id": article_id,
                "start": a.start,
                "end": a.end,
                "text": a.text,
                "country": a.country,
                "sector": a.sector,
                "name": a.name,
                "title": a.title,
                "grp": a.group,
                "kind": a.kind,
                "extractor": "actors",
                "version": v["actors"],
            }
            for a in x.actors
        ]
        self.tables["places"] += [
            {
                "article_id": article_id,
                "start": p.start,
                "end": p.end,
                "text": p.text,
                "name": p.name,
                "geonameid": p.geonameid,
                "lat": p.lat,
                "lon": p.lon,
                "country": p.country,
                "admin1": p.admin1,
                "precision": p.precision,
                "extractor": "places",
                "version": v["places"],
            }
            for p in x.places
        ]
        self.tables["times"] += [
            {
                "article_id": article_id,
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "type": t.type,
                "value": t.value,
                "granularity": t.granularity,
                "local": t.local,
                "utc": t.utc,
                "anchor": t.anchor,
                "extractor": "time",
                "version": v["time"],
            }
            for t in x.times
        ]
        for e in x.events:
            p = e.place
            c = e.casualties
            self.events.append(
                {
                    "article_id": article_id,
                    "start": e.start,
                    "end": e.end,
                    "extractor": "events",
                    "version": v["events"],
                    "type": e.type,
                    "mode": e.mode,
                    "status": e.status,
                    "trigger": e.trigger,
                    "date": e.date,
                    "date_precision": e.date_precision,
                    "time_precision": e.time_precision,
                    "place_text": p.text if p else None,
                    "place_name": p.name if p else None,
                    "place_geonameid": p.geonameid if p else None,
                    "place_lat": p.lat if p else None,
                    "place_lon": p.lon if p else None,
                    "place_country": p.country if p else None,
                    "place_admin1": p.admin1 if p else None,
                    "place_precision": p.precision if p else None,
                    "killed": c.killed,
                    "injured": c.injured,
                    "killed_approx": c.killed_approx,
                    "injured_approx": c.injured_approx,
                    "victim_sector": c.victim_sector,
                    **_actor_fields("claimant", e.claimant),
                    "sentence_start": e.sentence_start,
                    "sentence_end": e.sentence_end,
                    "acled_event_type": e.acled_event_type,
                    "acled_sub_event_type": e.acled_sub_event_type,
                    "incident": e.incident,
                }
            )
            self._event_actors.append(
                [
                    {
                        "role": role,
                        "text": a.text,
                        "country": a.country,
                        "sector": a.sector,
                        "name": a.name,
                        "grp": a.group,
                        "start": a.start,
                        "end": a.end,
                        "entity_id": a.entity or None,
                    }
                    for role, a in [("source", a) for a in e.source]
                    + [("target", a) for a in e.target]
                ]
            )
        self.tables["quotes"] += [
            {
                "article_id": article_id,
                "start": q.content_start,
                "end": q.content_end,
                "extractor": "quotes",
                "version": v["quotes"],
                "speaker": q.speaker,
                "speaker_text": q.speaker_actor.text if q.speaker_actor else None,
                "speaker_country": q.speaker_actor.country if q.speaker_actor else None,
                "speaker_sector": q.speaker_actor.sector if q.speaker_actor else None,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "direct": q.direct,
                "cue": q.cue,
                "cue_start": q.cue_start,
                "cue_end": q.cue_end,
                "content": q.content,
                "date": q.date,
                "date_precision": q.date_precision,
                "entity_id": q.speaker_entity or None,
                "relay": q.relay,
            }
            for q in x.quotes
        ]

    def event_actors(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        """The event actors' rows, given the ids of the event rows (in order)."""
        return [
            {"event_id": event_id, **row}
            for event_id, rows in zip(ids, self._event_actors, strict=True)
            for row in rows
        ]


_ENTITY_INSERTS: dict[str, Executable] = {}


def _entity_name_rank(name: Any) -> Any:
    """SQL ranking of a display name as ``resolve.entities.name_rank`` ranks it: capitalised
    first, then longer."""
    first = func.substr(name, 1, 1)
    return case((first != func.lower(first), 1), else_=0) * 10000 + func.length(name)


def _insert_entities(conn: Connection, entities: Sequence[Entity]) -> None:
    """Add the entities not stored yet; one already stored (same id, from another article
    or another writer) keeps the better of the two names, so the name does not depend on
    the order articles are stored in."""
    if not entities:
        return
    dialect = conn.dialect.name
    stmt = _ENTITY_INSERTS.get(dialect)
    if stmt is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
        new = dialect_insert(s.entities)
        old, fresh = s.entities.c.name, new.excluded.name
        better = or_(
            _entity_name_rank(fresh) > _entity_name_rank(old),
            and_(_entity_name_rank(fresh) == _entity_name_rank(old), fresh < old),
        )
        stmt = new.on_conflict_do_update(index_elements=["id"], set_={"name": fresh}, where=better)
        _ENTITY_INSERTS[dialect] = stmt
    conn.execute(
        stmt,
        [
            {
                "id": e.id,
                "key": e.key,
                "name": e.name,
                "country": e.country,
                "sector": e.sector,
                "kind": e.kind,
            }
            for e in entities
        ],
    )
