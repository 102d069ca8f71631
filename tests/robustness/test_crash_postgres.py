"""kill -9 at random points of an ingest and of a reprocess into PostgreSQL: no partial
article, no orphan row, no duplicate; a re-run completes the store to what a clean run
makes; no parse process outlives the killed one. The server is the store tests' own
(``SITROOM_TEST_POSTGRES_URL``, or a private one started for the session)."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

import pytest

from tests.store.test_postgres import pg_url  # noqa: F401 - the session's server

from .crash import Schemas, assert_whole, kill_during, run_ingest, store_digest


@pytest.fixture
def schemas(pg_url: str) -> Iterator[Schemas]:  # noqa: F811 - the imported fixture
    made = Schemas(pg_url)
    try:
        yield made
    finally:
        made.drop_all()


def test_killed_ingests_and_reprocesses_on_postgresql_resume_to_the_clean_store(
    schemas: Schemas, corpus: list[str]
) -> None:
    clean = schemas.fresh("clean")
    started = time.monotonic()
    run_ingest(clean, corpus)
    took = time.monotonic() - started
    expected = store_digest(clean)
    assert expected["duplicates"] == 0 and expected["orphans"] == {}
    assert expected["counts"]["articles"] == 11  # type: ignore[index]

    rng = random.Random(2025)
    for round_, reprocess in enumerate([False, True]):
        # A random point of the run; a warm run is quicker than the first, so a point it
        # ended before is tried again at half the time, from the same start.
        delay = rng.uniform(0.1, 0.7) * took
        for _ in range(8):
            crash = schemas.fresh("crash")  # a killed try's tables go with their schema
            if reprocess:
                run_ingest(crash, corpus)  # a finished store, reprocessed and killed
            killed, orphans = kill_during(
                lambda u=crash, r=reprocess: run_ingest(u, corpus, r), delay
            )
            if killed:
                break
            delay /= 2
        assert killed, f"round {round_}: every run ended before its kill"
        assert orphans == [], f"round {round_}: parse processes outlived the kill"
        assert_whole(store_digest(crash), expected, round_)
        run_ingest(crash, corpus, reprocess)  # the re-run completes what the killed one began
        assert store_digest(crash) == expected, f"round {round_} (killed after {delay:.2f} s)"
