"""Known events: dated landmarks a report names ("the US-brokered ceasefire", "the 44-day war").

A report that prints no date still names events whose dates are on the public record:
it was written on or after each of them, and a mention of one is dated by it. The
landmarks live in ``data/known_events.yaml``; an entry matches a sentence when all of its
cue patterns do.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from sitroom.errors import ConfigError

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'A-Z0-9])|\n\s*\n|\n")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_PRECISION = {4: "year", 7: "month", 10: "day"}
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_DEATHS = re.compile(r"(?i)\b(?:dead|killed|deaths?|lives|died|fatalities|casualties)\b")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)")


@dataclass(frozen=True, slots=True)
class KnownEvent:
    """One dated landmark."""

    id: str
    label: str
    date: str
    """ISO date at the precision known."""
    known_from: dt.date
    """The first day a report could name the event this way."""
    cues: tuple[re.Pattern[str], ...]
    context: re.Pattern[str] | None
    """Must match somewhere in the text: the conflict the event belongs to."""
    parties: tuple[str, ...]
    toll: tuple[int, int] | None = None
    """For an episode named in generic words: the range of death tolls reported for it."""
    background: bool = False
    """A landmark reports name for years after ("since the October 7 attack"): it bounds a
    report's date from below but does not date it."""

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``."""
        return _PRECISION[len(self.date)]


@dataclass(frozen=True, slots=True)
class KnownMention:
    """Where a text names a known event: the span of its first cue."""

    start: int
    end: int
    event: KnownEvent


def parse_known_events(text: str, origin: str) -> list[KnownEvent]:
    """Known events from YAML ``text``; ``origin`` names the file in errors."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from exc
    out = []
    for n, entry in enumerate(data.get("events") or [], start=1):
        where = f"{origin}: entry {n} ({entry.get('id', '?')})"
        date, known_from = str(entry.get("date", "")), str(entry.get("known_from", ""))
        if not _DATE.match(date) or not _DATE.match(known_from) or len(known_from) != 10:
            raise ConfigError(f"{where}: 'date' must be YYYY[-MM[-DD]], 'known_from' YYYY-MM-DD")
        cues = entry.get("cues") or []
        if not cues:
            raise ConfigError(f"{where}: no cues")
        try:
            compiled = tuple(re.compile(c, re.IGNORECASE) for c in cues)
            context = re.compile(entry["context"]) if entry.get("context") else None
        except re.error as exc:
            raise ConfigError(f"{where}: bad cue pattern: {exc}") from exc
        toll = entry.get("toll")
        if toll is not None and not (
            isinstance(toll, list)
            and len(toll) == 2
            and all(isinstance(n, int) for n in toll)
            and 0 <= toll[0] <= toll[1]
        ):
            raise ConfigError(f"{where}: 'toll' must be [lowest, highest] deaths")
        out.append(
            KnownEvent(
                id=str(entry["id"]),
                label=str(entry.get("label", "")),
                date=date,
                known_from=dt.date.fromisoformat(known_from),
                cues=compiled,
                context=context,
                parties=tuple(entry.get("parties") or ()),
                toll=(toll[0], toll[1]) if toll else None,
                background=bool(entry.get("background", False)),
            )
        )
    return out


@functools.cache
def known_events() -> tuple[KnownEvent, ...]:
    """The packaged known events."""
    text = resources.files("sitroom.data").joinpath("known_events.yaml").read_text("utf-8")
    return tuple(parse_known_events(text, "sitroom/data/known_events.yaml"))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _toll_fits(event: KnownEvent, sentence: str) -> bool:
    if event.toll is None:
        return True
    if _YEAR.search(sentence) or not _DEATHS.search(sentence):
        return False  # a year dates the sentence itself; without deaths there is no toll
    lo, hi = event.toll
    return any(lo <= int(m[1].replace(",", "")) <= hi for m in _NUMBER.finditer(sentence))


def _in_office(event: KnownEvent, window: tuple[dt.date, dt.date] | None) -> bool:
    if event.toll is None:
        return True
    return window is not None and window[0] <= event.known_from <= window[1]


def find_known_events(
    text: str,
    events: tuple[KnownEvent, ...] | None = None,
    *,
    window: tuple[dt.date, dt.date] | None = None,
) -> list[KnownMention]:
    """Every sentence of ``text`` that names a known event, by position.

    ``window`` is when the officials the text names were all in office: an episode named in
    generic words is only recognised inside it.
    """
    # Publication-date inference and event dating ask about the same text in turn.
    return list(_find(text, known_events() if events is None else events, window))


@functools.lru_cache(maxsize=4)
def _find(
    text: str, table: tuple[KnownEvent, ...], window: tuple[dt.date, dt.date] | None
) -> tuple[KnownMention, ...]:
    # Most texts name none: only entries whose cues all occur somewhere need sentences.
    table = tuple(
        e
        for e in table
        if (e.context is None or e.context.search(text))
        and _in_office(e, window)
        and all(c.search(text) for c in e.cues)
    )
    if not table:
        return ()
    spans = _sentences(text)
    starts = [s for s, _ in spans]
    by_sentence: dict[int, list[KnownMention]] = {}
    for event in table:
        seen: set[int] = set()
        for first in event.cues[0].finditer(text):
            k = bisect.bisect_right(starts, first.start()) - 1
            start, end = spans[k]
            if k in seen or first.end() > end:
                continue
            seen.add(k)  # the first cue in the sentence marks the mention
            rest = all(c.search(text, start, end) for c in event.cues[1:])
            if rest and _toll_fits(event, text[start:end]):
                by_sentence.setdefault(k, []).append(
                    KnownMention(first.start(), first.end(), event)
                )
    found: list[KnownMention] = []
    for here in by_sentence.values():
        if sum(m.event.toll is not None for m in here) > 1:
            # two episodes fit the same words: the sentence names neither for certain
            here = [m for m in here if m.event.toll is None]
        found.extend(here)
    return tuple(sorted(found, key=lambda m: (m.start, m.event.id)))
