"""Recognition patterns for temporal expressions and their normalisation handlers.

Each rule is a compiled regex plus a handler that turns a match into a ``Hit`` (TIMEX3
type, value and granularity) given the resolution context: the document creation time
(DCT), the last day mentioned in the paragraph, and a tense test for the clause.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitroom.extract.timex import calendar as cal
from sitroom.extract.timex.lexicon import (
    HOLIDAYS,
    MONTH_RE,
    MONTHS,
    NAMED_ZONES,
    PARTS_OF_DAY,
    QUANTITY_RE,
    SEASONS,
    UNIT_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    ZONE_OFFSETS,
    alternation,
    number_value,
    unit_of,
)


@dataclass(slots=True)
class Ctx:
    """What a handler may consult: text, DCT, paragraph anchor and a tense test."""

    text: str
    dct: dt.date | None
    anchor: dt.date | None
    is_future: Callable[[int, int], bool | None]
    """True for a future clause, False for a past one, None when the tense is unclear."""


@dataclass(slots=True)
class Hit:
    """A normalised expression before offsets and instants are attached."""

    type: str
    value: str
    granularity: str = ""
    anchor: str = "dct"
    day: dt.date | None = None
    """The day the expression denotes, when it denotes one (anchors later expressions)."""
    clock: tuple[int, int] | None = None
    zone: str | None = None
    """``UTC``, ``local``, an IANA zone name, or ``+HH:MM``; None when not stated."""


Handler = Callable[[re.Match[str], Ctx], Hit | None]

_PREPS_BEFORE_MONTH = frozenset(
    [
        "in",
        "since",
        "until",
        "till",
        "by",
        "of",
        "from",
        "to",
        "through",
        "during",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
        "past",
        "end",
        "beginning",
        "start",
        "middle",
    ]
)


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, pos - 20) : pos])
    return m.group(1).lower() if m else ""


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _weekday(name: str) -> int:
    return WEEKDAYS[name.lower().rstrip(".")]


def _year(s: str) -> int:
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 50 else 1900
    return y


def _day_hit(d: dt.date, anchor: str = "dct") -> Hit:
    return Hit("DATE", cal.day_value(d), "day", anchor, day=d)


def _relative_day_hit(ref: dt.date | None, days: int, anchor: str) -> Hit:
    if ref is None:
        return Hit("DATE", "XXXX-XX-XX", "day", "none")
    return _day_hit(ref + dt.timedelta(days=days), anchor)


def _mod_of(text: str | None) -> str:
    return " ".join(text.lower().split()) if text else ""


# ---------------------------------------------------------------- explicit dates


def _h_iso(m: re.Match[str], ctx: Ctx) -> Hit | None:
    d = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if d is None:
        return None
    if m["H"]:
        return Hit(
            "TIME",
            f"{d.isoformat()}T{m['H']}:{m['M']}",
            "time",
            day=d,
            clock=(int(m["H"]), int(m["M"])),
            zone="UTC" if m["z"] in ("Z", "+00:00", "+0000") else (m["z"] or None),
        )
    return _day_hit(d)


def _h_numeric(m: re.Match[str], ctx: Ctx) -> Hit | None:
    a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
    if m["sep"] == "." or a > 12:
        day, month = a, b
    else:
        month, day = a, b
    d = cal.safe_date(y, month, day)
    return _day_hit(d) if d else None


def _explicit_day(month: int, day: int, year_s: str | None, m: re.Match[str], ctx: Ctx) -> Hit:
    if year_s:
        d = cal.safe_date(_year(year_s), month, day)
        if d is None:
            return Hit("DATE", f"{_year(year_s):04d}-{month:02d}", "month")
        return _day_hit(d)
    ref = ctx.dct
    if ref is None:
        return Hit("DATE", f"XXXX-{month:02d}-{day:02d}", "day", "none")
    future = ctx.is_future(m.start(), m.end())
    year = cal.month_day_year(month, day, ref, bool(future))
    if future is None:
        # Unclear tense: a date a few weeks ahead beats one almost a year back.
        ahead = cal.month_day_year(month, day, ref, True)
        past_d, next_d = cal.safe_date(year, month, day), cal.safe_date(ahead, month, day)
        if past_d and next_d and (next_d - ref).days <= 92 and (ref - past_d).days > 183:
            year = ahead
    d = cal.safe_date(year, month, day) or cal.safe_date(year - 1, month, day)
    if d is None:
        return Hit("DATE", f"XXXX-{month:02d}-{day:02d}", "day", "none")
    return _day_hit(d)


def _h_mdy(m: re.Match[str], ctx: Ctx) -> Hit | None:
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    return _explicit_day(_month(m["mon"]), day, m["y"], m, ctx)


def _h_month_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", cal.month_value(_year(m["y"]), _month(m["mon"])), "month")


def _h_month(m: re.Match[str], ctx: Ctx) -> Hit | None:
    name = m["mon"]
    rel = _mod_of(m["rel"])
    ambiguous = name.rstrip(".").lower() in ("may", "march", "mar", "jan", "dec", "sept")
    if not rel and ambiguous and _word_before(ctx.text, m.start()) not in _PREPS_BEFORE_MONTH:
        return None  # the modal "may", the verb "march"
    month = _month(name)
    ref = ctx.dct
    if ref is None:
        return Hit("DATE", f"XXXX-{month:02d}", "month", "none")
    if rel in ("last", "this past", "past"):
        year = cal.month_year(month, ref, future=False, strict=True)
    elif rel in ("next", "this coming", "coming"):
        year = cal.month_year(month, ref, future=True, strict=True)
    elif rel == "this":
        year = ref.year
    else:
        future = ctx.is_future(m.start(), m.end())
        year = cal.month_year(month, ref, bool(future))
        if future is None and month > ref.month and month - ref.month <= 3:
            year = ref.year  # unclear tense: a month just ahead beats one most of a year back
    return Hit("DATE", cal.month_value(year, month), "month")


def _h_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text = ctx.text
    before = text[max(0, m.start() - 2) : m.start()]
    if re.search(r"[$€£#.,\d]$", before) or re.search(
        r"(?:No|no|number|Flight|flight)\.?\s$", text[max(0, m.start() - 8) : m.start()]
    ):
        return None
    after = text[m.end() : m.end() + 24]
    if re.match(
        r"(?:,\d|\.\d|\s*(?:%|percent\b|per\s+cent)|[-–/]\d|\s*(?:[a-z]+s|km|kg|m|ft|mph)\b"
        r"(?<!elections)(?<!olympics)(?<!games))",
        after,
    ):
        return None
    y = int(m["y"])
    mod = _mod_of(m["mod"])
    if mod in ("fiscal", "fiscal year", "fy", "financial year"):
        return Hit("DATE", f"FY{y}", "year")
    return Hit("DATE", f"{y:04d}", "year")


def _h_decade(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m["c"]:
        return Hit("DATE", f"{m['c']}{m['dd']}", "decade")
    dd = m["dd2"] or m["dd3"]
    century = "19" if int(dd) >= 2 else "20"
    return Hit("DATE", f"{century}{dd}", "decade")


def _h_holiday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    month, day = HOLIDAYS[" ".join(m["h"].lower().replace("’", "'").split())]
    return _explicit_day(month, day, m["y"], m, ctx)


# ---------------------------------------------------------------- relative dates


def _h_rel_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    w = " ".join(m["w"].lower().split())
    offset = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[w]
    hit = _relative_day_hit(ctx.dct, offset, "dct")
    pod = m["pod"].lower() if m["pod"] else ("night" if w == "tonight" else "")
    if pod:
        hit = Hit("TIME", f"{hit.value}T{PARTS_OF_DAY[pod]}", "time", hit.anchor, day=hit.day)
    return hit


def _h_pod(m: re.Match[str], ctx: Ctx) -> Hit | None:
    rel = m["rel"].lower()
    pod = m["pod"].lower()
    if rel == "this":
        base = _relative_day_hit(ctx.dct, 0, "dct")
    elif rel == "last":
        base = _relative_day_hit(ctx.dct, -1 if pod == "night" else 0, "dct")
    else:  # "that": the day last mentioned
        base = _relative_day_hit(ctx.anchor or ctx.dct, 0, "previous" if ctx.anchor else "dct")
    return Hit("TIME", f"{base.value}T{PARTS_OF_DAY[pod]}", "time", base.anchor, day=base.day)


def _h_weekday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    wd = _weekday(m["wd"])
    rel = _mod_of(m["rel"])
    ref = ctx.dct
    if ref is None:
        hit = Hit("DATE", f"XXXX-WXX-{wd + 1}", "day", "none")
    else:
        if rel in ("last", "this past", "past"):
            d = cal.past_weekday(wd, ref, strict=True)
        elif rel in ("next", "this coming", "coming"):
            d = cal.next_weekday(wd, ref, strict=True)
        elif rel == "this":
            d = ref + dt.timedelta(days=wd - ref.weekday())
        elif ctx.is_future(m.start(), m.end()):
            d = cal.next_weekday(wd, ref, strict=False)
        else:
            d = cal.past_weekday(wd, ref)
        hit = _day_hit(d)
    if m["pod"]:
        pod = PARTS_OF_DAY[m["pod"].lower()]
        return Hit("TIME", f"{hit.value}T{pod}", "time", hit.anchor, day=hit.day)
    return hit


_REL_UNITS = {
    "day": "D",
    "week": "W",
    "weekend": "WE",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "fiscal year": "Y",
    "financial year": "Y",
    "decade": "DE",
    "century": "CE",
}
_UNIT_STEP = {"D": "D", "W": "W", "WE": "W", "M": "M", "Q": "Q", "Y": "Y", "DE": "Y", "CE": "Y"}
_UNIT_MULT = {"DE": 10, "CE": 100}


def _h_rel_unit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    rel = _mod_of(m["rel"])
    unit = _REL_UNITS[_mod_of(m["u"])]
    anchored = rel.startswith(
        ("the following", "the previous", "the preceding", "that", "the same")
    )
    anchored = anchored or rel in ("later that", "earlier that", "the next") and unit == "D"
    ref = (ctx.anchor or ctx.dct) if anchored else ctx.dct
    anchor = "previous" if anchored and ctx.anchor else "dct"
    # "the past week" is a stretch of time; "the last decade" too, but "the last year" a year.
    if (rel in ("the past", "past") and unit != "WE") or (
        rel == "the last" and unit in ("DE", "CE")
    ):
        n = _UNIT_MULT.get(unit, 1)
        letter = {"D": "D", "W": "W", "M": "M", "Q": "Q"}.get(unit, "Y")
        return Hit("DURATION", f"P{n}{letter}", "")
    if ref is None:
        return Hit(
            "DATE",
            {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX"}.get(unit, "XXXX"),
            "",
            "none",
        )
    step = 0
    if rel in ("last", "the last", "previous", "the previous", "the preceding", "past", "the past"):
        step = -1
    elif rel in ("next", "the next", "the following", "coming", "the coming"):
        step = 1
    elif rel.startswith(
        ("the end of last", "the beginning of last", "the start of last", "the middle of last")
    ):
        step = -1
    elif rel.startswith(("the end of next", "the beginning of next", "the start of next")):
        step = 1
    d = cal.shift(ref, _UNIT_STEP[unit], step * _UNIT_MULT.get(unit, 1))
    if (
        unit == "WE"
        and step == 0
        and ctx.is_future(m.start(), m.end()) is False
        and ref.weekday() < 5
    ):
        d = ref - dt.timedelta(days=7)
    value, gran = cal.unit_value(d, unit)
    hit = Hit("DATE", value, gran, anchor)
    if unit == "D":
        hit.day = d
    if rel in ("the", "that") and unit in ("D",) and not ctx.anchor:
        hit.anchor = "dct"
    return hit


def _h_ago(m: re.Match[str], ctx: Ctx) -> Hit | None:
    q = number_value(m["q"])
    letter, clock, mult = unit_of(m["u"])
    direction = _mod_of(m["dir"])
    back = direction in ("ago", "earlier", "before", "previously", "prior")
    anchored = direction in ("earlier", "later", "before", "after")
    ref = (ctx.anchor or ctx.dct) if anchored else ctx.dct
    anchor = "previous" if anchored and ctx.anchor else "dct"
    if q is None or ref is None or not float(q).is_integer():
        return Hit("DATE", "PAST_REF" if back else "FUTURE_REF", "", "none")
    n = int(q) * mult * (-1 if back else 1)
    if clock:
        return _day_hit(ref, anchor)
    unit = "D" if letter in ("D", "W") else letter
    if letter == "W":
        n *= 7
    d = cal.shift(ref, unit, n)
    value, gran = cal.unit_value(d, unit if unit != "Q" else "Q")
    hit = Hit("DATE", value, gran, anchor)
    if unit == "D":
        hit.day = d
    return hit


def _h_anchored(m: re.Match[str], ctx: Ctx) -> Hit | None:
    w = " ".join(m["w"].lower().split())
    offsets = {
        "the next day": 1,
        "the following day": 1,
        "the day after": 1,
        "the previous day": -1,
        "the preceding day": -1,
        "the day before": -1,
        "the same day": 0,
        "that day": 0,
        "later that day": 0,
        "earlier that day": 0,
        "the next morning": 1,
        "the following morning": 1,
        "the next night": 1,
        "the following night": 1,
        "the previous night": -1,
        "the night before": -1,
        "that night": 0,
        "that morning": 0,
        "that evening": 0,
        "that afternoon": 0,
        "later that night": 0,
    }
    if w not in offsets:
        return None
    ref = ctx.anchor or ctx.dct
    hit = _relative_day_hit(ref, offsets[w], "previous" if ctx.anchor else "dct")
    pod = w.split()[-1]
    if pod in PARTS_OF_DAY:
        return Hit("TIME", f"{hit.value}T{PARTS_OF_DAY[pod]}", "time", hit.anchor, day=hit.day)
    return hit


def _h_quarter(m: re.Match[str], ctx: Ctx) -> Hit | None:
    ref = ctx.dct
    ordw = (m["ord"] or m["h"] or "").lower()
    is_half = bool(m["h"])
    n = (
        int(m["qn"])
        if m["qn"]
        else {
            "first": 1,
            "1st": 1,
            "second": 2,
            "2nd": 2,
            "third": 3,
            "3rd": 3,
            "fourth": 4,
            "4th": 4,
            "final": 4,
        }.get(ordw, 0)
    )
    year_s = m["y"] or m["y2"] or m["y3"]
    rel = (m["rel"] or m["rel2"] or "").lower()
    if year_s:
        year: int | None = _year(year_s)
    elif ref is None:
        year = None
    else:
        year = ref.year + {"last": -1, "next": 1}.get(rel, 0)
    if ordw == "last" and not is_half:
        if ref is None:
            return Hit("DATE", "XXXX-QX", "quarter", "none")
        prev = cal.shift(ref, "Q", -1)
        return Hit("DATE", f"{prev.year}-Q{cal.quarter_of(prev)}", "quarter")
    if year is None:
        return Hit("DATE", f"XXXX-{'H' if is_half else 'Q'}{n}", "quarter", "none")
    # A quarter not yet begun, reported in a past clause, is last year's.
    if (
        ref is not None
        and not (year_s or rel or is_half)
        and n > cal.quarter_of(ref)
        and ctx.is_future(m.start(), m.end()) is False
    ):
        year -= 1
    return Hit("DATE", f"{year:04d}-{'H' if is_half else 'Q'}{n}", "quarter")


def _h_season(m: re.Match[str], ctx: Ctx) -> Hit | None:
    s = SEASONS[m["s"].lower()]
    rel = _mod_of(m["rel"])
    if m["s"].lower() == "fall" and not (rel or m["y"]):
        return None
    if m["y"]:
        return Hit("DATE", f"{m['y']}-{s}", "season")
    ref = ctx.dct
    if ref is None:
        return Hit("DATE", f"XXXX-{s}", "season", "none")
    year = ref.year + {"last": -1, "next": 1}.get(rel, 0)
    return Hit("DATE", f"{year:04d}-{s}", "season")


def _h_early_late_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", m["y"], "year")


# ---------------------------------------------------------------- durations and sets


def _h_duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    qtext = m["q"].lower()
    unit_w = m["u"].lower()
    if qtext in ("a", "an", "one") and unit_w == "second":
        return None  # "a second term", "one second-round vote"
    if m["sep"].strip() == "" and qtext in ("a", "an") and unit_w.endswith("s"):
        return None
    fraction = qtext in ("a", "an", "one", "three") and "quarter" in unit_w
    if fraction and re.match(r"\s*,?\s*of\b", ctx.text[m.end() : m.end() + 6]):
        return None  # "a quarter of its dealers"
    before = _word_before(ctx.text, m.start())
    if qtext in ("a", "an") and before in ("once", "twice", "per", "times") and not m["mod"]:
        letter, clock, mult = unit_of(unit_w)
        return Hit("SET", f"P{'T' if clock else ''}{mult}{letter}", "")
    q = number_value(qtext)
    letter, clock, mult = unit_of(unit_w)
    if q is None:
        amount = "X"
    else:
        amount = cal.format_number(q * mult)
        if letter == "Q":
            amount, letter = cal.format_number(q * 3), "M"
            if m["u"].lower().startswith("quarter"):
                amount, letter = cal.format_number(q), "Q"
    return Hit("DURATION", f"P{'T' if clock else ''}{amount}{letter}", "")


def _h_vague_duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    letter, clock, mult = unit_of(m["u"] or m["u2"] or m["u3"])
    return Hit("DURATION", f"P{'T' if clock else ''}X{letter}", "")


_SET_WORDS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1D",
}


def _h_set_word(m: re.Match[str], ctx: Ctx) -> Hit | None:
    w = m["w"].lower()
    if w == "annual":
        return Hit("DURATION", "P1Y", "")
    return Hit("SET", _SET_WORDS[w], "")


def _h_every(m: re.Match[str], ctx: Ctx) -> Hit | None:
    u = m["u"].lower()
    if u in WEEKDAYS:
        return Hit("SET", f"XXXX-WXX-{WEEKDAYS[u] + 1}", "")
    letter, clock, mult = unit_of(u)
    return Hit("SET", f"P{'T' if clock else ''}{mult}{letter}", "")


def _h_weekday_plural(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("SET", f"XXXX-WXX-{_weekday(m['wd']) + 1}", "")


_REFS = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "the time being": "PRESENT_REF",
    "recently": "PAST_REF",
    "more recently": "PAST_REF",
    "most recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "in the past": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the foreseeable future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
}


def _h_ref(m: re.Match[str], ctx: Ctx) -> Hit | None:
    w = " ".join(m["w"].lower().split())
    if w == "in the past":
        w = "the past"
    if w == "now" and re.match(r"\s*(?:that|on\b)", ctx.text[m.end() : m.end() + 6]):
        return None
    return Hit("DATE", _REFS[w], "")


# ---------------------------------------------------------------- clock times


def _zone_of(z: str | None) -> str | None:
    if not z:
        return None
    z = " ".join(z.replace("−", "-").replace("–", "-").split())
    if re.fullmatch(r"(?i)local(?: time)?", z):
        return "local"
    off = re.fullmatch(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", z)
    if off:
        sign, hh, mm = off.group(1), int(off.group(2)), int(off.group(3) or 0)
        if hh == 0 and mm == 0:
            return "UTC"
        return f"{sign}{hh:02d}:{mm:02d}"
    if z.upper() in ZONE_OFFSETS:
        minutes = ZONE_OFFSETS[z.upper()]
        if minutes == 0:
            return "UTC"
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    named = re.fullmatch(r"(?i)(\w+) time", z)
    if named and named.group(1).lower() in NAMED_ZONES:
        return NAMED_ZONES[named.group(1).lower()]
    return None


def _h_clock(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = (m["word"] or "").lower()
    if word in ("noon", "midday"):
        hh, mm = 12, 0
    elif word == "midnight":
        hh, mm = 0, 0
    else:
        hh = int(m["h"] or m["h2"] or m["h3"] or m["h4"] or m["h5"])
        mm = int(m["mi"] or m["mi2"] or m["mi3"] or m["mi4"] or 0)
        ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm:
            if not 1 <= hh <= 12:
                return None
            hh = hh % 12 + (12 if ampm == "pm" else 0)
        if hh == 24 and mm == 0:
            hh = 0
        if not (0 <= hh <= 23 and 0 <= mm <= 59):
            return None
    zone = _zone_of(m["zone"])
    return Hit("TIME", f"T{hh:02d}:{mm:02d}", "time", clock=(hh, mm), zone=zone)


# ---------------------------------------------------------------- patterns

_Q = QUANTITY_RE
_U = UNIT_RE
_PODS = "morning|afternoon|evening|night"
_REL_UNIT_WORDS = alternation(list(_REL_UNITS))
_ZONE = (
    r"(?:\s*\(?\s*(?P<zone>(?:GMT|UTC)\s*[+−–-]\s*\d{1,2}(?::?\d{2})?|"
    + alternation(list(ZONE_OFFSETS))
    + r"|[Ll]ocal\s+time|(?:"
    + alternation([n.capitalize() for n in NAMED_ZONES])
    + r")\s+time)\b\)?)?"
)
_APPROX = (
    r"(?:(?:around|about|approximately|roughly|shortly\s+(?:before|after)"
    r"|just\s+(?:before|after))\s+)?"
)
_HOLIDAYS_RE = alternation([h.title().replace("'S", "'s") for h in HOLIDAYS])

_SPECS: list[tuple[str, str, Handler, int]] = [
    (
        "iso",
        r"(?<![\d-])(?P<y>(?:1[89]|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:[T ](?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::[0-5]\d)?"
        r"(?P<z>Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
        _h_iso,
        0,
    ),
    (
        "numeric",
        r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/]|\.\d)",
        _h_numeric,
        1,
    ),
    (
        "mdy",
        rf"(?:(?:{WEEKDAY_RE}),?\s+)?(?P<mon>{MONTH_RE})\s+(?:the\s+)?(?P<d>\d{{1,2}})"
        r"(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>(?:1[5-9]|20)\d{2})(?!\d))?",
        _h_mdy,
        0,
    ),
    (
        "dmy",
        rf"(?:(?:{WEEKDAY_RE}),?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{MONTH_RE})(?:,?\s+(?P<y>(?:1[5-9]|20)\d{{2}})(?!\d))?",
        _h_mdy,
        0,
    ),
    (
        "month_year",
        rf"(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?"
        rf"(?P<mon>{MONTH_RE})(?:\s+of)?,?\s+(?P<y>(?:1[5-9]|20)\d{{2}})(?!\d)",
        _h_month_year,
        1,
    ),
    (
        "month",
        r"(?:(?P<rel>[Tt]his\s+past|[Tt]his\s+coming|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id"
        r"|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)[\s-]+)?"
        rf"(?P<mon>{MONTH_RE})(?![\w'’-])",
        _h_month,
        2,
    ),
    (
        "year",
        r"(?:(?P<mod>[Ee]arly|[Ll]ate|[Mm]id|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of"
        r"|[Ff]iscal(?:\s+[Yy]ear)?|FY|[Ff]inancial\s+[Yy]ear)[\s-]*)?"
        r"(?<![\w'’])(?<!\d[-–])(?P<y>(?:1[5-9]|20)\d{2})(?![\w'’-]|\.\d|,\d)",
        _h_year,
        3,
    ),
    (
        "decade",
        r"(?<![\w'’])(?:(?P<c>1[5-9]|20)(?P<dd>\d)0s|['’](?P<dd2>\d)0s|(?P<dd3>[2-9])0s)\b",
        _h_decade,
        2,
    ),
    (
        "holiday",
        rf"(?P<h>{_HOLIDAYS_RE})(?:,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?",
        _h_holiday,
        2,
    ),
    (
        "rel_day",
        rf"(?i:(?:earlier\s+|later\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
        rf"|today|tonight|yesterday|tomorrow)(?:\s+(?P<pod>{_PODS}))?)\b",
        _h_rel_day,
        1,
    ),
    ("pod", rf"(?i:(?P<rel>this|last|that)\s+(?P<pod>{_PODS}))\b", _h_pod, 2),
    (
        "weekday",
        r"(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his\s+past|[Tt]his\s+coming|[Tt]his|[Cc]oming|[Pp]ast)\s+)?"
        rf"(?P<wd>{WEEKDAY_RE})(?!s\b)(?:\s+(?P<pod>{_PODS}))?\b",
        _h_weekday,
        2,
    ),
    ("weekday_plural", rf"(?P<wd>{WEEKDAY_RE})s\b", _h_weekday_plural, 3),
    (
        "rel_unit",
        r"(?i:(?P<rel>this|last|next|past|previous|coming|current|"
        r"the\s+(?:past|last|previous|next|coming|following|current|same|preceding)|that|"
        r"earlier\s+this|later\s+this|earlier\s+that|later\s+that|"
        r"the\s+(?:end|beginning|start|middle)\s+of\s+(?:this|last|next|the)|the(?=\s+weekend))\s+"
        rf"(?P<u>{_REL_UNIT_WORDS}))\b(?!-)",
        _h_rel_unit,
        2,
    ),
    (
        "ago",
        rf"(?i:(?P<q>{_Q})[\s-]+(?P<u>{_U})\s+(?P<dir>ago|earlier|later|from\s+now|hence|"
        r"previously|before(?=\s*[,.;)]|\s+that\b)|after(?=\s*[,.;)]|\s+that\b)))\b",
        _h_ago,
        1,
    ),
    (
        "anchored",
        r"(?i:(?P<w>the\s+(?:next|following|previous|preceding)\s+(?:day|morning|night)"
        r"|the\s+(?:day|night)\s+before(?=\s*[,.;)]|\s+that\b)|the\s+day\s+after(?=\s*[,.;)]|\s+that\b)"
        r"|the\s+same\s+day|(?:later\s+|earlier\s+)?that\s+"
        r"(?:day|night|morning|evening|afternoon)))\b",
        _h_anchored,
        1,
    ),
    (
        "quarter",
        r"(?i:(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+"
        r"(?:fiscal\s+|financial\s+)?quarter(?:\s+(?:of|in)\s+(?:(?P<y>(?:19|20)\d{2})"
        r"|(?P<rel>this|last|next)\s+year|the\s+year))?"
        r"|(?P<h>first|second)\s+half\s+of\s+(?:(?P<y3>(?:19|20)\d{2})|(?P<rel2>this|last|next)\s+year"
        r"|the\s+year))"
        r"|\bQ(?P<qn>[1-4])(?:\s+(?P<y2>(?:19|20)\d{2}))?)\b",
        _h_quarter,
        1,
    ),
    (
        "season",
        r"(?i:(?:(?P<rel>this\s+past|this|last|next|early|late|mid)[\s-]+)?(?:the\s+)?"
        r"(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}))?)\b",
        _h_season,
        3,
    ),
    (
        "duration",
        r"(?i:(?:(?P<mod>about|around|approximately|roughly|nearly|almost|over(?!\s+the\b)|under|just\s+over"
        r"|just\s+under|another|a\s+further|an\s+additional|the\s+entire|the\s+whole"
        r"|the\s+(?:past|last|next|first|final|coming|previous|following|remaining))\s+)?"
        rf"(?:the\s+(?:past|last|next|first|final|coming)\s+)?(?P<q>{_Q})(?P<sep>[\s-]+)"
        r"(?:(?:straight|consecutive|trading|business|working|calendar|full|long|successive|"
        rf"more)\s+)?(?P<u>{_U})(?:-(?:long|old))?)\b",
        _h_duration,
        4,
    ),
    (
        "vague_duration",
        r"(?i:(?:recent|coming|past|following|many|several|few|over\s+the)\s+"
        r"(?P<u>minutes|hours|days|weeks|months|years|decades)"
        r"|(?:for|in|within)\s+(?P<t>(?P<u2>minutes|hours|days|weeks|months|years|decades))"
        r"|(?P<u3>decades|years|months)-long)\b",
        _h_vague_duration,
        5,
    ),
    (
        "set_word",
        r"(?i:(?P<w>daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|annual))\b",
        _h_set_word,
        5,
    ),
    (
        "every",
        r"(?i:(?:every|each)\s+(?P<u>second|minute|hour|day|night|week|month|year|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
        _h_every,
        3,
    ),
    (
        "ref",
        r"(?i:(?P<w>right\s+now|currently|at\s+present|nowadays|the\s+time\s+being|more\s+recently"
        r"|most\s+recently|recently|lately|the\s+(?:near\s+|foreseeable\s+)?future|the\s+past(?=\s*(?:[,.;:)]|$)|\s+(?:is|was|and"
        r"|or|to|in|of|for|with|at|on|as|by|that|when|but)\b)"
        r"|the\s+(?:near|long|short)\s+term))\b",
        _h_ref,
        6,
    ),
    (
        "clock",
        _APPROX + r"(?:(?P<word>noon|midday|midnight)"
        r"|(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.|[ap]m\b|[AP]M\b)"
        r"|(?P<h2>[01]?\d|2[0-4]):(?P<mi2>[0-5]\d)(?::[0-5]\d)?(?:\s*(?:hrs|hours|h)\b)?"
        r"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)\s*(?:hrs|hours|h\b|(?=\s*(?:GMT|UTC|Z)\b))"
        r"|(?P<h4>[01]?\d|2[0-4])h(?P<mi4>[0-5]\d)\b"
        r"|(?P<h5>1[0-2]|[1-9])\s+o['’]clock)" + _ZONE,
        _h_clock,
        1,
    ),
]

_SPECS += [
    (
        "the_day",
        r"(?i:(?:end(?:ed|ing|s)?|finish(?:ed|es|ing)?|for|during|clos(?:e|ed|es|ing)"
        r"|start(?:ed|ing|s)?)\s+(?P<t>the\s+day)"
        r"|(?P<t2>(?:late|later|early|earlier)\s+in\s+the\s+day))\b",
        lambda m, ctx: _relative_day_hit(
            ctx.anchor or ctx.dct, 0, "previous" if ctx.anchor else "dct"
        ),
        2,
    ),
    (
        "short_year",
        r"(?i:(?:since|in|of|from|until|by|before|after)\s+(?P<t>['’](?P<yy>\d{2})))(?![\w'’])",
        lambda m, ctx: Hit("DATE", _short_year(int(m["yy"]), ctx.dct), "year"),
        3,
    ),
]


def _short_year(yy: int, ref: dt.date | None) -> str:
    """'82 -> 1982; '19 -> 2019 when the DCT is past it."""
    now = (ref.year if ref else dt.date.today().year) % 100
    return f"{2000 + yy if yy <= now + 1 else 1900 + yy:04d}"


# Word classes that every match of a rule contains: the extractor runs a rule only near
# words of its classes, which keeps extraction cheap on long texts.
_CLASS_WORDS: dict[str, list[str]] = {
    "month": list(MONTHS),
    "weekday": list(WEEKDAYS) + [w + "s" for w in WEEKDAYS if len(w) > 4],
    "unit": [
        "second",
        "seconds",
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "night",
        "nights",
        "week",
        "weeks",
        "weekend",
        "weekends",
        "fortnight",
        "fortnights",
        "month",
        "months",
        "quarter",
        "quarters",
        "year",
        "years",
        "yr",
        "yrs",
        "decade",
        "decades",
        "century",
        "centuries",
    ],
    "relday": ["today", "tonight", "yesterday", "tomorrow"],
    "pod": ["morning", "afternoon", "evening", "night", "overnight"],
    "holiday": ["christmas", "year", "independence", "valentine", "halloween", "nowruz"],
    "season": list(SEASONS),
    "setword": list(_SET_WORDS) + ["annual"],
    "every": ["every", "each"],
    "ref": [
        "now",
        "currently",
        "present",
        "nowadays",
        "time",
        "recently",
        "lately",
        "past",
        "future",
        "term",
    ],
    "clockword": ["noon", "midday", "midnight", "clock"],
    "quarter": ["quarter", "half", "q"],
}
WORD_CLASSES: dict[str, frozenset[str]] = {}
for _cls, _words in _CLASS_WORDS.items():
    for _w in _words:
        WORD_CLASSES[_w] = WORD_CLASSES.get(_w, frozenset()) | {_cls}

RULE_TRIGGERS: dict[str, frozenset[str]] = {
    "iso": frozenset({"digit"}),
    "numeric": frozenset({"digit"}),
    "mdy": frozenset({"month"}),
    "dmy": frozenset({"month"}),
    "month_year": frozenset({"month"}),
    "month": frozenset({"month"}),
    "year": frozenset({"digit"}),
    "decade": frozenset({"digit"}),
    "holiday": frozenset({"holiday"}),
    "rel_day": frozenset({"relday"}),
    "pod": frozenset({"pod"}),
    "weekday": frozenset({"weekday"}),
    "weekday_plural": frozenset({"weekday"}),
    "rel_unit": frozenset({"unit"}),
    "ago": frozenset({"unit"}),
    "anchored": frozenset({"unit", "pod"}),
    "quarter": frozenset({"quarter"}),
    "season": frozenset({"season"}),
    "duration": frozenset({"unit"}),
    "vague_duration": frozenset({"unit"}),
    "set_word": frozenset({"setword"}),
    "every": frozenset({"every"}),
    "ref": frozenset({"ref"}),
    "clock": frozenset({"digit", "clockword"}),
    "the_day": frozenset({"unit"}),
    "short_year": frozenset({"digit"}),
}

RULES: list[tuple[str, re.Pattern[str], Handler, int]] = [
    (name, re.compile(rx), handler, prio) for name, rx, handler, prio in _SPECS
]
assert set(RULE_TRIGGERS) == {name for name, *_ in _SPECS}
