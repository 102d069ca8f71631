"""Kill an ingest with SIGKILL at a chosen moment, find its orphans, and compare stores.

Shared by tests/robustness/test_crash.py (a few rounds, forked from the test process so
that the pipeline is loaded once) and bench/bench_robustness.py (many rounds).
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path


def article_texts(n: int) -> dict[str, str]:
    """``n`` short, distinct articles that resolve into shared incidents."""
    towns = ["Ganja", "Tartar", "Goris", "Stepanakert", "Tovuz", "Barda"]
    out = {}
    for i in range(n):
        town = towns[i % len(towns)]
        day = 1 + i % 9
        out[f"story-{i:03d}.txt"] = (
            f"Artillery shelled {town} on October {day}, 2020, killing {1 + i % 4} civilians "
            f"and wounding {2 + i % 5}, the defence ministry said on October {day + 1}. "
            f"The other side denied striking {town} and said it had hit only military "
            f"positions. Report number {i} from the border, filed by the desk."
        )
    return out


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def orphans_after(pids: list[int], wait_s: float = 5.0) -> list[int]:
    """Those of ``pids`` still running ``wait_s`` seconds from now (or sooner if none)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        left = [p for p in pids if alive(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


def kill_during(run: Callable[[], None], delay_s: float) -> tuple[bool, list[int]]:
    """Fork a process doing ``run``, SIGKILL it after ``delay_s``; returns whether it was
    still running when killed, and its children that outlived it."""
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=_exit_after, args=(run,))
    child.start()
    assert child.pid is not None
    deadline = time.monotonic() + delay_s
    workers: set[int] = set()
    while time.monotonic() < deadline and child.is_alive():
        workers.update(children_of(child.pid))
        time.sleep(0.05)
    killed = child.is_alive()
    workers.update(children_of(child.pid))
    with contextlib.suppress(ProcessLookupError):  # it may have finished meanwhile
        os.kill(child.pid, signal.SIGKILL)
    child.join()
    return killed, orphans_after(sorted(workers))


def _exit_after(run: Callable[[], None]) -> None:
    run()
    os._exit(0)  # no atexit handlers of the test process in the child


def store_digest(db: Path) -> dict[str, object]:
    """What must match between a resumed store and a clean one: counts, each article's
    content hash, and each incident as the set of its mentions (doc, offset, type)."""
    with sqlite3.connect(db) as con:
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
            for t in ("articles", "events", "quotes", "incidents", "incident_members")
        }
        hashes = sorted(h for (h,) in con.execute("SELECT content_hash FROM articles"))
        rows = con.execute(
            "SELECT m.incident_id, a.doc, e.start, e.type FROM incident_members m "
            "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = e.article_id"
        ).fetchall()
        duplicates = con.execute(
            "SELECT count(*) FROM "
            "(SELECT doc FROM articles GROUP BY content_hash HAVING count(*) > 1)"
        ).fetchone()[0]
    groups: dict[str, list[tuple[str, int, str]]] = {}
    for incident, doc, start, type_ in rows:
        groups.setdefault(incident, []).append((doc, start, type_))
    partition = sorted(tuple(sorted(g)) for g in groups.values())
    return {
        "integrity": integrity,
        "counts": counts,
        "articles": hashlib.sha256("\n".join(hashes).encode()).hexdigest(),
        "incidents": hashlib.sha256(repr(partition).encode()).hexdigest(),
        "duplicates": duplicates,
    }
