"""Watching a directory: files already there, then files as they arrive."""

from __future__ import annotations

import time
from pathlib import Path

from sitroom.config import Settings
from sitroom.ingest import IngestFailure, watch_paths
from sitroom.model import Article

FIRST = "Published: 3 May 2021\n\nTroops withdrew from the ridge on Monday, the army said."
SECOND = "Published: 4 May 2021\n\nMonitors reported a quiet night along the front line."


def test_watch_yields_existing_then_new_files(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "one.txt").write_text(FIRST)
    seen: list[Article | IngestFailure] = []
    started = time.monotonic()

    def stop() -> bool:
        return len(seen) >= 3 or time.monotonic() - started > 10

    for item in watch_paths(tmp_path, settings, poll_seconds=0.05, stop=stop):
        seen.append(item)
        if len(seen) == 1:
            (tmp_path / "two.txt").write_text(SECOND)
            (tmp_path / ".partial.txt").write_text("hidden files are ignored")
            (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert time.monotonic() - started < 10
    assert [getattr(s, "doc", None) for s in seen[:1]] == ["one.txt"]
    rest = {Path(getattr(s, "source", "")).name: s for s in seen[1:]}
    assert isinstance(rest["two.txt"], Article)
    assert isinstance(rest["bad.txt"], IngestFailure)
    assert rest["bad.txt"].reason == "binary file, not text"


def test_watch_can_skip_existing_files(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "old.txt").write_text(FIRST)
    polls = iter(range(4))
    items = list(
        watch_paths(
            tmp_path,
            settings,
            poll_seconds=0.01,
            stop=lambda: next(polls, None) is None,
            include_existing=False,
        )
    )
    assert items == []


def test_watch_missing_directory(tmp_path: Path, settings: Settings) -> None:
    [failure] = list(watch_paths(tmp_path / "absent", settings, stop=lambda: True))
    assert isinstance(failure, IngestFailure)
    assert failure.reason == "no such directory to watch"
