"""Each article has a time budget: past it, the article is skipped with a reason and the
batch goes on; a parse process that crashes on one text costs that text only."""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from sitroom import process
from sitroom.config import Settings
from sitroom.errors import OverTimeError
from sitroom.extract.article import Resources
from sitroom.ingest import inputs
from sitroom.ingest.budget import time_budget
from sitroom.nlp import pipeline
from sitroom.process import IngestSummary, ingest, load_resources
from sitroom.store import Store

_GOOD = {
    "a.txt": "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
    "the Armenian defence ministry said.",
    "b.txt": "Armenian forces shelled Tartar on October 4, 2020, killing 2 civilians and "
    "wounding 9, the Azerbaijani defence ministry said.",
    "c.txt": "Iran offered to mediate between Armenia and Azerbaijan, officials said on "
    "October 6, 2020.",
}
needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)


@pytest.fixture(scope="module")
def resources() -> Resources:
    return load_resources(Settings())


def _run(
    tmp_path: Path, resources: Resources, **settings: object
) -> tuple[IngestSummary, list[str]]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in _GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    store = Store.open(str(db))
    try:
        summary = ingest(
            [str(folder)], store, Settings(db=str(db)).replace(**settings), resources=resources
        )
    finally:
        store.close()
    with sqlite3.connect(db) as con:
        docs = sorted(d for (d,) in con.execute("SELECT doc FROM articles"))
    return summary, docs


def _failures(summary: IngestSummary) -> list[tuple[str, str]]:
    return [(Path(f.source).name, f.reason) for f in summary.failed]


def test_a_budget_interrupts_a_catastrophic_regular_expression() -> None:
    started = time.monotonic()
    with (
        pytest.raises(OverTimeError, match="matching took over 0.5 s"),
        time_budget(0.5, "matching"),
    ):
        re.match(r"(a+)+$", "a" * 40 + "b")  # 2^40 steps without the budget
    assert time.monotonic() - started < 5


def test_a_budget_keeps_an_outer_timer_running() -> None:
    with pytest.raises(OverTimeError, match="outer took over 1 s"), time_budget(1, "outer"):
        with time_budget(5, "inner"):
            time.sleep(0.1)
        while True:  # interrupted by the outer budget, not left running
            time.sleep(0.05)


def test_code_that_swallows_one_interruption_is_stopped_by_the_next() -> None:
    started = time.monotonic()
    with pytest.raises(OverTimeError), time_budget(0.3, "stubborn"):
        with contextlib.suppress(Exception):  # what a careless rule might do
            time.sleep(10)
        time.sleep(10)
    assert time.monotonic() - started < 5


def test_an_article_over_its_extraction_budget_is_skipped_and_the_batch_goes_on(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = process.extract_article

    def stalling(doc, article, res):  # type: ignore[no-untyped-def]
        while "Tartar" in article.text:
            pass  # a rule that never ends
        return real(doc, article, res)

    monkeypatch.setattr(process, "extract_article", stalling)
    summary, docs = _run(tmp_path, resources, workers=0, article_timeout_s=1)
    assert _failures(summary) == [
        ("b.txt", "extraction took over 1 s (article_timeout_s); skipped")
    ]
    assert docs == ["a.txt", "c.txt"]


def test_an_article_over_its_cleaning_budget_is_skipped_and_the_batch_goes_on(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = inputs.build_article

    def stalling(found, settings):  # type: ignore[no-untyped-def]
        if "Tartar" in found.body:
            time.sleep(60)
        return real(found, settings)

    monkeypatch.setattr(inputs, "build_article", stalling)
    started = time.monotonic()
    summary, docs = _run(tmp_path, resources, workers=1, article_timeout_s=1)
    assert time.monotonic() - started < 30
    assert _failures(summary) == [("b.txt", "cleaning took over 1 s (article_timeout_s); skipped")]
    assert docs == ["a.txt", "c.txt"]


@needs_fork
@pytest.mark.parametrize("how", ["exit", "segfault"])
def test_a_parse_process_crashing_on_one_article_fails_that_article_only(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    real = pipeline.parse_batch

    def crashing(nlp, texts):  # type: ignore[no-untyped-def]
        if any("Tartar" in text for text in texts):
            if how == "exit":
                os._exit(1)
            faulthandler.disable()  # pytest's, inherited: no traceback from the child
            os.kill(os.getpid(), signal.SIGSEGV)  # as a crash in native code would
        return real(nlp, texts)

    monkeypatch.setattr(pipeline, "parse_batch", crashing)
    summary, docs = _run(tmp_path, resources, workers=1, batch_size=4)
    reason = "exit code 1" if how == "exit" else "killed by SIGSEGV"
    assert _failures(summary) == [("b.txt", f"the parse process stopped on it ({reason})")]
    assert docs == ["a.txt", "c.txt"]
    assert multiprocessing.active_children() == []


def test_with_workers_0_an_article_over_its_parsing_budget_is_skipped_and_the_batch_goes_on(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.parse_texts

    def stalling(nlp, texts, batch_size):  # type: ignore[no-untyped-def]
        texts = list(texts)
        if any("Tartar" in text for text in texts):
            until = time.monotonic() + 20
            while time.monotonic() < until:
                pass  # a parse that would take 20 s
        yield from real(nlp, texts, batch_size)

    monkeypatch.setattr(pipeline, "parse_texts", stalling)
    started = time.monotonic()
    summary, docs = _run(tmp_path, resources, workers=0, article_timeout_s=1)
    assert time.monotonic() - started < 15
    assert _failures(summary) == [("b.txt", "parsing took over 1 s (article_timeout_s); skipped")]
    assert docs == ["a.txt", "c.txt"]
