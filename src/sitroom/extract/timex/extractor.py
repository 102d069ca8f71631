"""Find temporal expressions in a text and normalise them against the DCT."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from sitroom.extract.timex import zones
from sitroom.extract.timex.handlers import Ctx, Hit
from sitroom.extract.timex.lexicon import PARTS_OF_DAY
from sitroom.extract.timex.rules import RULE_TRIGGERS, RULES, WORD_CLASSES
from sitroom.extract.timex.tense import future_test
from sitroom.model import TimeRef

log = logging.getLogger(__name__)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Between a date and a clock time that belong to one instant ("July 23, at around 23:00").
_DATE_CLOCK_GAP = re.compile(
    r"[^\S\n]*,?[^\S\n]*(?:at\s+|on\s+)?(?:around\s+|about\s+)?", re.IGNORECASE
)
# Between a clock time and its day ("20:00 GMT Saturday", "midnight on Sunday").
_CLOCK_DATE_GAP = re.compile(r"\s*(?:on\s+)?(?:the\s+)?", re.IGNORECASE)
_COMMA = re.compile(r"\s*,\s*")
_MONTH_OR_FINER = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])(?:$|-|T)")
_YEAR_FIRST = re.compile(r"\d{4}(?:$|-)")
_PAREN = re.compile(r"\s*\(\s*")
_NIGHT_OF = re.compile(
    r"(?:the\s+)?(morning|afternoon|evening|night|early\s+hours)\s+of\s+$", re.IGNORECASE
)
_MAX_INPUT = 2_000_000


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    hit: Hit
    day_from_context: bool = False


_Cand = tuple[int, int, int, re.Match[str], int]
_WORD = re.compile(r"[A-Za-z]+|\d+")
# How far a match may reach before (prefixes such as "the very beginning of the") and after
# (suffixes such as ", 2020, at around 23:00 local time") the word that triggers its rule.
_REACH_BEFORE = 90
_REACH_AFTER = 110


def _regions(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per word class, merged windows of text around the words of that class."""
    spots: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        w = m.group()
        classes = {"digit"} if w.isdigit() else WORD_CLASSES.get(w.lower())
        if classes:
            for cls in classes:
                spots.setdefault(cls, []).append(m.start())
    out: dict[str, list[tuple[int, int]]] = {}
    for cls, positions in spots.items():
        merged: list[tuple[int, int]] = []
        for p in positions:
            lo, hi = max(0, p - _REACH_BEFORE), min(len(text), p + _REACH_AFTER)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
            else:
                merged.append((lo, hi))
        out[cls] = merged
    return out


def _candidates(text: str) -> list[_Cand]:
    """Matches of every rule near its trigger words; a ``t`` group narrows the span."""
    regions = _regions(text)
    out: list[_Cand] = []
    for idx, (name, rx, _handler, prio) in enumerate(RULES):
        windows = sorted(w for cls in RULE_TRIGGERS[name] for w in regions.get(cls, ()))
        spans = [g for g in ("t", "t2") if g in rx.groupindex]
        seen: set[tuple[int, int]] = set()
        for lo, hi in windows:
            for m in rx.finditer(text, lo, hi):
                if m.span() in seen:
                    continue
                seen.add(m.span())
                start, end = m.span()
                for g in spans:
                    if m.group(g) is not None:
                        start, end = m.span(g)
                        break
                if end > start:
                    out.append((start, end, prio, m, idx))
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest match wins; ties go to the rule with the lower priority number."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    # Taken spans never overlap, so sorted by start their ends are sorted too: a candidate
    # overlaps one iff the last span starting before its end ends after its start (a
    # bisection, not a scan of every span taken: linear-logarithmic on crafted text).
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[_Cand] = []
    for cand in cands:
        start, end = cand[0], cand[1]
        i = bisect.bisect_left(starts, end)
        if i and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    return chosen


_CACHED_TEXT_MAX = 200_000


def _matches(text: str) -> tuple[_Cand, ...]:
    """The selected rule matches of ``text``: they do not depend on the DCT, and ingest
    finds them twice per article (publication date, then extraction), so they are cached."""
    if len(text) > _CACHED_TEXT_MAX:
        return tuple(_select(_candidates(text)))
    return _cached_matches(text)


@functools.lru_cache(maxsize=256)
def _cached_matches(text: str) -> tuple[_Cand, ...]:
    return tuple(_select(_candidates(text)))


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _clock_value(day: dt.date | None, hit: Hit) -> str:
    assert hit.clock is not None
    base = day.isoformat() if day else "XXXX-XX-XX"
    zone = "Z" if hit.zone == "UTC" else ""
    return f"{base}T{hit.clock[0]:02d}:{hit.clock[1]:02d}{zone}"


def _is_clock_only(hit: Hit) -> bool:
    return hit.clock is not None and hit.value.startswith("T")


def _resolve(text: str, dct: dt.date | None, doc: Doc | None) -> list[_Found]:
    is_future = future_test(text, doc)
    paragraphs = _paragraph_starts(text)
    ctx = Ctx(text=text, dct=dct, anchor=None, is_future=is_future)
    found: list[_Found] = []
    para = 0
    for start, end, _prio, m, idx in _matches(text):
        while para + 1 < len(paragraphs) and start >= paragraphs[para + 1]:
            para += 1
            ctx.anchor = ctx.anchor_month = ctx.anchor_year = None
        try:
            hit = RULES[idx][2](m, ctx)
        except (OverflowError, ValueError):
            # Calendar arithmetic past year 1 or 9999 (a DCT at the ends of the calendar).
            log.debug("cannot resolve %r against %s", m.group(), dct)
            continue
        if hit is None:
            continue
        prev = found[-1] if found else None
        from_context = False
        if _is_clock_only(hit):
            if (
                prev
                and prev.hit.day
                and prev.hit.clock is None
                and _DATE_CLOCK_GAP.fullmatch(text, prev.end, start)
            ):
                hit.day = prev.hit.day
                hit.anchor = prev.hit.anchor
                start = prev.start
                found.pop()
            else:
                hit.day = ctx.anchor or dct
                hit.anchor = "previous" if ctx.anchor else ("dct" if dct else "none")
                from_context = True
            hit.value = _clock_value(hit.day, hit)
        elif hit.day and hit.clock is None and prev and prev.day_from_context:
            if _COMMA.fullmatch(text, prev.end, start):
                # "at 16:15 UTC, June 1st": the day names the clock's date, spans stay apart.
                prev.hit.day = hit.day
                prev.hit.value = _clock_value(hit.day, prev.hit)
                prev.day_from_context = False
            elif _CLOCK_DATE_GAP.fullmatch(text, prev.end, start):
                prev.hit.day = hit.day
                prev.hit.anchor = hit.anchor
                prev.hit.value = _clock_value(hit.day, prev.hit)
                prev.end = end
                prev.day_from_context = False
                if RULES[idx][0] == "weekday":
                    _realign_restatement(text, found)
                ctx.anchor = prev.hit.day
                continue
        if hit.day and hit.type in ("DATE", "TIME"):
            night = _NIGHT_OF.search(text, max(0, start - 30), start)
            if night:
                start = night.start()
                pod = PARTS_OF_DAY.get(night.group(1).lower())
                if pod and hit.type == "DATE" and hit.granularity == "day":
                    # "the morning of October 3": a part of that day (TIME 2020-10-03TMO).
                    hit.type, hit.value, hit.granularity = "TIME", f"{hit.value}T{pod}", "time"
            ctx.anchor = hit.day
        if _MONTH_OR_FINER.match(hit.value):
            ctx.anchor_month = (int(hit.value[:4]), int(hit.value[5:7]))
        if hit.type in ("DATE", "TIME") and _YEAR_FIRST.match(hit.value):
            ctx.anchor_year = int(hit.value[:4])
        found.append(_Found(start, end, hit, from_context))
        if RULES[idx][0] == "weekday":
            _realign_restatement(text, found)
            ctx.anchor = found[-1].hit.day or ctx.anchor
    return found


def _realign_restatement(text: str, found: list[_Found]) -> None:
    """A weekday in parentheses restates the instant before it: "midnight on Sunday (20:00
    GMT Saturday)" is the Saturday next to that Sunday, whatever the tense suggests."""
    if len(found) < 2:
        return
    before, cur = found[-2], found[-1]
    if not (before.hit.day and cur.hit.day and _PAREN.fullmatch(text, before.end, cur.start)):
        return
    gap = (cur.hit.day - before.hit.day).days
    shift = -7 * round(gap / 7)
    if shift == 0:
        return
    old = cur.hit.day.isoformat()
    cur.hit.day = cur.hit.day + dt.timedelta(days=shift)
    cur.hit.value = cur.hit.value.replace(old, cur.hit.day.isoformat(), 1)


def extract_times(
    text: str, dct: dt.date | None, doc: Doc | None = None, country: str = ""
) -> list[TimeRef]:
    """Temporal expressions in ``text`` as TIMEX3 values relative to ``dct``."""
    if not text:
        return []
    text = text[:_MAX_INPUT]
    refs: list[TimeRef] = []
    for f in _resolve(text, dct, doc):
        h = f.hit
        local = utc = None
        if h.clock is not None and h.day is not None:
            try:
                local, utc = zones.instants(h.day, h.clock, h.zone, country)
            except OverflowError:  # an instant before year 1 or after 9999
                local, utc = None, None
        refs.append(
            TimeRef(
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                type=h.type,
                value=h.value,
                granularity=h.granularity,
                local=local,
                utc=utc,
                anchor=h.anchor if h.value[:1].isdigit() or h.type == "TIME" else "none",
            )
        )
    return refs
