"""``ingest`` saves new articles a few together (``Store.save_many``), then links and
resolves them in turn: when linking or resolving one fails, the batch is written again
one article at a time, and the store ends as if the bad article had never been given."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitroom import process
from sitroom.config import Settings
from sitroom.errors import StoreError
from sitroom.extract.article import Resources
from sitroom.process import ingest, load_resources
from sitroom.store import Store
from tests.pgserver import renumbered_lines, schemas
from tests.store.test_postgres import pg_url  # noqa: F401  (the shared server fixture)

_STORIES = {
    "a.txt": "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
    "the Armenian defence ministry said.",
    "b.txt": "Armenian forces shelled Tartar on October 3, 2020, killing 2 civilians and "
    "wounding 9, the Azerbaijani defence ministry said.",
    "c-bad.txt": "Azerbaijani forces shelled Goris on October 3, 2020, killing 5 civilians, "
    "Armenian officials said.",
    "d.txt": "Iran offered to mediate between Armenia and Azerbaijan, officials said on "
    "October 6, 2020.",
    "e.txt": "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
    "the Armenian defence ministry said on Sunday.",
}


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(Settings())


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes an empty database (an SQLite file, or a schema on the private PostgreSQL
    server, where the batch is written by COPY); returns its path or URL."""
    if request.param == "sqlite":
        names = iter(range(100))
        yield lambda: str(tmp_path / f"s{next(names)}.db")
        return
    with schemas(request.getfixturevalue("pg_url"), "sitroom_batched") as make:
        yield make


def _ingest(db: str, folder: Path, resources: Resources) -> process.IngestSummary:
    store = Store.open(db)
    try:
        return ingest([str(folder)], store, Settings(db=db, workers=0), resources=resources)
    finally:
        store.close()


def _lines(db: str, folder: Path) -> list[str]:
    """The store's rows, serial ids renumbered, with the input folder named ``<in>``."""
    store = Store.open(db)
    try:
        return [line.replace(str(folder), "<in>") for line in renumbered_lines(store)]
    finally:
        store.close()


def test_a_failure_after_the_batch_is_saved_leaves_nothing_of_the_article(
    tmp_path: Path,
    resources: Resources,
    new_db: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    everything, good = tmp_path / "all", tmp_path / "good"
    for folder in (everything, good):
        folder.mkdir()
        for name, text in _STORIES.items():
            if folder is everything or "bad" not in name:
                (folder / name).write_text(text, encoding="utf-8")
    expected = new_db()
    clean = _ingest(expected, good, resources)
    assert clean.new == 4 and not clean.failed

    real = process.resolve_article
    calls: list[str] = []

    def failing(store: Store, article_id: str, *args: object, **kwargs: object) -> int:
        calls.append(article_id)
        with store.connect() as conn:
            doc = conn.exec_driver_sql(
                "SELECT doc FROM articles WHERE id = %s"
                if store.engine.dialect.name == "postgresql"
                else "SELECT doc FROM articles WHERE id = ?",
                (article_id,),
            ).scalar_one()
        if "bad" in doc:
            raise StoreError(f"{doc}: refused by the test")
        return real(store, article_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(process, "resolve_article", failing)
    db = new_db()
    summary = _ingest(db, everything, resources)
    assert [(Path(f.source).name, "refused by the test" in f.reason) for f in summary.failed] == [
        ("c-bad.txt", True)
    ]
    assert (summary.new, summary.near_duplicate) == (clean.new, clean.near_duplicate)
    # The five were saved together, and written again one by one after the failure.
    # Serial ids aside (PostgreSQL does not give back those of the undone batch), the store
    # is the one made without the bad article.
    assert len(calls) > len(_STORIES)
    assert _lines(db, everything) == _lines(expected, good)
