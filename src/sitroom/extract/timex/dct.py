"""Publication date (document creation time): find a printed one, else infer a range.

Printed dates: a labelled date ("Published: 2021-07-29"), a short dateline near the top
("July 29, 2021"), or a date in a page path ("upload/2020-10-18/...", "/2020/10/18/").
When none is printed the text still bounds its date: a report is written on or after the
latest dated event it reports, the weekdays it names ("on Sunday") are the most recent such
days, so the first such weekday on or after that event (one naming that event's eve tells of
the eve), and news is published within days.
Year-less days take the year of a known event the text names on that day, else the latest
year the text names, else the year in which the weekdays named beside them fall on them,
else the latest year within the terms of the officials it names in office; always no more
than a year before the latest known event it names (``data/known_events.yaml``). Where
several years fit and nothing tells them apart, nothing is guessed. The start of an
official's term, and a landmark reports name for years ("since the October 7 attack"),
bound a report's date from below; they never date it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import yaml

from sitroom.extract.timex import calendar as cal
from sitroom.extract.timex.extractor import extract_times
from sitroom.extract.timex.known import KnownMention, find_known_events, known_events
from sitroom.extract.timex.tense import text_is_future

log = logging.getLogger(__name__)

# A label that starts a line (or follows a separator): "Published: ...", "| Updated on ...".
_LABEL = re.compile(
    r"(?im)(?:^|[|•·])[^\S\n]*(?:published|posted|updated|last\s+updated|publication\s+date"
    r"|date|dated)(?:\s+on)?\s*[:\-–—]?\s*"
)
_PATH_DATE = re.compile(
    r"(?<=/)((?:19|20)\d{2})[-_/](0[1-9]|1[0-2])[-_/](0[1-9]|[12]\d|3[01])(?=[/_.\-])"
)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_YEARLESS_DAY = re.compile(r"^XXXX-(\d{2})-(\d{2})$")
_YEARLESS_MONTH = re.compile(r"^XXXX-(\d{2})$")
_WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")
_HEADER_LINES = 6
_HEADER_LINE_MAX = 80
_PUBLICATION_LAG_DAYS = 3
_PAST_QUALIFIER = re.compile(r"(?i)\b(?:former|then|late|ex-|previous|erstwhile)\W*\s*$")
_PAIR_CHARS = 160
"""A weekday this close to a year-less day may name that day's weekday ("On Wednesday
(May 7)", "KIEV, April 8. ... said on Friday")."""
_RECENT = dt.timedelta(days=366)
"""A year-less day in a report lies within about a year of the landmarks it names."""
_PAIR_YEARS = 12
"""Without officials in office to bound it, a weekday-day pair is placed in the latest
matching year among the last ones the packaged data knows (the calendar repeats in 6-11)."""


@dataclass(slots=True, frozen=True)
class DctInference:
    """A publication date with its plausible range and how it was obtained."""

    best: dt.date | None
    earliest: dt.date | None
    latest: dt.date | None
    inferred: bool
    """True when no date is printed and the range comes from the text's content."""
    evidence: str


def _day_of(value: str) -> dt.date | None:
    m = _DAY.match(value)
    return cal.safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


def labelled(text: str, at: int) -> bool:
    """Whether a date label ("Published:", "date") ends at ``at``: what follows is the
    report's own date stamp, not a date its words tell of."""
    return any(m.end() == at for m in _LABEL.finditer(text, max(0, at - 40), at))


def _printed(text: str) -> DctInference | None:
    for m in _LABEL.finditer(text):
        for t in extract_times(text[m.end() : m.end() + 40], None):
            day = _day_of(t.value[:10])
            if t.start == 0 and day:
                return DctInference(day, day, day, False, f"labelled date {t.text!r}")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:_HEADER_LINES]
    yearless_header: set[tuple[int, int]] = set()
    for line in lines:
        if len(line) > _HEADER_LINE_MAX:
            continue
        for t in extract_times(line, None):
            day = _day_of(t.value[:10])
            if day and len(t.text) >= len(line) // 2:
                return DctInference(day, day, day, False, f"dateline {t.text!r}")
            yearless = _YEARLESS_DAY.match(t.value[:10])
            if yearless:
                yearless_header.add((int(yearless[1]), int(yearless[2])))
    paths = [cal.safe_date(int(m[1]), int(m[2]), int(m[3])) for m in _PATH_DATE.finditer(text)]
    dated = [d for d in paths if d]
    if dated:
        agree = [d for d in dated if (d.month, d.day) in yearless_header]
        day = (agree or dated)[0]
        how = "page path date agreeing with the header" if agree else "page path date"
        return DctInference(day, day, day, False, f"{how} {day.isoformat()}")
    return None


@dataclass(frozen=True, slots=True)
class _Officials:
    pattern: re.Pattern[str] | None
    """Every distinctive name of every official, in one alternation."""
    person: dict[str, int]
    """Name -> index of the official it names."""
    terms: list[list[tuple[dt.date, dt.date]]]
    """Per official, the terms of the offices held."""


@functools.cache
def _officials() -> _Officials:
    """Names and terms of office of the officials in the packaged actor dictionary."""
    try:
        raw = resources.files("sitroom").joinpath("data", "actors.yaml").read_text("utf-8")
        data = yaml.safe_load(raw) or {}
    except (OSError, yaml.YAMLError) as exc:
        log.debug("no officials table: %s", exc)
        return _Officials(None, {}, [])
    person: dict[str, int] = {}
    terms: list[list[tuple[dt.date, dt.date]]] = []
    for entry in data.get("officials") or []:
        # Only distinctive names: a bare surname ("Mousavi") is shared by many people.
        names = [n for n in entry.get("names", []) if " " in n or "-" in n]
        held = [
            (o["from"], o["to"] if isinstance(o.get("to"), dt.date) else dt.date.max)
            for o in entry.get("offices") or []
            if isinstance(o.get("from"), dt.date)
        ]
        if not names or not held:
            continue
        for n in names:
            person.setdefault(n, len(terms))
        terms.append(held)
    if not person:
        return _Officials(None, {}, [])
    # Longest names first, so that "Ilham Aliyev Jr" is not cut to "Ilham Aliyev".
    alternation = "|".join(re.escape(n) for n in sorted(person, key=len, reverse=True))
    return _Officials(re.compile(rf"\b(?:{alternation})\b"), person, terms)


@functools.lru_cache(maxsize=4)
def office_window(text: str) -> tuple[dt.date, dt.date] | None:
    """Intersection of the terms of the officials the text names (not as 'former')."""
    officials = _officials()
    if officials.pattern is None:
        return None
    named: set[int] = set()
    for m in officials.pattern.finditer(text):
        if not _PAST_QUALIFIER.search(text, max(0, m.start() - 25), m.start()):
            named.add(officials.person[m.group()])
    if not named:
        return None
    lo, hi = dt.date.min, dt.date.max
    for who in named:
        # A person may have held several offices: the union of their terms bounds the date.
        held = officials.terms[who]
        lo = max(lo, min(s for s, _ in held))
        hi = min(hi, max(e for _, e in held))
    return (lo, hi) if lo <= hi else None


@dataclass(slots=True)
class _Mentions:
    days: list[tuple[dt.date, str]]
    months: list[tuple[int, int, str]]
    years: list[int]
    yearless_days: list[tuple[int, int, str, int]]
    """(month, day, surface, offset)"""
    weekdays: list[tuple[int, str, int]]
    """(weekday 0-6, surface, offset)"""


def _mentions(text: str) -> _Mentions:
    out = _Mentions([], [], [], [], [])
    for t in extract_times(text, None):
        if t.type not in ("DATE", "TIME"):
            continue
        value = t.value[:10]
        future = text_is_future(text, t.start, t.end) is True
        if (d := _day_of(value)) and not future:
            out.days.append((d, t.text))
        elif (m := _MONTH.match(value)) and not future:
            out.months.append((int(m[1]), int(m[2]), t.text))
        elif (m := _YEAR.match(value)) and not future:
            out.years.append(int(m[1]))
        elif (m := _YEARLESS_DAY.match(value)) and not future:
            out.yearless_days.append((int(m[1]), int(m[2]), t.text, t.start))
        elif (m := _WEEKDAY.match(t.value)) and not future:
            out.weekdays.append((int(m[1]) - 1, t.text, t.start))
    return out


def _weekday_votes(ms: _Mentions, years: Sequence[int]) -> dict[int, int]:
    """Per candidate year, how many (year-less day, nearby weekday) pairs it makes agree."""
    votes = dict.fromkeys(years, 0)
    for mo, da, _, at in ms.yearless_days:
        near = {wd for wd, _, w_at in ms.weekdays if abs(w_at - at) <= _PAIR_CHARS}
        for year in years:
            d = cal.safe_date(year, mo, da)
            if d is not None and d.weekday() in near:
                votes[year] += 1
    return votes


def _admissible(year: int, ms: _Mentions, floor: dt.date | None) -> bool:
    """Whether every year-less day may lie in ``year``: not more than a year before the
    latest known event the text names (a date given without its year is a recent one)."""
    for mo, da, _, _ in ms.yearless_days:
        d = cal.safe_date(year, mo, da)
        if d is None and (mo, da) != (2, 29):
            return False
        if d is not None and floor is not None and d <= floor - _RECENT:
            return False
    return True


def _place_yearless(
    ms: _Mentions,
    window: tuple[dt.date, dt.date] | None,
    known: Sequence[KnownMention],
    near: dt.date | None = None,
) -> tuple[list[tuple[dt.date, str]], str]:
    """Years for year-less dates: the year of a known event the text names on that day; the
    latest year the text names; else the year in which the weekdays named beside them fit;
    else the latest year inside the named officials' terms; each no more than a year before
    the latest known event named. Where several years fit and nothing tells them apart, the
    date is not guessed."""
    placed: list[tuple[dt.date, str]] = []
    landmark_days = {
        (d.month, d.day): d
        for k in known
        if k.event.precision == "day" and (d := dt.date.fromisoformat(k.event.date))
    }
    rest: list[tuple[int, int, str, int]] = []
    for mo, da, surface, at in ms.yearless_days:
        if (mo, da) in landmark_days:
            placed.append((landmark_days[mo, da], surface))
        else:
            rest.append((mo, da, surface, at))
    ms = _Mentions(ms.days, ms.months, ms.years, rest, ms.weekdays)
    floor = max((k.event.known_from for k in known), default=None)

    def place(year: int) -> list[tuple[dt.date, str]]:
        days = [(cal.safe_date(year, mo, da), surface) for mo, da, surface, _ in rest]
        return placed + [(d, surface) for d, surface in days if d is not None]

    if near is not None and rest:
        # A related report's date: each day in the year that puts it closest to that date.
        for mo, da, surface, _ in rest:
            days = [cal.safe_date(y, mo, da) for y in (near.year - 1, near.year, near.year + 1)]
            fits = [d for d in days if d is not None]
            if fits:
                placed.append((min(fits, key=lambda d: abs((d - near).days)), surface))
        return placed, f"years from a related report dated {near.isoformat()}"
    explicit = [d.year for d, _ in ms.days] + [y for y, _, _ in ms.months] + ms.years
    if explicit:
        year = max(explicit)
        return place(year), f"year {year} from the latest year the text names"
    if not rest:
        return placed, "the days of the known events it names"
    horizon = data_horizon()
    if window is None:
        years = list(range(horizon.year, horizon.year - _PAIR_YEARS, -1))
    else:
        lo, hi = window[0], min(window[1], horizon.replace(month=12, day=31))
        years = list(range(hi.year, lo.year - 1, -1))
    if floor is not None and floor.year not in years:
        years = sorted({*years, floor.year}, reverse=True)
    years = [y for y in years if _admissible(y, ms, floor)]
    votes = _weekday_votes(ms, years)
    best = max(years, key=lambda y: (votes[y], y)) if years else None
    if best is not None and votes[best] > 0:
        return place(best), f"year {best}: the weekdays named beside its days fall on them"
    if window is not None:
        lo, hi = window
        inside = [
            y
            for y in years
            if all(
                (day := cal.safe_date(y, mo, da)) is None or lo <= day <= hi
                for mo, da, _, _ in rest
            )
        ]
        if inside and (hi < dt.date.max or len(inside) == 1):
            how = f"the latest year within officials' terms ({lo.isoformat()}..{hi.isoformat()})"
            return place(inside[0]), f"year {inside[0]}: {how}"
    if floor is not None and len(years) == 1:
        return place(years[0]), f"year {years[0]}: the only one the known events named allow"
    return placed, "the days of the known events it names" if placed else ""


@functools.cache
def data_horizon() -> dt.date:
    """The newest day the packaged data knows of (an official's term or a known event
    beginning): the present as far as the dictionaries can tell."""
    days = [s for held in _officials().terms for s, _ in held]
    days += [k.known_from for k in known_events()]
    return max(days, default=dt.date(2000, 1, 1))


def _infer(text: str, today: dt.date | None, near: dt.date | None = None) -> DctInference:
    ms = _mentions(text)
    window = office_window(text)
    if window is not None and today is not None:
        window = (window[0], min(window[1], today)) if window[0] <= today else None
    # Landmarks it names ("the US-brokered ceasefire") and the officials it names in
    # office date the report too: it cannot predate them. A year-less day that names a
    # landmark ("since the October 7 attack") is that landmark's day.
    known = find_known_events(text, window=window)
    ms.yearless_days = [
        y for y in ms.yearless_days if not any(k.start <= y[3] < k.end for k in known)
    ]
    floor = max((k.event.known_from for k in known), default=None)
    placed, year_how = _place_yearless(ms, window, known, near)
    # (date, last day it may stand for, surface): a month only bounds the date to its end.
    dated: list[tuple[dt.date, dt.date, str]] = [(d, d, s) for d, s in list(ms.days) + placed]
    for y, mo, surface in ms.months:
        last = dt.date(y, mo, calendar.monthrange(y, mo)[1])
        dated.append((dt.date(y, mo, 1), last, surface))
    for k in known:
        if not k.event.background:
            kf = k.event.known_from
            dated.append((kf, kf, f"known event: {k.event.label}"))
    # The officials named in office and the landmarks named bound the report from below,
    # but the start of a term or a landmark reports go on naming for years is no day the
    # report was written: a text dating nothing after them stays undated.
    term_start = window[0] if window is not None and window[0] > dt.date.min else None
    bounds = [b for b in (term_start, floor) if b is not None]
    lower = max(bounds, default=None)
    if near is not None and not placed and (not dated or near > max(dated)[1]):
        # Nothing in the text dates it later than a related report of the same events.
        dated.append((near, near, f"a related report dated {near.isoformat()}"))
    if not dated or (lower is not None and lower > max(dated)[1] and not placed):
        if lower is None:
            return DctInference(None, None, None, True, "no dated event in the text")
        how = "known events it names" if lower == floor else "the named officials' terms"
        return DctInference(None, lower, None, True, f"undated; no earlier than {how}")
    latest, latest_end, surface = max(dated)
    evidence = [f"latest dated event {latest.isoformat()} ({surface!r})"]
    if placed:
        evidence.append(year_how)
    earliest = latest
    if floor is not None and floor > latest_end:
        latest = latest_end = earliest = floor
        evidence.append(f"no earlier than the known event it names ({floor.isoformat()})")
    # A weekday naming the day before that event ("on Saturday" beside Sunday's date) tells
    # of the eve, not of a later day.
    eve = (latest - dt.timedelta(days=1)).weekday()
    later = [(wd, s) for wd, s, _ in ms.weekdays if wd != eve]
    if later and latest == latest_end:
        firsts = [(cal.next_weekday(wd, latest, strict=False), s) for wd, s in later]
        newest, wd_surface = max(firsts)
        earliest = max(earliest, newest)
        evidence.append(f"{wd_surface!r} on or after it = {newest.isoformat()}")
    upper = max(earliest, latest_end) + dt.timedelta(days=_PUBLICATION_LAG_DAYS)
    return DctInference(earliest, earliest, upper, True, "; ".join(evidence))


def infer_dct(
    text: str, *, today: dt.date | None = None, near: dt.date | None = None
) -> DctInference:
    """The printed publication date of ``text``, else a range inferred from its content.

    ``today`` (optional) caps open-ended officials' terms; without it the result depends on
    the text alone, never on the clock. ``near`` (optional) is the date of a related report
    of the same events: it places year-less days and dates a text that dates nothing itself.
    """
    if not text:
        return DctInference(None, None, None, True, "empty text")
    text = text[:2_000_000]
    return _printed(text) or _infer(text, today, near)
