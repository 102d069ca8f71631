"""``sitroom ingest --engine ray`` on a local Ray runtime, into PostgreSQL: the store ends as
the one-machine path leaves it, and a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom import process
from sitroom.cli import cli
from sitroom.config import Settings
from sitroom.engine import RayPool, ray_runtime
from sitroom.model import Article
from sitroom.process import Extracted, ingest
from sitroom.store import Store

from .conftest import dump, ingest_cli


@pytest.fixture(scope="module")
def ray() -> Iterator[Any]:
    """One local runtime of two CPUs for the module (the pools of its tests come and go)."""
    with ray_runtime(cpus=2) as ray:
        yield ray


def test_same_store_as_one_machine(
    ray: Any,
    new_schema: Callable[[], str],
    inputs: list[str],
    one_machine: tuple[list[str], str],
) -> None:
    expected, expected_summary = one_machine
    url = new_schema()
    summary = ingest_cli(url, *inputs, "--engine", "ray", "--workers", "2")
    assert summary == expected_summary
    assert "new 10" in summary and "failed 0" in summary
    assert dump(url) == expected
    # Ingesting again is a no-op, as on one machine.
    again = ingest_cli(url, *inputs, "--engine", "ray")
    assert "unchanged 10" in again and "new 0" in again
    assert dump(url) == expected


def test_killed_workers_lose_and_duplicate_nothing(
    ray: Any,
    new_schema: Callable[[], str],
    inputs: list[str],
    one_machine: tuple[list[str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Articles saved three together (``Store.save_many``, COPY): the workers die while the
    # driver gathers the first batch to write.
    monkeypatch.setattr(process, "WRITE_ARTICLES", 3)
    url = new_schema()
    settings = Settings(db=url)
    store = Store.open(url)
    # One article a shard: shards are in flight on both actors when they are killed.
    pool = RayPool(ray, settings, workers=2, shard=1)
    try:
        before = pool.pids()
        killed: list[int] = []

        def killing(texts: Iterator[tuple[str, Article]]) -> Iterator[Extracted]:
            for item in pool(texts):
                if not killed:  # once the first extraction is back, kill every worker
                    for pid in before:
                        os.kill(pid, signal.SIGKILL)
                    killed.extend(before)
                yield item

        summary = ingest(inputs, store, settings, extract_with=killing, resolve_with=pool.resolve)
        after = pool.pids()
    finally:
        pool.close()
        store.close()
    assert killed == before
    assert not set(after) & set(before)  # Ray restarted both actors
    assert (summary.new, summary.failed, summary.unchanged) == (10, [], 0)
    assert dump(url) == one_machine[0]


def test_without_ray_installed_the_error_says_how(monkeypatch: pytest.MonkeyPatch) -> None:
    from sitroom.engine import import_ray
    from sitroom.errors import ConfigError

    # A None entry in sys.modules makes ``import ray`` raise ImportError.
    monkeypatch.setitem(__import__("sys").modules, "ray", None)
    with pytest.raises(ConfigError, match=r"sitroom\[ray\]"):
        import_ray()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--address", "127.0.0.1:1", "x"], "--address is the Ray cluster of --engine ray"),
        (["--engine", "ray", "--watch", "."], "--watch runs on this machine only"),
    ],
)
def test_cli_refuses_options_that_do_not_go_together(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", *args])
    assert result.exit_code == 2
    assert message in result.output
