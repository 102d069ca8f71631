"""Records internal to ingestion: a failure report and a document before cleaning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(slots=True)
class IngestFailure:
    """One input that could not be ingested, with one clear reason (no stack trace)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class RawDocument:
    """What a reader found in one input, before cleaning and metadata detection."""

    doc: str
    """Name used as the article's ``doc`` (file name, ``file:id`` or URL)."""
    source: str
    """Path or URL it was read from."""
    raw: str
    """The input exactly as decoded."""
    body: str
    """The article text to clean (the raw text itself, or the main text of a page)."""
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    from_markup: bool = False
    """True when ``body`` was extracted from HTML or a feed rather than read as text."""
