"""Bad JSON lines, pipes and links in an input folder: each reported, the rest read."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitroom.config import Settings
from sitroom.ingest import IngestFailure, count_inputs, iter_inputs
from sitroom.ingest.readers import read_file
from sitroom.ingest.records import RawDocument
from sitroom.model import Article

_STORY = (
    "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians, "
    "the Armenian defence ministry said in a statement on Saturday."
)


def _within(seconds: float, fn: Callable[[], Any]) -> Any:
    """``fn()``, failing the test (not hanging it) when it blocks longer than ``seconds``."""
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"blocked for over {seconds} s"
    return out[0]


def _run(paths: list[Path], settings: Settings) -> tuple[list[Article], list[IngestFailure]]:
    items = _within(60, lambda: list(iter_inputs([str(p) for p in paths], settings)))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, IngestFailure)]
    return articles, failures


def test_a_bad_jsonl_line_is_reported_by_line_and_the_rest_of_the_file_is_read(
    tmp_path: Path,
) -> None:
    # Valid JSON may hold U+2028, U+2029 and U+0085 inside a string: they are not line ends.
    odd = f"Tartar was shelled\u2028on October 4, 2020,\u0085the ministry said.\u2029{_STORY}"
    lines = [
        json.dumps({"id": "first", "text": _STORY}),
        "[" * 50_000 + "]" * 50_000,  # nested too deeply for Python's parser
        '{"id": "big", "text": "x", "count": ' + "9" * 5_000 + "}",  # over 4,300 digits
        json.dumps({"id": "odd", "text": odd}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "last", "text": _STORY + " Later."}),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = list(read_file(path, Settings()))
    docs = [f.doc for f in found if isinstance(f, RawDocument)]
    assert docs == ["dump.jsonl:first", "dump.jsonl:odd", "dump.jsonl:last"]
    assert [f.body for f in found if isinstance(f, RawDocument)][1] == odd
    failures = [(f.source, f.reason) for f in found if isinstance(f, IngestFailure)]
    assert failures == [
        (f"{path}:2", "malformed JSON line (nested too deeply)"),
        (
            f"{path}:3",
            "malformed JSON line (Exceeds the limit (4300 digits) for integer string "
            "conversion: value has 5000 digits)",
        ),
        (f"{path}:5", "malformed JSON line (Expecting property name enclosed in double quotes)"),
    ]


def test_a_json_file_nested_too_deeply_or_with_a_huge_number_is_reported(
    tmp_path: Path,
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    big = tmp_path / "big.json"
    big.write_text('{"text": "x", "n": ' + "1" * 5_000 + "}", encoding="utf-8")
    assert [str(f) for f in read_file(deep, Settings())] == [
        f"{deep}: malformed JSON (nested too deeply)"
    ]
    [failure] = read_file(big, Settings())
    assert isinstance(failure, IngestFailure) and "4300 digits" in failure.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_pipes_in_a_folder_or_named_are_skipped_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_STORY, encoding="utf-8")
    for name in ("pipe.jsonl", "pipe", "pipe.txt"):
        os.mkfifo(folder / name)
    settings = Settings()
    assert _within(30, lambda: count_inputs([str(folder)], settings)) == 1
    articles, failures = _run([folder, folder / "pipe"], settings)
    assert [a.doc for a in articles] == ["a.txt"]
    reason = "not a regular file but a named pipe (FIFO); skipped"
    assert sorted((Path(f.source).name, f.reason) for f in failures) == [
        ("pipe", reason),
        ("pipe", reason),
        ("pipe.jsonl", reason),
        ("pipe.txt", reason),
    ]


def test_links_out_of_the_folder_given_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret: " + _STORY, encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(_STORY, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(_STORY + " More.", encoding="utf-8")
    (folder / "out.txt").symlink_to(outside)
    (folder / "inside.txt").symlink_to(folder / "sub" / "b.txt")  # inside: read
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "tree").symlink_to(tmp_path)  # a linked folder (here, a cycle)
    articles, failures = _run([folder], Settings())
    assert sorted(a.source for a in articles) == sorted(
        str(folder / n) for n in ("a.txt", "inside.txt", "sub/b.txt")
    )
    assert all("Secret" not in a.text for a in articles)
    assert sorted((Path(f.source).name, f.reason) for f in failures) == [
        ("gone.txt", "broken symbolic link"),
        ("loop.txt", "symbolic link loop; not followed"),
        ("out.txt", f"symbolic link to {outside}, outside the folder given; not followed"),
        ("tree", "symbolic link to a folder; not followed"),
    ]
    # A link the user names is the user's choice: it is read.
    named, _ = _run([folder / "out.txt"], Settings())
    assert [a.text.startswith("Secret") for a in named] == [True]
