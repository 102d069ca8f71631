"""Calendar arithmetic and TIMEX3 value formatting."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """The (year, month) n months after year-month (n may be negative)."""
    idx = year * 12 + (month - 1) + n
    return idx // 12, idx % 12 + 1


def add_months_to_date(d: dt.date, n: int) -> dt.date:
    """The same day of month n months later, clipped to the month's last day."""
    y, m = add_months(d.year, d.month, n)
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts name no real day (31 June, 29 February 2021)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def day_value(d: dt.date) -> str:
    """TIMEX3 value of a day."""
    return d.isoformat()


def week_value(d: dt.date) -> str:
    """TIMEX3 value of the ISO week containing d."""
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def month_value(year: int, month: int) -> str:
    """TIMEX3 value of a month."""
    return f"{year:04d}-{month:02d}"


def quarter_of(d: dt.date) -> int:
    """Calendar quarter (1-4) of a date."""
    return (d.month - 1) // 3 + 1


def past_weekday(wd: int, ref: dt.date, strict: bool = False) -> dt.date:
    """The most recent day with weekday wd on or before ref (strictly before if strict)."""
    delta = (ref.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return ref - dt.timedelta(days=delta)


def next_weekday(wd: int, ref: dt.date, strict: bool = True) -> dt.date:
    """The next day with weekday wd after ref (on or after if not strict)."""
    delta = (wd - ref.weekday()) % 7
    if strict and delta == 0:
        delta = 7
    return ref + dt.timedelta(days=delta)


def month_day_year(month: int, day: int, ref: dt.date, future: bool) -> int:
    """Year for a year-less month-day: closest on/before ref, or on/after it in the future."""
    if future:
        return ref.year if (month, day) >= (ref.month, ref.day) else ref.year + 1
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def month_year(month: int, ref: dt.date, future: bool, strict: bool = False) -> int:
    """Year for a bare month name relative to ref (``strict`` excludes ref's own month)."""
    if future:
        if strict:
            return ref.year if month > ref.month else ref.year + 1
        return ref.year if month >= ref.month else ref.year + 1
    if strict:
        return ref.year if month < ref.month else ref.year - 1
    return ref.year if month <= ref.month else ref.year - 1


def shift(d: dt.date, unit: str, n: int) -> dt.date:
    """d moved by n units (D, W, M, Q, Y)."""
    if unit == "D":
        return d + dt.timedelta(days=n)
    if unit == "W":
        return d + dt.timedelta(weeks=n)
    if unit == "M":
        return add_months_to_date(d, n)
    if unit == "Q":
        return add_months_to_date(d, 3 * n)
    return add_months_to_date(d, 12 * n)


def unit_value(d: dt.date, unit: str) -> tuple[str, str]:
    """TIMEX3 value and granularity of the calendar unit (D, W, M, Q, Y...) containing d."""
    if unit == "D":
        return day_value(d), "day"
    if unit == "W":
        return week_value(d), "week"
    if unit == "WE":
        return week_value(d) + "-WE", "week"
    if unit == "M":
        return month_value(d.year, d.month), "month"
    if unit == "Q":
        return f"{d.year:04d}-Q{quarter_of(d)}", "quarter"
    if unit == "H":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}", "half"
    if unit == "DE":
        return f"{d.year // 10:03d}", "decade"
    if unit == "CE":
        return f"{d.year // 100:02d}", "century"
    return f"{d.year:04d}", "year"


def format_number(n: float) -> str:
    """1.0 -> '1', 2.5 -> '2.5' (TIMEX3 duration quantities)."""
    return str(int(n)) if float(n).is_integer() else f"{n:g}"
