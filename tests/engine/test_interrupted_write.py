"""A writer killed in the middle of a batch written together (``Store.save_many``: COPY on
PostgreSQL) leaves the batches committed before it and nothing of its own; a retry
stores the rest once, and the store ends as an uninterrupted run leaves it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable

from sqlalchemy import func, select

from sitroom.store import Store
from sitroom.store import schema as s

from .conftest import ingest_cli, renumbered

# Ingests in batches of four articles (saved four together), and kills its own process,
# as the kernel or an operator would, when the sixth article is reported done: the second
# batch is then saved, linked and resolved, and not committed.
_KILLED_MID_BATCH = """
import os, signal, sys
from sitroom import process
from sitroom.config import Settings
from sitroom.store import Store

process.COMMIT_ARTICLES = process.WRITE_ARTICLES = 4
process.COMMIT_SECONDS = 3600  # batches of four, however slow the machine
done = []

def tick(name):
    done.append(name)
    if len(done) == 6:
        os.kill(os.getpid(), signal.SIGKILL)

url, *inputs = sys.argv[1:]
process.ingest(inputs, Store.open(url), Settings(db=url, workers=0), on_progress=tick)
"""


def test_a_writer_killed_mid_batch_loses_and_duplicates_nothing(
    new_schema: Callable[[], str],
    inputs: list[str],
    one_machine_url: tuple[str, str],
) -> None:
    url = new_schema()
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_BATCH, url, *inputs],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    # The first batch is committed; of the second, not one row is.
    store = Store.open(url)
    try:
        with store.connect() as conn:
            stored = {r[0] for r in conn.execute(select(s.articles.c.id))}
            assert len(stored) == 4
            for table in ("actors", "places", "times", "events", "quotes"):
                t = s.metadata.tables[table]
                assert {r[0] for r in conn.execute(select(t.c.article_id).distinct())} <= stored
            assert conn.execute(select(func.count()).select_from(s.events)).scalar_one() > 0
    finally:
        store.close()
    summary = ingest_cli(url, *inputs)
    assert "new 6" in summary and "unchanged 4" in summary and "failed 0" in summary
    # Serial ids aside (those the killed batch drew are not given back), the store is the one
    # an uninterrupted run makes.
    assert renumbered(url) == renumbered(one_machine_url[0])
