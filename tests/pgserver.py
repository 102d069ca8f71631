"""A private PostgreSQL server for the store tests and the benches.

Its cluster lives in a temporary directory and listens on a Unix socket only, so it never
collides with another server; durability is turned off (it is thrown away afterwards).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import create_engine, select, text

from sitroom.store import Store, database_url
from sitroom.store import schema as s

THROWAWAY = "-c fsync=off -c full_page_writes=off"
"""Server settings of a cluster nobody needs after a crash."""


class ServerError(RuntimeError):
    """A PostgreSQL program failed; the message holds its output and the server's log."""


def pg_bin() -> Path | None:
    """The directory of PostgreSQL's server binaries (initdb, pg_ctl), if installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def as_server_user(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the ``postgres`` user."""
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@contextlib.contextmanager
def private_server(bindir: Path, db_name: str, settings: str = THROWAWAY) -> Iterator[str]:
    """The URL of database ``db_name`` on a server started from ``bindir`` for the block,
    stopped and removed afterwards; ``ServerError`` when a program fails."""
    root = Path(tempfile.mkdtemp(prefix="sitroom-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    data, log = root / "data", root / "server.log"

    def run(*args: str) -> None:
        done = subprocess.run(
            as_server_user([str(bindir / args[0]), *args[1:]]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise ServerError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}{server_log}")

    try:
        # The C locale sorts text by code point, as SQLite does, so orders can be compared.
        run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--locale=C", "-E", "UTF8")
        options = f"-k {root} -c listen_addresses='' {settings}"
        run("pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        try:
            run("createdb", "-h", str(root), "-U", "postgres", db_name)
            yield f"postgresql://postgres@/{db_name}?host={root}"
        finally:
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def schemas(server_url: str, prefix: str) -> Iterator[Callable[[], str]]:
    """A maker of empty schemas on the server, each returned as a database URL that works
    in it (its ``search_path``); every schema made is dropped on exit."""
    engine = create_engine(database_url(server_url))
    made: list[str] = []
    counter = itertools.count()

    def make() -> str:
        name = f"{prefix}_{os.getpid()}_{next(counter)}"
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {name}"))
        made.append(name)
        url = engine.url.update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)

    try:
        yield make
    finally:
        with engine.begin() as conn:
            for name in made:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        engine.dispose()


CLOCK_COLUMNS = frozenset({"ingested_at", "processed_at", "updated_at", "created_at"})
"""Columns that hold when a row was written: they differ between any two runs."""


def store_lines(store: Store) -> list[str]:
    """Every table's rows as text lines, sorted, without the clock columns: two stores
    hold the same data when their lines are equal."""
    lines: list[str] = []
    with store.connect() as conn:
        for name, table in sorted(s.metadata.tables.items()):
            cols = [c for c in table.columns if c.name not in CLOCK_COLUMNS]
            rows = conn.execute(select(*cols)).fetchall()
            lines.append(f"== {name} ({len(rows)} rows) {[c.name for c in cols]}")
            lines.extend(sorted(repr(tuple(r)) for r in rows))
    return lines


def renumbered_lines(store: Store) -> list[str]:
    """``store_lines`` with every serial id (and each reference to an event id) replaced by
    its rank: PostgreSQL does not give back the ids a rolled-back transaction drew, so a
    run interrupted and retried, or a batch undone and written again, leaves gaps where a
    clean run has none."""
    with store.connect() as conn:
        ranks = {
            name: {i: n for n, (i,) in enumerate(conn.execute(select(t.c.id).order_by(t.c.id)))}
            for name, t in s.metadata.tables.items()
            if "id" in t.c and t.c.id.autoincrement is True
        }
        lines: list[str] = []
        for name, table in sorted(s.metadata.tables.items()):
            cols = [c for c in table.columns if c.name not in CLOCK_COLUMNS]
            maps = [
                ranks[name]
                if c.name == "id" and name in ranks
                else ranks["events"]
                if any(fk.column is s.events.c.id for fk in c.foreign_keys)
                else None
                for c in cols
            ]
            rows = [
                tuple(v if m is None else m[v] for v, m in zip(r, maps, strict=True))
                for r in conn.execute(select(*cols))
            ]
            lines.append(f"== {name} ({len(rows)} rows) {[c.name for c in cols]}")
            lines.extend(sorted(repr(r) for r in rows))
    return lines
