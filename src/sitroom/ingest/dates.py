"""Printed publication dates: date lines, dates in page paths, metadata strings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)\b",
        rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b",
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",
        rf"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.{_YEAR}\b",
        rf"\b{_DAY}\s+{_MONTH}(?![\w.])",
        rf"\b{_MONTH}\s+{_DAY}\b(?!:)",
    )
)
_PATH_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<mnum>[01]?\d)[/-](?P<day>[0-3]?\d)(?=[/_.-])"
)
_CLOCK = re.compile(r"\b[0-2]?\d[:.][0-5]\d\b(?:\s*[ap]\.?m\.?)?", re.IGNORECASE)
_LABEL = re.compile(
    r"\b(published|updated|posted|last modified|date|released|issued)\b", re.IGNORECASE
)
_WEEKDAY = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PrintedDate:
    """A date as printed; ``year`` is None when the page left it out ("18 Oct")."""

    month: int
    day: int
    year: int | None
    start: int
    end: int

    def to_date(self, year: int | None = None) -> dt.date | None:
        """The calendar date, using ``year`` when none was printed."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return dt.date(y, self.month, self.day)
        except ValueError:
            return None


def find_dates(text: str) -> list[PrintedDate]:
    """Every full or year-less date in ``text``, in order, without overlaps."""
    found: list[PrintedDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[m["month"].lower()]
            day = int(m["day"])
            year = int(groups["year"]) if groups.get("year") else None
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            found.append(PrintedDate(month, day, year, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def find_path_dates(text: str) -> list[dt.date]:
    """Dates written into URLs or file paths ("/2020-10-18/", "/2020/10/18/")."""
    dates: list[dt.date] = []
    for m in _PATH_DATE.finditer(text):
        try:
            dates.append(dt.date(int(m["year"]), int(m["mnum"]), int(m["day"])))
        except ValueError:
            continue
    return dates


def labelled_date(line: str) -> PrintedDate | None:
    """The date a line opens with after a label ("date 2023-10-18 <caption or text>"), a
    page stamp that may be glued to the text that follows it."""
    line = line.strip()
    label = _LABEL.match(line)
    if label is None:
        return None
    first = find_dates(line[: label.end() + 40])
    glued = bool(first) and line[label.end() : first[0].start].strip(" \t:-–—") == ""
    return first[0] if glued and first[0].year is not None else None


def is_meta_line(line: str) -> bool:
    """True for a short date/time line such as "Published: 3 May 2021, 10:15"."""
    line = line.strip()
    if not line or len(line) > 120 or line.endswith((".", "!", "?")):
        return False
    dates = find_dates(line)
    clock = _CLOCK.search(line)
    if not dates and not (clock and _LABEL.search(line)):
        return False
    starts_with_date = bool(dates) and line[: dates[0].start].strip(" \t-–—|:,") == ""
    return bool(
        clock
        or _LABEL.search(line)
        or not line[0].isalnum()
        or starts_with_date
        or _WEEKDAY.match(line)
    )


def parse_date_string(value: object) -> dt.date | None:
    """A date from a metadata value: ``date``/``datetime`` objects or ISO-like strings."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    full = [d for d in find_dates(text) if d.year is not None]
    if full:
        return full[0].to_date()
    try:  # RFC 822, as RSS writes dates
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
