"""Walk the user's inputs (files, directories, URLs) and yield Articles or failures."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from sitroom.config import Settings
from sitroom.errors import OverTimeError
from sitroom.ingest.budget import time_budget
from sitroom.ingest.build import build_article
from sitroom.ingest.fetch import Fetcher, is_url, url_documents
from sitroom.ingest.readers import JSONL_SUFFIXES, Found, not_regular, read_file, suffix_of
from sitroom.ingest.records import IngestFailure
from sitroom.model import Article

log = logging.getLogger(__name__)

_COUNT_CHUNK = 1 << 20


def _refusal(path: Path, root: Path) -> str | None:
    """Why ``path``, listed under the resolved folder ``root``, is not read; None to read it."""
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(root):
                return f"symbolic link to {target}, outside the folder given; not followed"
        return not_regular(path.stat().st_mode)
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "no such file or directory"
    except RuntimeError:  # Path.resolve on a cycle of links
        return "symbolic link loop; not followed"
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"


def scan_folder(directory: Path) -> Iterator[tuple[Path, str | None]]:
    """Every entry under ``directory`` (recursed, sorted, hidden ones skipped) with why it is
    not read, or None for a file to read.

    Only regular files inside the folder the user named are read: a pipe or device
    would block the run, and a link out of the folder would read a file the user did
    not name. Linked folders are not entered (no cycles, nothing outside).
    """
    try:
        root = directory.resolve(strict=True)
    except (OSError, RuntimeError):
        root = directory.absolute()
    for base, dirs, files in os.walk(directory):
        here = Path(base)
        entered = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            if (here / name).is_symlink():
                yield here / name, "symbolic link to a folder; not followed"
            else:
                entered.append(name)
        dirs[:] = entered
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name, _refusal(here / name, root)


def iter_files(directory: Path) -> Iterator[Path]:
    """Files to read under ``directory``: regular files inside it, in sorted order."""
    for path, refused in scan_folder(directory):
        if refused is None:
            yield path


def _finish(found: Found, settings: Settings) -> Article | IngestFailure:
    if isinstance(found, IngestFailure):
        log.info("skipped %s", found)
        return found
    try:
        with time_budget(settings.article_timeout_s, "cleaning"):
            return build_article(found, settings)
    except OverTimeError as exc:
        return IngestFailure(found.source, str(exc))
    except ImportError:
        raise  # a broken installation is not a bad input
    except Exception as exc:
        # One article that trips a rule must not end the batch; say which and why.
        log.exception("unexpected error building %s", found.source)
        return IngestFailure(found.source, f"cannot process ({type(exc).__name__}: {exc})")


def iter_path(path: Path, settings: Settings) -> Iterator[Article | IngestFailure]:
    """Articles from one file or directory (recursed)."""
    if not path.exists():
        yield IngestFailure(str(path), "no such file or directory")
    elif path.is_dir():
        for file, refused in scan_folder(path):
            if refused is not None:
                yield _finish(IngestFailure(str(file), refused), settings)
                continue
            for found in read_file(file, settings):
                yield _finish(found, settings)
    else:
        for found in read_file(path, settings):
            yield _finish(found, settings)


def iter_inputs(paths: Sequence[str], settings: Settings) -> Iterator[Article | IngestFailure]:
    """Every article in ``paths`` (files, directories, URLs, feed URLs), streamed."""
    fetcher: Fetcher | None = None
    try:
        for item in paths:
            if is_url(item):
                fetcher = fetcher or Fetcher(settings)
                for found in url_documents(item, fetcher):
                    yield _finish(found, settings)
            else:
                yield from iter_path(Path(item), settings)
    finally:
        if fetcher is not None:
            fetcher.close()


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(_COUNT_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _count_file(path: Path) -> int:
    if suffix_of(path) in JSONL_SUFFIXES and path.is_file():  # a pipe would block here
        try:
            return max(_count_lines(path), 1)
        except OSError:
            return 1
    return 1


def count_inputs(paths: Sequence[str], settings: Settings) -> int:
    """A cheap estimate of how many items ``iter_inputs`` yields (for a progress bar).

    Files, JSONL lines and URLs count one each; JSON lists, web archives and
    feeds count one per file, so the estimate can be low for those.
    """
    total = 0
    for item in paths:
        path = Path(item)
        if is_url(item) or not path.exists():
            total += 1
        elif path.is_dir():
            total += sum(_count_file(f) for f in iter_files(path))
        else:
            total += _count_file(path)
    return total
