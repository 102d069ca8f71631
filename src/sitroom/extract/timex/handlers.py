"""Normalisation handlers: each turns a rule's regex match into a TIMEX3 ``Hit``.

A handler sees the resolution context: the document creation time (DCT), the last day
mentioned in the paragraph, and a tense test for the clause around the expression.
"""

from __future__ import annotations

import calendar
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
    SEASONS,
    WEEKDAYS,
    ZONE_OFFSETS,
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
    anchor_month: tuple[int, int] | None = None
    """Year and month of the last expression at month precision or finer in the paragraph."""
    anchor_year: int | None = None
    """Year of the last expression naming a year (or finer) in the paragraph."""
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


# "September 14 and 18, 2010", "May and June 2011", "March 3 to April 2, 2019": a yearless
# date or month joined to a later one that names its year shares that year.
_SHARED_YEAR = re.compile(
    rf"\s*(?:-|–|and|or|to|through|until|till)\s*(?:(?:{MONTH_RE})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    r"|\d{1,2}(?:st|nd|rd|th)?),?\s+(?P<y>(?:1[5-9]|20)\d{2})(?![\w-])"
)


# "in May 2019 and June", "from October 3, 2019 to March 5": the year named just before.
_YEAR_BEFORE = re.compile(
    rf"(?P<mon>{MONTH_RE})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+(?P<y>(?:1[5-9]|20)\d{{2}}),?"
    r"\s*(?:-|–|and|or|to|through|until|till)\s*$"
)


def _shared_year(m: re.Match[str], ctx: Ctx, month: int) -> str | None:
    nxt = _SHARED_YEAR.match(ctx.text, m.end())
    if nxt:
        return nxt["y"]
    prev = _YEAR_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start())
    if prev is None:
        return None
    # "from October 2019 to March": the end of a stretch comes after its start.
    return str(int(prev["y"]) + (1 if month < _month(prev["mon"]) else 0))


def _h_mdy(m: re.Match[str], ctx: Ctx) -> Hit | None:
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    month = _month(m["mon"])
    return _explicit_day(month, day, m["y"] or _shared_year(m, ctx, month), m, ctx)


def _h_range_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """The second day of "November 19-20", "September 14 and 18, 2010": a day of that month."""
    day = int(m["d2"])
    if not 1 <= day <= 31 or day <= int(m["d"]):
        return None
    return _explicit_day(_month(m["mon"]), day, m["y"], m, ctx)


def _h_month_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", cal.month_value(_year(m["y"]), _month(m["mon"])), "month")


_YEAR_AFTER_MONTH = re.compile(r"(?:\s+of)?,?\s+(?P<rel>[Nn]ext|[Ll]ast|[Tt]his)\s+year\b")


def _h_month(m: re.Match[str], ctx: Ctx) -> Hit | None:
    name = m["mon"]
    rel = _mod_of(m["rel"])
    ambiguous = name.rstrip(".").lower() in ("may", "march", "mar", "jan", "dec", "sept")
    if not rel and ambiguous and _word_before(ctx.text, m.start()) not in _PREPS_BEFORE_MONTH:
        return None  # the modal "may", the verb "march"
    month = _month(name)
    shared = None if rel else _shared_year(m, ctx, month)
    if shared:
        return Hit("DATE", cal.month_value(int(shared), month), "month")
    ref = ctx.dct
    if ref is None:
        return Hit("DATE", f"XXXX-{month:02d}", "month", "none")
    year_rel = _YEAR_AFTER_MONTH.match(ctx.text, m.end())
    if year_rel and not rel:
        # "October of next year": the month, in the year the next expression names.
        year = ref.year + {"next": 1, "last": -1}.get(year_rel["rel"].lower(), 0)
    elif rel in ("last", "this past", "past"):
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


# Words that number things rather than date them: "resolution 1701", "flight 1549".
_NUMBERED = re.compile(
    r"(?i:\b(?:no|number|flight|resolution|article|decree|law|order|route|highway|road|code"
    r"|unit|brigade|division|regiment|battalion|room|page|item|model|type|rule|point|bus)"
    r"\.?\s+(?:no\.?\s+)?)$"
)


# After these a number before a plural noun is still a year: "in 2008 sales fell".
_YEAR_PREPS = frozenset({"in", "since", "during", "until", "till", "through", "throughout"})


def _h_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    text = ctx.text
    before = text[max(0, m.start() - 2) : m.start()]
    if re.search(r"[$€£#.,\d]$", before) or _NUMBERED.search(
        text, max(0, m.start() - 14), m.start()
    ):
        return None
    after = text[m.end() : m.end() + 24]
    mod = _mod_of(m["mod"])
    # "2008-2009": two years; "2008-09", "1500-2000 troops" and "2000 troops" are not.
    span_of_years = re.match(r"[-–](?P<y2>(?:1[5-9]|20)\d\d)(?!\d)", after)
    if span_of_years and not int(m["y"]) < int(span_of_years["y2"]) <= int(m["y"]) + 100:
        return None
    if re.match(r"\s+[Ii]ndex\b", after):
        return None  # "the Russell 2000 Index"
    count = r"\s*(?:[a-z]+s|km|kg|m|ft|mph)\b(?<!elections)(?<!olympics)(?<!games)"
    if re.match(
        r"(?:,\d|\.\d|\s*(?:%|percent\b|per\s+cent)|[/]\d|[-–](?!(?:1[5-9]|20)\d\d(?!\d))\d"
        + ("" if mod or _word_before(text, m.start()) in _YEAR_PREPS else "|" + count)
        + ")",
        after,
    ):
        return None
    y = int(m["y"])
    if mod in ("fiscal", "fiscal year", "fy", "financial year"):
        return Hit("DATE", f"FY{y}", "year")
    return Hit("DATE", f"{y:04d}", "year")


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
_ORDINAL_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}


def _h_century(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """ "the 19th century" is TIMEX3 "18", "the twenty-first century" "20"."""
    word = " ".join(m["n"].lower().replace("-", " ").split())
    n = int(word[:-2]) if word[0].isdigit() else _ORDINAL_WORDS.get(word, 0)
    if word == "twenty first":
        n = 21
    if not 1 <= n <= 21:
        return None
    return Hit("DATE", f"{n - 1:02d}", "century")


def _h_decade(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m["wd"]:
        # "the seventies": the 1970s unless the DCT is early in a century past them.
        return Hit("DATE", f"19{_DECADE_WORDS[m['wd'].lower()]}", "decade")
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


# Days named for what happened on them ("Black Monday", "Good Friday", "Super Tuesday")
# are not the weekday nearest the DCT.
_NAMED_DAY = re.compile(r"\b(?:Black|Good|Cyber|Bloody|Ash|Holy|Super|Palm|Maundy|Shrove)\s+$")


def _h_weekday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if _NAMED_DAY.search(ctx.text, max(0, m.start() - 8), m.start()):
        return None
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


REL_UNITS = {
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
    rel = "the previous" if m["after"] else _mod_of(m["rel"])
    rel = re.sub(r"^(?:early|late|mid)[\s-]+", "", rel)  # "late last year": last year's end
    unit = REL_UNITS[_mod_of(m["u"] or m["u2"])]
    rel = "the previous" if rel == "the prior" else rel
    # "the entire year", "the whole year": the year the text last named, as "that year".
    rel = "that" if rel in ("the entire", "the whole", "the full") else rel
    anchored = rel.startswith(
        ("the following", "the previous", "the preceding", "that", "the same")
    )
    anchored = anchored or rel in ("later that", "earlier that", "the next") and unit == "D"
    ref = (ctx.anchor or ctx.dct) if anchored else ctx.dct
    anchor = "previous" if anchored and ctx.anchor else "dct"
    if anchored and unit == "Y" and ctx.anchor_year is not None and ref is not None:
        # "last year ... the previous year": the year before the one last named.
        ref = dt.date(ctx.anchor_year, 7, 1)
        anchor = "previous"
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
    if clock and q is not None and ref is not None:
        return _day_hit(ref, anchor)  # "half an hour later": the same day
    if q is None or ref is None or not float(q).is_integer():
        return Hit("DATE", "PAST_REF" if back else "FUTURE_REF", "", "none")
    n = int(q) * mult * (-1 if back else 1)
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
    ordw = (m["ord"] or m["h"] or m["h2"] or "").lower()
    is_half = bool(m["h"] or m["h2"])
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
    # A quarter (or, named alone, a half) not yet begun, told in a past clause, is last year's.
    if (
        ref is not None
        and not (year_s or rel or m["h"])
        and n > (cal.quarter_of(ref) if not is_half else 1 + (ref.month > 6))
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


# ---------------------------------------------------------------- durations and sets


# An amount just before "a year", "a day": a rate ("15 a year", "$40,000 a year", "2% a month").
_AMOUNT_BEFORE = re.compile(
    r"(?<![\w.,])(?!(?:1[89]|20)\d\d\s)[$€£]?\d[\d,.]*(?:\s*(?:%|percent|per\s+cent|million|billion|bn))?"
    r"\s+$",
    re.IGNORECASE,
)


def _h_duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m["u"][0].isupper() and re.match(r"\s+War\b", ctx.text[m.end() : m.end() + 5]):
        return None  # the name of a war: "the Six-Day War"
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
    rate = before in ("once", "twice", "per", "times") or _AMOUNT_BEFORE.search(
        ctx.text, max(0, m.start() - 30), m.start()
    )
    if qtext in ("a", "an") and rate and not m["mod"]:
        letter, clock, mult = unit_of(unit_w)
        return Hit("SET", f"P{'T' if clock else ''}{mult}{letter}", "")
    q = number_value(qtext)
    if q is not None and m["half"]:
        q += 0.5  # "a year and a half"
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


def _h_range_duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """The first count of "between 60 and 90 days", "10 to 15 minutes": P60D, PT10M."""
    q = number_value(m["q"])
    if q is None or m["q"].lower() in ("a", "an"):
        return None
    letter, clock, mult = unit_of(m["u"])
    return Hit("DURATION", f"P{'T' if clock else ''}{cal.format_number(q * mult)}{letter}", "")


def _h_vague_duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    letter, clock, mult = unit_of(m["u"] or m["u2"] or m["u3"] or m["u4"])
    return Hit("DURATION", f"P{'T' if clock else ''}X{letter}", "")


SET_WORDS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1D",
}


_YEAR_AMOUNT = re.compile(
    r"\s+(?:(?:net|gross|operating|pre-tax|pretax|record|first|second|third|combined|total)\s+)*"
    r"(?:profits?|loss(?:es)?|revenues?|sales|earnings|income|turnover|budgets?|output"
    r"|deficits?|surplus(?:es)?|spending|growth|inflation|rate|salary|salaries|wages?|pay"
    r"|production|exports?|imports?|capacity|costs?|interest|returns?|rainfall)\b",
    re.IGNORECASE,
)


def _h_rate(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """ "twice a year", "three times a week": a set with the unit's period (TimeML: P1Y, P1W)."""
    letter, clock, mult = unit_of(m["u"].lower())
    return Hit("SET", f"P{'T' if clock else ''}{mult}{letter}", "")


def _h_set_word(m: re.Match[str], ctx: Ctx) -> Hit | None:
    w = m["w"].lower()
    if w == "annual":
        # An amount over one year ("annual profit", "an annual loss") is a one-year
        # duration; a recurring thing ("the annual conference") is a set, like "annually".
        if _YEAR_AMOUNT.match(ctx.text, m.end()):
            return Hit("DURATION", "P1Y", "")
        return Hit("SET", "P1Y", "")
    return Hit("SET", SET_WORDS[w], "")


def _h_every(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """ "every Monday" XXXX-WXX-1, "each September" XXXX-09, "every summer" XXXX-SU,
    "every morning" XXXX-XX-XXTMO, "every two weeks" P2W, "each season" P3M."""
    u = m["u"].lower()
    n_word = (m["n"] or "").lower()
    if u in WEEKDAYS:
        return Hit("SET", f"XXXX-WXX-{WEEKDAYS[u] + 1}", "")
    if u in MONTHS:
        return Hit("SET", f"XXXX-{MONTHS[u]:02d}", "")
    if u in SEASONS:
        return Hit("SET", f"XXXX-{SEASONS[u]}", "")
    if u in PARTS_OF_DAY:
        return Hit("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[u]}", "")
    if u == "weekend":
        return Hit("SET", "XXXX-WXX-WE", "")
    n = 2 if n_word == "other" else (number_value(n_word) if n_word else 1)
    if n is None or (u.endswith("s") and n == 1 and n_word != "other"):
        return None  # "each days", "every one hours": not an expression
    if u.startswith("season"):
        return Hit("SET", f"P{cal.format_number(3 * n)}M", "")
    letter, clock, mult = unit_of(u)
    return Hit("SET", f"P{'T' if clock else ''}{cal.format_number(n * mult)}{letter}", "")


def _h_weekday_plural(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("SET", f"XXXX-WXX-{_weekday(m['wd']) + 1}", "")


_REFS = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the moment": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "the time being": "PRESENT_REF",
    "recently": "PAST_REF",
    "recent": "PAST_REF",
    "current": "PRESENT_REF",
    "soon": "FUTURE_REF",
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
    if w == "very soon":
        w = "soon"
    if w.endswith(" ago") or w.startswith("recent "):
        return Hit("DATE", "PAST_REF", "")  # "years ago", "in recent years" (TimeML: a past date)
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
        hh = int(m["h"] or m["h2"] or m["h3"] or m["h4"] or m["h5"] or m["h6"])
        mm = int(m["mi"] or m["mi2"] or m["mi3"] or m["mi4"] or m["mi6"] or 0)
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


def _h_the_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return _relative_day_hit(ctx.anchor or ctx.dct, 0, "previous" if ctx.anchor else "dct")


def _h_short_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'82 -> 1982; '19 -> 2019 when the DCT is past it (pivot 30 without a DCT)."""
    yy = int(m["yy"])
    now = ctx.dct.year % 100 if ctx.dct else 30
    return Hit("DATE", f"{2000 + yy if yy <= now + 1 else 1900 + yy:04d}", "year")


def _h_same_period(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """ "the same month a year ago": the month last mentioned, one year back."""
    unit = m["u"].lower()
    if ctx.anchor_month is not None and unit in ("period", "month", "quarter"):
        year, month = ctx.anchor_month
        if unit == "quarter":
            return Hit("DATE", f"{year - 1:04d}-Q{(month - 1) // 3 + 1}", "quarter", "previous")
        return Hit("DATE", cal.month_value(year - 1, month), "month", "previous")
    if unit == "day" and ctx.anchor is not None:
        d = cal.shift(ctx.anchor, "Y", -1)
        return Hit("DATE", d.isoformat(), "day", "previous", day=d)
    if ctx.dct is None:
        return Hit("DATE", "XXXX", "year", "none")
    return Hit("DATE", f"{ctx.dct.year - 1:04d}", "year")


_WEEK_ORDINALS = {"first": 4, "second": 11, "third": 18, "fourth": 25}


def _h_week_of(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """ "the last week of March": the ISO week holding most of that stretch of the month."""
    month = _month(m["mon"])
    if m["y"]:
        year = int(m["y"])
    elif ctx.dct is not None:
        future = ctx.is_future(m.start(), m.end())
        year = cal.month_year(month, ctx.dct, bool(future))
    else:
        return Hit("DATE", f"XXXX-{month:02d}", "month", "none")
    ordinal = m["ord"].lower()
    if ordinal in ("last", "final"):
        day = calendar.monthrange(year, month)[1] - 3
    else:
        day = _WEEK_ORDINALS[ordinal]
    return Hit("DATE", cal.week_value(dt.date(year, month, day)), "week")


HANDLERS: dict[str, Handler] = {
    "iso": _h_iso,
    "numeric": _h_numeric,
    "mdy": _h_mdy,
    "dmy": _h_mdy,
    "range_day": _h_range_day,
    "month_year": _h_month_year,
    "month": _h_month,
    "year": _h_year,
    "decade": _h_decade,
    "century": _h_century,
    "holiday": _h_holiday,
    "rel_day": _h_rel_day,
    "pod": _h_pod,
    "weekday": _h_weekday,
    "weekday_plural": _h_weekday_plural,
    "rel_unit": _h_rel_unit,
    "ago": _h_ago,
    "anchored": _h_anchored,
    "quarter": _h_quarter,
    "season": _h_season,
    "duration": _h_duration,
    "rate": _h_rate,
    "vague_duration": _h_vague_duration,
    "range_duration": _h_range_duration,
    "set_word": _h_set_word,
    "every": _h_every,
    "ref": _h_ref,
    "clock": _h_clock,
    "the_day": _h_the_day,
    "short_year": _h_short_year,
    "same_period": _h_same_period,
    "week_of": _h_week_of,
}
