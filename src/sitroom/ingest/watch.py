"""Watch a directory and ingest files as they arrive (polling; no extra dependency)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sitroom.config import Settings
from sitroom.ingest.inputs import iter_files, iter_path
from sitroom.ingest.records import IngestFailure
from sitroom.model import Article

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


def watch_paths(
    directory: str | Path,
    settings: Settings,
    poll_seconds: float = 2.0,
    stop: Callable[[], bool] = lambda: False,
    include_existing: bool = True,
) -> Iterator[Article | IngestFailure]:
    """Yield articles from files that appear in (or change under) ``directory``.

    A new file is read once its size and modification time are unchanged across
    two polls, so a file still being copied is not read half-written. Files
    present at the start are read at once when ``include_existing`` is true.
    """
    root = Path(directory)
    if not root.is_dir():
        yield IngestFailure(str(root), "no such directory to watch")
        return
    done: dict[Path, Signature] = {}
    pending: dict[Path, Signature] = {}
    first = True
    while True:
        current = _snapshot(root)
        for path, signature in sorted(current.items()):
            if done.get(path) == signature:
                continue
            stable = (first and include_existing) or pending.get(path) == signature
            if first and not include_existing:
                done[path] = signature
                continue
            if stable:
                done[path] = signature
                pending.pop(path, None)
                yield from iter_path(path, settings)
            else:
                pending[path] = signature
        first = False
        if stop():
            return
        deadline = time.monotonic() + poll_seconds
        while time.monotonic() < deadline:
            if stop():
                return
            time.sleep(min(0.05, poll_seconds))
