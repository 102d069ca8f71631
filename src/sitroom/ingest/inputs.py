"""Walk the user's inputs (files, directories, URLs) and yield Articles or failures."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from sitroom.config import Settings
from sitroom.ingest.build import build_article
from sitroom.ingest.fetch import Fetcher, is_url, url_documents
from sitroom.ingest.readers import JSONL_SUFFIXES, Found, read_file, suffix_of
from sitroom.ingest.records import IngestFailure
from sitroom.model import Article

log = logging.getLogger(__name__)

_COUNT_CHUNK = 1 << 20


def iter_files(directory: Path) -> Iterator[Path]:
    """Files under ``directory``, recursively, in sorted order, hidden ones skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _finish(found: Found, settings: Settings) -> Article | IngestFailure:
    if isinstance(found, IngestFailure):
        log.info("skipped %s", found)
        return found
    try:
        return build_article(found, settings)
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
        for file in iter_files(path):
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
    if suffix_of(path) in JSONL_SUFFIXES:
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
