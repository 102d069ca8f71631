"""Kill an ingest with SIGKILL at a chosen moment, find its orphans, and compare stores.

Shared by tests/robustness/test_crash.py (a few rounds, forked from the test process so
that the pipeline is loaded once) and bench/bench_robustness.py (many rounds).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from sitroom.store import database_url
from sitroom.store import schema as s


def article_texts(n: int) -> dict[str, str]:
    """``n`` short, distinct articles that resolve into shared incidents."""
    towns = ["Ganja", "Tartar", "Goris", "Stepanakert", "Tovuz", "Barda"]
    out = {}
    for i in range(n):
        town = towns[i % len(towns)]
        day = 1 + i % 9
        out[f"story-{i:03d}.txt"] = (
            f"Artillery shelled {town} on October {day}, 2020, killing {1 + i % 4} civilians "
            f"and wounding {2 + i % 5}, the defence ministry said on October {day + 1}. "
            f"The other side denied striking {town} and said it had hit only military "
            f"positions. Report number {i} from the border, filed by the desk."
        )
    return out


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def crash_corpus(folder: Path) -> list[str]:
    """The inputs of a crash round: an example article and ten generated ones in ``folder``."""
    for name, body in article_texts(10).items():
        (folder / name).write_text(body, encoding="utf-8")
    return [str(EXAMPLES / "01_border_clash.txt"), str(folder)]


def run_ingest(db: Path | str, paths: list[str], reprocess: bool = False) -> None:
    """One ``sitroom ingest`` (``--reprocess``) of ``paths`` into ``db``, one parse process."""
    from sitroom.config import Settings
    from sitroom.process import ingest
    from sitroom.store import Store

    store = Store.open(str(db))
    try:
        ingest(paths, store, Settings(db=str(db), workers=1), reprocess=reprocess)
    finally:
        store.close()


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def orphans_after(pids: list[int], wait_s: float = 5.0) -> list[int]:
    """Those of ``pids`` still running ``wait_s`` seconds from now (or sooner if none)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def kill_during(run: Callable[[], None], delay_s: float) -> tuple[bool, list[int]]:
    """Fork a process doing ``run``, SIGKILL it after ``delay_s``; returns whether it was
    still running when killed, and its children that outlived it."""
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=_exit_after, args=(run,))
    child.start()
    assert child.pid is not None
    deadline = time.monotonic() + delay_s
    workers: set[int] = set()
    while time.monotonic() < deadline and child.is_alive():
        workers.update(children_of(child.pid))
        time.sleep(0.05)
    killed = child.is_alive()
    workers.update(children_of(child.pid))
    with contextlib.suppress(ProcessLookupError):  # it may have finished meanwhile
        os.kill(child.pid, signal.SIGKILL)
    child.join()
    return killed, orphans_after(sorted(workers))


def _exit_after(run: Callable[[], None]) -> None:
    run()
    os._exit(0)  # no atexit handlers of the test process in the child


_COUNTED = ("articles", "events", "quotes", "incidents", "incident_members")


def store_digest(db: Path | str) -> dict[str, object]:
    """What must match between a resumed store and a clean one, on SQLite (a path) or
    PostgreSQL (a URL): counts, each article's content hash with how many events and
    quotes it has (no partial article), each incident as the set of its mentions (doc,
    offset, type); and what must hold of any store: SQLite's integrity check, no row
    pointing to a missing one (orphan), no article stored twice."""
    engine = create_engine(database_url(str(db)))
    try:
        with engine.connect() as con:
            if engine.dialect.name == "sqlite":
                integrity = con.execute(text("PRAGMA integrity_check")).scalar_one()
            else:  # the server keeps its own files whole; what a client can break is rows
                integrity = "ok"
            present = set(inspect(con).get_table_names())
            if "articles" not in present:  # killed before its first migration committed
                return _empty_digest(integrity)
            counts = {
                t: con.execute(select(func.count()).select_from(s.metadata.tables[t])).scalar_one()
                for t in _COUNTED
            }
            per_article = sorted(
                (h, n_events, n_quotes)
                for h, n_events, n_quotes in con.execute(
                    select(
                        s.articles.c.content_hash,
                        select(func.count())
                        .where(s.events.c.article_id == s.articles.c.id)
                        .scalar_subquery(),
                        select(func.count())
                        .where(s.quotes.c.article_id == s.articles.c.id)
                        .scalar_subquery(),
                    )
                )
            )
            rows = con.execute(
                select(
                    s.incident_members.c.incident_id,
                    s.articles.c.doc,
                    s.events.c.start,
                    s.events.c.type,
                )
                .join(s.events, s.events.c.id == s.incident_members.c.event_id)
                .join(s.articles, s.articles.c.id == s.events.c.article_id)
            ).all()
            twice = (
                select(s.articles.c.content_hash)
                .group_by(s.articles.c.content_hash)
                .having(func.count() > 1)
                .subquery()
            )
            duplicates = con.execute(select(func.count()).select_from(twice)).scalar_one()
            orphans = _orphans(con, present)
    finally:
        engine.dispose()
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for incident, doc, start, type_ in rows:
        groups.setdefault(incident, []).append((doc, start, type_))
    partition = sorted(tuple(sorted(g)) for g in groups.values())
    return {
        "integrity": integrity,
        "counts": counts,
        "articles": hashlib.sha256(repr(per_article).encode()).hexdigest(),
        "mentions": {h: (n_events, n_quotes) for h, n_events, n_quotes in per_article},
        "incidents": hashlib.sha256(repr(partition).encode()).hexdigest(),
        "duplicates": duplicates,
        "orphans": orphans,
    }


def _empty_digest(integrity: str) -> dict[str, object]:
    """The digest of a store with no tables yet."""
    return {
        "integrity": integrity,
        "counts": dict.fromkeys(_COUNTED, 0),
        "articles": hashlib.sha256(repr([]).encode()).hexdigest(),
        "mentions": {},
        "incidents": hashlib.sha256(repr([]).encode()).hexdigest(),
        "duplicates": 0,
        "orphans": {},
    }


def assert_whole(killed: dict[str, object], clean: dict[str, object], round_: int) -> None:
    """What a store killed mid-run must hold: integrity, no orphan row, no article twice,
    and each article stored with all the mentions a clean run gives it (none partial)."""
    assert killed["integrity"] == "ok", f"round {round_}: {killed['integrity']}"
    assert killed["orphans"] == {}, f"round {round_}: rows left without their parent"
    assert killed["duplicates"] == 0, f"round {round_}: an article stored twice"
    stored: dict[str, object] = killed["mentions"]  # type: ignore[assignment]
    whole: dict[str, object] = clean["mentions"]  # type: ignore[assignment]
    partial = {h: n for h, n in stored.items() if whole.get(h) != n}
    assert partial == {}, f"round {round_}: articles stored without all their mentions"


def _orphans(con: Connection, present: set[str]) -> dict[str, int]:
    """Rows whose foreign key (or incident) names a row that is not there, by table.column."""
    links = [
        (fk.parent, fk.column)
        for table in s.metadata.sorted_tables
        for fk in table.foreign_keys
        if table.name in present and fk.column.table.name in present
    ]
    links.append((s.incident_members.c.incident_id, s.incidents.c.id))
    found = {}
    for child, parent in links:
        missing = con.execute(
            select(func.count())
            .select_from(child.table)
            .where(child.is_not(None), ~select(parent).where(parent == child).exists())
        ).scalar_one()
        if missing:
            found[f"{child.table.name}.{child.name}"] = missing
    return found


class Schemas:
    """Empty schemas in the test database, each reached through a URL of its own."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []

    def fresh(self, name: str) -> str:
        """A URL whose tables live in schema ``name``, dropped and made anew (empty)."""
        schema = f"crash_{os.getpid()}_{name}"
        self._execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}")
        if schema not in self.made:
            self.made.append(schema)
        url = make_url(database_url(self.url))
        return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )

    def drop_all(self) -> None:
        """Drop every schema made here."""
        self._execute(*(f"DROP SCHEMA IF EXISTS {schema} CASCADE" for schema in self.made))

    def _execute(self, *statements: str) -> None:
        engine = create_engine(database_url(self.url))
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            engine.dispose()  # no connection of this process is left for a fork to inherit
