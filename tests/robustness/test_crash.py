"""kill -9 at random points of an ingest and of a reprocess: the store passes SQLite's
integrity check and holds no partial article, orphan row or duplicate; a re-run completes
it to what a clean run makes; no parse process outlives the killed one."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

from .crash import assert_whole, kill_during, run_ingest, store_digest


def test_killed_ingests_and_reprocesses_resume_to_the_clean_store(
    tmp_path: Path, corpus: list[str]
) -> None:
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    run_ingest(clean, corpus)
    took = time.monotonic() - started
    expected = store_digest(clean)
    assert expected["integrity"] == "ok" and expected["duplicates"] == 0

    rng = random.Random(25)
    db = tmp_path / "crash.db"
    for round_, reprocess in enumerate([False, True]):
        # A random point of the run; a warm run is quicker than the first, so a point it
        # ended before is tried again at half the time, from the same start.
        delay = rng.uniform(0.1, 0.6) * took
        for _ in range(8):
            for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                leftover.unlink(missing_ok=True)  # a killed try's store, log and index
            if reprocess:
                shutil.copy(clean, db)  # a finished store, reprocessed and killed
            killed, orphans = kill_during(lambda r=reprocess: run_ingest(db, corpus, r), delay)
            if killed:
                break
            delay /= 2
        assert killed, f"round {round_}: every run ended before its kill"
        assert orphans == [], f"round {round_}: parse processes outlived the kill"
        assert_whole(store_digest(db), expected, round_)
        run_ingest(db, corpus, reprocess)  # the re-run completes what the killed one began
        assert store_digest(db) == expected, f"round {round_} (killed after {delay:.2f} s)"
