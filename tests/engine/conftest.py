"""Fixtures of the Ray engine tests: PostgreSQL schemas of their own, a store dump, and the
store the one-machine path makes, which every Ray run must match.

PostgreSQL is the private server of the store tests (``tests/store/test_postgres.py``:
``SITROOM_TEST_POSTGRES_URL``, or one started from the binaries on this machine).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.store import Store
from tests.pgserver import renumbered_lines, schemas, store_lines
from tests.store.test_postgres import pg_url  # noqa: F401  (the shared server fixture)

pytest.importorskip("ray", reason="the Ray engine tests need sitroom[ray]")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def dump(url: str) -> list[str]:
    """Every table's rows as text lines (``tests.pgserver.store_lines``)."""
    store = Store.open(url)
    try:
        return store_lines(store)
    finally:
        store.close()


def renumbered(url: str) -> list[str]:
    """``dump`` with serial ids replaced by their ranks (``tests.pgserver.renumbered_lines``)."""
    store = Store.open(url)
    try:
        return renumbered_lines(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def new_schema(pg_url: str) -> Iterator[Callable[[], str]]:  # noqa: F811
    """Makes an empty schema on the server and returns a URL that works in it."""
    with schemas(pg_url, "sitroom_engine") as make:
        yield make


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
def one_machine_url(new_schema: Callable[[], str], inputs: list[str]) -> tuple[str, str]:
    """The URL of the store the default (one-machine) path makes of the inputs, and its
    closing summary."""
    url = new_schema()
    return url, ingest_cli(url, *inputs)


@pytest.fixture(scope="session")
def one_machine(one_machine_url: tuple[str, str]) -> tuple[list[str], str]:
    """The dump of the store the default (one-machine) path makes of the inputs, and its
    closing summary."""
    url, summary = one_machine_url
    return dump(url), summary
