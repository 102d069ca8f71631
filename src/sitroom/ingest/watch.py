"""Watch a directory for files that arrive, in rounds (polling; no extra dependency)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sitroom.ingest.inputs import iter_files

Signature = tuple[int, int]  # (size, mtime in ns): changes while a file is written


def _snapshot(directory: Path) -> dict[Path, Signature]:
    found: dict[Path, Signature] = {}
    for path in iter_files(directory):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed between listing and stat
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def watch_files(
    directory: str | Path,
    poll_seconds: float = 2.0,
    stop: Callable[[], bool] = lambda: False,
    include_existing: bool = True,
) -> Iterator[list[Path]]:
    """Yield, once per poll that finds any, the files that are new (or changed) under ``directory``.

    A new file is yielded once its size and modification time are unchanged across two
    polls, so a file still being copied is not read half-written. Files present at the
    start are yielded at once when ``include_existing`` is true, else never (unless they
    change). Hidden files are ignored. Stops when ``stop()`` is true, checked every 50 ms.
    """
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"{root}: no such directory to watch")
    done: dict[Path, Signature] = {}
    pending: dict[Path, Signature] = {}
    first = True
    while True:
        ready = []
        for path, signature in sorted(_snapshot(root).items()):
            if done.get(path) == signature:
                continue
            if first and not include_existing:
                done[path] = signature
            elif (first and include_existing) or pending.get(path) == signature:
                done[path] = signature
                pending.pop(path, None)
                ready.append(path)
            else:
                pending[path] = signature
        first = False
        if ready:
            yield ready
        if stop():
            return
        deadline = time.monotonic() + poll_seconds
        while time.monotonic() < deadline:
            if stop():
                return
            time.sleep(min(0.05, poll_seconds))
