"""Fixtures of the Ray engine tests: PostgreSQL schemas of their own, a store dump, and the
store the one-machine path makes, which every Ray run must match.

PostgreSQL is the private server of the store tests (``tests/store/test_postgres.py``:
``SITROOM_TEST_POSTGRES_URL``, or one started from the binaries on this machine).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select, text

from sitroom.cli import cli
from sitroom.store import Store, database_url
from sitroom.store import schema as s
from tests.store.test_postgres import pg_url  # noqa: F401  (the shared server fixture)

pytest.importorskip("ray", reason="the Ray engine tests need sitroom[ray]")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

_CLOCK_COLUMNS = {"ingested_at", "processed_at", "updated_at", "created_at"}
_counter = itertools.count()


def dump(url: str) -> list[str]:
    """Every table's rows as text lines, sorted, without wall-clock columns (as
    ``bench/dump_store.py`` does for SQLite)."""
    store = Store.open(url)
    lines: list[str] = []
    try:
        with store.connect() as conn:
            for name, table in sorted(s.metadata.tables.items()):
                cols = [c for c in table.columns if c.name not in _CLOCK_COLUMNS]
                rows = conn.execute(select(*cols)).fetchall()
                lines.append(f"== {name} ({len(rows)} rows) {[c.name for c in cols]}")
                lines.extend(sorted(repr(tuple(r)) for r in rows))
    finally:
        store.close()
    return lines


@pytest.fixture(scope="session")
def new_schema(pg_url: str) -> Iterator[Callable[[], str]]:  # noqa: F811
    """Makes an empty schema on the server and returns a URL that works in it."""
    engine = create_engine(database_url(pg_url))
    made: list[str] = []

    def make() -> str:
        name = f"sitroom_engine_{os.getpid()}_{next(_counter)}"
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


def ingest_cli(url: str, *args: str) -> str:
    """``sitroom --db URL ingest ARGS`` in-process; its output (the closing summary)."""
    result = CliRunner().invoke(cli, ["--db", url, "ingest", *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


@pytest.fixture(scope="session")
def inputs(seeds_dir: Path) -> list[str]:
    """The seed articles and the examples."""
    return [str(seeds_dir), str(EXAMPLES)]


@pytest.fixture(scope="session")
def one_machine(new_schema: Callable[[], str], inputs: list[str]) -> tuple[list[str], str]:
    """The dump of the store the default (one-machine) path makes of the inputs, and its
    closing summary."""
    url = new_schema()
    summary = ingest_cli(url, *inputs)
    return dump(url), summary
