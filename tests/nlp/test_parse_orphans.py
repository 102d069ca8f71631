"""Parse processes die with their parent, even when it is killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A parent that starts parse processes (the real ones), prints their pids and then
# blocks while they wait for texts, as an ingest reading a slow input does.
_PARSING_PARENT = """
import multiprocessing, time
from sitroom.config import Settings
from sitroom.nlp.pipeline import parse_in_processes

def texts():
    yield "Iran urged restraint.", 0
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)

for _ in parse_in_processes(Settings(), texts(), 2):
    pass
"""

# A parent whose child has only the fallback: no prctl, a parent check every 0.1 s.
_FALLBACK_PARENT = """
import multiprocessing, os, time, types
import sitroom.nlp.pipeline as pipeline

def child(parent):
    pipeline.sys = types.SimpleNamespace(platform="elsewhere")
    pipeline.PARENT_CHECK_SECONDS = 0.1
    pipeline.die_with_parent(parent)
    time.sleep(600)

if __name__ == "__main__":
    proc = multiprocessing.get_context("fork").Process(target=child, args=(os.getpid(),))
    proc.start()
    time.sleep(0.5)
    print(proc.pid, flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie no init has reaped yet counts as dead)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "Z" not in state.split()[1]


def _kill_parent_and_watch(script: str, tmp_path: Path) -> list[int]:
    """Run ``script``, read its children's pids, kill it with SIGKILL; the children still alive
    5 s later."""
    path = tmp_path / "parent.py"
    path.write_text(textwrap.dedent(script))
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    # Files, not pipes: a reader of a pipe that the children hold open could wait forever.
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, str(path)], stdout=stdout, stderr=stderr)
    try:
        deadline = time.monotonic() + 120
        while not out.read_text().endswith("\n") and proc.poll() is None:
            assert time.monotonic() < deadline, "the parent printed no pids"
            time.sleep(0.05)
        children = [int(p) for p in out.read_text().split()]
        assert children and all(_alive(p) for p in children), err.read_text()[-3000:]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(p) for p in children):
            time.sleep(0.05)
        left = [p for p in children if _alive(p)]
    finally:
        proc.kill()
        proc.wait()
    for pid in left:  # do not leave them behind when the test fails
        os.kill(pid, signal.SIGKILL)
    return left


def test_parse_processes_die_when_their_parent_is_killed(tmp_path: Path) -> None:
    assert _kill_parent_and_watch(_PARSING_PARENT, tmp_path) == []


def test_without_the_kernels_help_the_parent_check_ends_the_child(tmp_path: Path) -> None:
    assert _kill_parent_and_watch(_FALLBACK_PARENT, tmp_path) == []
