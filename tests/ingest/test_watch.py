"""Watching a directory: files already there, then files as they arrive, in rounds."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sitroom.ingest import watch_files

FIRST = "Published: 3 May 2021\n\nTroops withdrew from the ridge on Monday, the army said."
SECOND = "Published: 4 May 2021\n\nMonitors reported a quiet night along the front line."


def test_watch_yields_existing_then_new_files_once_they_stop_changing(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(FIRST)
    rounds: list[list[str]] = []
    started = time.monotonic()

    def stop() -> bool:
        return len(rounds) >= 2 or time.monotonic() - started > 10

    for files in watch_files(tmp_path, poll_seconds=0.05, stop=stop):
        rounds.append([p.name for p in files])
        if len(rounds) == 1:
            (tmp_path / "two.txt").write_text(SECOND)
            (tmp_path / ".partial.txt").write_text("hidden files are ignored")
            (tmp_path / "sub").mkdir()
            (tmp_path / "sub" / "three.txt").write_text(SECOND + " Again.")
    assert time.monotonic() - started < 10
    assert rounds == [["one.txt"], ["three.txt", "two.txt"]]


def test_a_file_still_growing_waits_for_the_next_poll(tmp_path: Path) -> None:
    rounds: list[list[str]] = []
    polls = 0

    def stop() -> bool:
        nonlocal polls
        polls += 1
        if polls == 1:
            (tmp_path / "big.txt").write_text(FIRST)  # appears between two polls
        elif polls == 2:
            (tmp_path / "big.txt").write_text(FIRST + " More text.")  # still being written
        return polls >= 6

    for files in watch_files(tmp_path, poll_seconds=0.01, stop=stop):
        rounds.append([p.name for p in files])
    assert rounds == [["big.txt"]]


def test_watch_can_skip_existing_files(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text(FIRST)
    polls = iter(range(4))
    rounds = list(
        watch_files(
            tmp_path,
            poll_seconds=0.01,
            stop=lambda: next(polls, None) is None,
            include_existing=False,
        )
    )
    assert rounds == []


def test_watch_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="no such directory to watch"):
        next(watch_files(tmp_path / "absent", stop=lambda: True))


def _wait_for(lines: list[str], needle: str, proc: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not any(needle in line for line in lines):
        assert proc.poll() is None, "".join(lines)
        assert time.monotonic() < deadline, f"no {needle!r} in: " + "".join(lines)
        time.sleep(0.05)


def test_ingest_watch_takes_files_as_they_arrive_until_ctrl_c(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text(FIRST)
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-m", "sitroom", "--db", str(db), "ingest", "--watch", str(inbox)]
    proc = subprocess.Popen(
        [*cmd, "--poll", "0.2"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr or []), daemon=True)
    reader.start()
    try:
        _wait_for(lines, "read 1, new 1,", proc, 120)
        (inbox / "two.txt").write_text(SECOND)
        (inbox / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
        _wait_for(lines, "failed 1;", proc, 60)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
    reader.join(timeout=5)
    out = "".join(lines)
    assert out.count("read 1, new 1, unchanged 0") == 2  # one.txt, then two.txt (bad.txt failed)
    assert "bad.txt: binary file, not text" in out
    assert f"stopped watching {inbox}" in out
    with sqlite3.connect(db) as con:
        docs = sorted(Path(d).name for (d,) in con.execute("SELECT doc FROM articles"))
    assert docs == ["one.txt", "two.txt"]
