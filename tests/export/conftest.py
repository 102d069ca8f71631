"""Export fixtures: one store of the example articles (and the seeds, when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.store import Store
from tests.conftest import REPO, SEEDS


@pytest.fixture(scope="session")
def export_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store of ``examples/`` and ``../shared/seeds`` ingested and resolved once."""
    from sitroom.process import ingest

    path = tmp_path_factory.mktemp("export") / "record.db"
    inputs = [str(REPO / "examples")] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    store = Store.open(str(path))
    try:
        summary = ingest(inputs, store, Settings(db=str(path)))
        assert summary.new >= 5 and not summary.failed
    finally:
        store.close()
    return path


@pytest.fixture()
def store(export_db: Path):  # type: ignore[no-untyped-def]
    """The export store, opened for one test."""
    s = Store.open(str(export_db))
    yield s
    s.close()
