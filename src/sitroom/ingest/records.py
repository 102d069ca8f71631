"""Records internal to ingestion: a failure report and a document before cleaning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitroom.ingest.decode import printable_name, scrub_surrogates


@dataclass(slots=True)
class IngestFailure:
    """One input that could not be ingested, with one clear reason (no stack trace)."""

    source: str
    reason: str

    def __post_init__(self) -> None:
        # A failure is reported (console, JSON API): its name must be printable.
        self.source = printable_name(self.source)
        self.reason = printable_name(self.reason)

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

    def __post_init__(self) -> None:
        # Every reader's output passes here: what cannot be written as UTF-8 (a file name
        # with bytes that are not UTF-8, a lone surrogate in a JSON field) is made safe
        # once, so that storing, printing or serving the article cannot fail on it.
        self.doc = printable_name(self.doc)
        self.source = printable_name(self.source)
        for name in ("raw", "body", "title", "author", "outlet", "url"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, scrub_surrogates(value))
