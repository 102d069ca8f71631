"""Word tables and regex fragments for English temporal expressions."""

from __future__ import annotations

import re

from sitroom.extract.numbers import CARDINALS

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}

NUMBER_WORDS: dict[str, float] = {
    **{k: v for k, v in CARDINALS.items() if v},
    "a": 1,
    "an": 1,
    "hundred": 100,
    "a hundred": 100,
    "a couple of": 2,
    "a dozen": 12,
    "half a": 0.5,
    "single": 1,
    "half an": 0.5,
}

# Quantities that name no number: the value gets an X ("PXY").
VAGUE_QUANTITIES = ("a few", "few", "several", "many", "some", "dozens of", "hundreds of")

ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}

# unit word -> (TIMEX3 duration letter, is a clock unit, multiplier)
UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1),
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "night": ("D", False, 1),
    "week": ("W", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("Q", False, 1),
    "year": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
}

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "autumn": "FA",
    "fall": "FA",
    "winter": "WI",
}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
}

# Fixed holidays: month, day.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "independence day": (7, 4),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "nowruz": (3, 21),
}

# Zone abbreviations -> UTC offset in minutes (standard usage in news copy).
ZONE_OFFSETS: dict[str, int] = {
    "GMT": 0,
    "UTC": 0,
    "Z": 0,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "IRST": 210,
    "IRDT": 270,
    "AZT": 240,
    "AMT": 240,
    "GST": 240,
    "IST": 330,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "JST": 540,
}

# City or country adjectives used as "Moscow time", "Tehran time", "Baku time".
NAMED_ZONES: dict[str, str] = {
    "moscow": "Europe/Moscow",
    "tehran": "Asia/Tehran",
    "iran": "Asia/Tehran",
    "baku": "Asia/Baku",
    "yerevan": "Asia/Yerevan",
    "ankara": "Europe/Istanbul",
    "istanbul": "Europe/Istanbul",
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "beijing": "Asia/Shanghai",
    "tokyo": "Asia/Tokyo",
    "london": "Europe/London",
    "paris": "Europe/Paris",
    "washington": "America/New_York",
    "eastern": "America/New_York",
    "pacific": "America/Los_Angeles",
}


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of the words, longest first so prefixes never win."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def cased(words: list[str]) -> str:
    """Alternation accepting Title case and UPPER case spellings only."""
    forms: list[str] = []
    for w in words:
        forms += [w.capitalize(), w.upper()]
    return alternation(forms)


_FULL_MONTHS = [m for m in MONTHS if (len(m) > 3 or m == "may") and m != "sept"]
_ABBR_MONTHS = [m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")]

# "Jan." and "Sept." need the abbreviation dot or a following digit to count.
MONTH_RE = rf"(?:{cased(_FULL_MONTHS)}|(?:{cased(_ABBR_MONTHS)})(?:\.|(?=\s+\d)))"
# Month names other than the modal "May" and the verb "March" when no day or year follows.
# After a day number an abbreviation needs no dot: "18 Oct".
MONTH_AFTER_DAY_RE = rf"(?:{cased(_FULL_MONTHS)}|(?:{cased(_ABBR_MONTHS)})\.?(?![A-Za-z]))"
SAFE_MONTH_RE = rf"(?:{cased([m for m in _FULL_MONTHS if m not in ('may', 'march')])})"
WEEKDAY_RE = rf"(?:{cased([w for w in WEEKDAYS if len(w) > 4])})"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
NUMBER_WORD_RE = (
    rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_TEENS}|{_ONES}|a\s+hundred|hundred"
    r"|a\s+couple\s+of|a\s+dozen|half\s+an?|single|an?)"
)
VAGUE_RE = alternation(list(VAGUE_QUANTITIES))
QUANTITY_RE = (
    rf"(?:\d+(?:\.\d+|\s+1/2|-1/2|½)?|(?:{NUMBER_WORD_RE})(?:\s+and\s+a\s+half)?|{VAGUE_RE})"
)
UNIT_RE = (
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?"
    r"|quarters?|years?|yrs?|decades?|centuries|century)"
)


def number_value(word: str) -> float | None:
    """Numeric value of a quantity word or digits; None for vague quantities."""
    w = " ".join(word.lower().replace("-", " ").split())
    if not w:
        return None
    half = 0.0
    for tail in (" and a half", " 1/2", "½"):
        if w.endswith(tail):
            half = 0.5
            w = w[: -len(tail)].strip()
            break
    try:
        return float(w) + half
    except ValueError:
        pass
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w] + half
    parts = w.split()
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]] + half
    return None


def unit_of(word: str) -> tuple[str, bool, int]:
    """TIMEX3 letter, clock flag and multiplier for a unit word such as ``weeks``."""
    w = word.lower()
    if w in ("centuries",):
        return UNITS["century"]
    if w.startswith(("min",)):
        return UNITS["minute"]
    if w.startswith(("hr",)):
        return UNITS["hour"]
    if w.startswith("yr"):
        return UNITS["year"]
    w = w[:-1] if w.endswith("s") else w
    return UNITS[w]
