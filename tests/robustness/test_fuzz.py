"""Fuzzing ingestion: hostile files in one batch with good articles, and properties of the
readers, the cleaner, the line splitter and the tokenizer on generated input.

Every input is stored or reported with a reason, never a crash or a hang, and the good
articles of the same batch are all stored. Sizes here are small (CI); the bench runs
the same generator large and measures time and memory per input kind.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.config import Settings
from sitroom.ingest.clean import clean_text
from sitroom.ingest.decode import printable_name
from sitroom.ingest.inputs import iter_inputs
from sitroom.ingest.readers import bounded_lines
from sitroom.ingest.records import IngestFailure
from sitroom.model import Article
from sitroom.nlp.pipeline import load_pipeline
from sitroom.process import ingest
from sitroom.store import Store

from .hostile import GOOD, hostile_texts, write_corpus

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _seen(name: str, folder: Path, ticks: list[str]) -> bool:
    # A stored article ticks its doc (the file name); a failure, its path (both printable).
    path, base = printable_name(str(folder / name)), printable_name(Path(name).name)
    return any(
        t in (base, path) or t.startswith((f"{base}:", f"{path}:", f"{path}/")) for t in ticks
    )


def test_a_hostile_batch_stores_every_good_article_and_reports_every_other_input(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    kinds = write_corpus(folder, 1000)
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "t.db"
    ticks: list[str] = []
    store = Store.open(str(db))
    started = time.monotonic()
    try:
        summary = ingest(
            [str(folder)],
            store,
            Settings(db=str(db), workers=1, article_timeout_s=20),
            on_progress=ticks.append,
        )
    finally:
        store.close()
    assert time.monotonic() - started < 240
    with sqlite3.connect(db) as con:
        docs = {d for (d,) in con.execute("SELECT doc FROM articles")}
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert set(GOOD) <= docs  # every good article of the batch is stored
    missing = [f"{name} ({kind})" for name, kind in kinds.items() if not _seen(name, folder, ticks)]
    assert missing == []  # each hostile input was stored or reported
    assert all(f.reason for f in summary.failed)
    reasons = {Path(f.source.split(":")[0]).name: f.reason for f in summary.failed}
    assert reasons["pipe.txt"] == "not a regular file but a named pipe (FIFO); skipped"
    assert reasons["outside.txt"].endswith("outside the folder given; not followed")
    assert reasons["bomb.jsonl.gz"].startswith("unpacks to over")
    assert "/etc/hostname" not in {d for d in docs}


def _read_all(path: Path, config: Settings) -> list[Article | IngestFailure]:
    return list(iter_inputs([str(path)], config))


@FAST
@given(
    data=st.binary(max_size=3000),
    suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".xml", ".warc", "", ".md"]),
)
def test_any_bytes_under_any_suffix_give_articles_or_reasons(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    out = _read_all(path, Settings())
    assert out  # never silent
    for item in out:
        assert isinstance(item, Article | IngestFailure)
        if isinstance(item, IngestFailure):
            assert item.reason and item.source.startswith(str(path))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_RECORD = st.fixed_dictionaries(
    {},
    optional={
        "text": _JSON | st.just(GOOD["good-0.txt"]),
        "title": _JSON,
        "published": _JSON,
        "url": _JSON,
        "author": _JSON,
        "outlet": _JSON,
        "id": _JSON,
    },
)


@FAST
@given(records=st.lists(_RECORD | _JSON, min_size=1, max_size=6))
def test_jsonl_records_of_any_shape_are_each_read_or_reported_by_line(
    tmp_path_factory: pytest.TempPathFactory, records: list[object]
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = _read_all(path, Settings())
    lines = {
        int(item.source.rsplit(":", 1)[1]) if isinstance(item, IngestFailure) else None
        for item in out
    }
    assert len(out) == len(records)  # one outcome per line, none lost
    assert lines - {None} <= set(range(1, len(records) + 1))


_PIECES = [
    "[",
    "](",
    "\\[",
    "(",
    "*",
    "<",
    " ",
    "  ",
    "\n",
    "\n\n",
    "http://x.y/",
    "Views:",
    "1 January 2020",
    "By ",
    "MOSCOW, Oct 1 (Reuters) - ",
    "Word",
    "Army",
    ".",
    "#a",
    "\u2028",
    "\u0085",
    "\ufeff",
    "\x00",
    "©",
]


@FAST
@given(parts=st.lists(st.sampled_from(_PIECES), max_size=400))
def test_the_cleaner_takes_any_mix_of_hostile_pieces(parts: list[str]) -> None:
    text = "".join(parts)
    started = time.monotonic()
    cleaned = clean_text(text)
    assert time.monotonic() - started < 2
    assert isinstance(cleaned.text, str)


@FAST
@given(parts=st.lists(st.sampled_from([*_PIECES, '"', "x" * 150, "[" * 120]), max_size=300))
def test_the_tokenizer_keeps_any_text_exactly(nlp: object, parts: list[str]) -> None:
    text = "".join(parts)
    doc = load_pipeline(Settings()).make_doc(text)
    assert doc.text == text


@FAST
@given(data=st.binary(max_size=2000), limit=st.integers(min_value=1, max_value=300))
def test_lines_are_split_on_newline_only_and_never_held_past_the_limit(
    data: bytes, limit: int
) -> None:
    got = list(bounded_lines(io.BytesIO(data), limit, None, "fuzz"))
    expected = data.split(b"\n")
    if expected and expected[-1] == b"":
        expected.pop()
    assert [n for n, _ in got] == list(range(1, len(expected) + 1))
    for (_, line), want in zip(got, expected, strict=True):
        if line is None:
            assert len(want) + 1 > limit  # skipped only when too long
        else:
            assert line.rstrip(b"\n") == want and len(line) <= limit + 1


def test_each_crafted_text_is_cleaned_fast_at_a_larger_size() -> None:
    for name, text in hostile_texts(50_000).items():
        started = time.monotonic()
        clean_text(text)
        assert time.monotonic() - started < 3, name
