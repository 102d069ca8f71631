"""Recognition rules for temporal expressions: a regex, a handler and a priority each.

Ties between overlapping matches go to the longer match, then to the lower priority
number. Each rule also names the word classes its matches contain, so the extractor scans
only the text around such words.
"""

from __future__ import annotations

import re

from sitroom.extract.timex.handlers import HANDLERS, REL_UNITS, SET_WORDS, Handler
from sitroom.extract.timex.lexicon import (
    HOLIDAYS,
    MONTH_AFTER_DAY_RE,
    MONTH_RE,
    MONTHS,
    NAMED_ZONES,
    NUMBER_WORD_RE,
    QUANTITY_RE,
    SEASONS,
    UNIT_RE,
    WEEKDAY_RE,
    WEEKDAYS,
    ZONE_OFFSETS,
    alternation,
)

_Q = QUANTITY_RE
_U = UNIT_RE
_PODS = "morning|afternoon|evening|night"
_REL_UNIT_WORDS = alternation(list(REL_UNITS))
_ZONE = (
    r"(?:\s*(?P<zparen>\()?\s*(?P<zone>(?:GMT|UTC)\s*[+−–-]\s*\d{1,2}(?::?\d{2})?|"
    + alternation(list(ZONE_OFFSETS))
    + r"|[Ll]ocal\s+time|(?:"
    + alternation([n.capitalize() for n in NAMED_ZONES])
    + r")\s+time)\b(?(zparen)\s*\)))?"
)
_APPROX = (
    r"(?:(?:around|about|approximately|roughly|shortly\s+(?:before|after)"
    r"|just\s+(?:before|after))\s+)?"
)
# "a month earlier", "two years later": counted from some other time, not the DCT, these
# are the lengths of time (DURATION "a month", P1M); "three days later" stays a day.
_NOT_LONG = (
    "".join(rf"(?<!{u}\s)(?<!{u}s\s)" for u in ("month", "quarter", "year", "decade"))
    + r"(?<!century\s)(?<!centuries\s)"
)
_HOLIDAYS_RE = alternation([h.title().replace("'S", "'s") for h in HOLIDAYS])

_SPECS: list[tuple[str, str, int]] = [
    (
        "iso",
        r"(?<![\d-])(?P<y>(?:1[89]|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:[T ](?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::[0-5]\d)?"
        r"(?P<z>Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
        0,
    ),
    (
        "numeric",
        r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/]|\.\d)",
        1,
    ),
    (
        "mdy",
        rf"(?:(?:{WEEKDAY_RE}),?[^\S\n]+)?(?P<mon>{MONTH_RE})\s+(?:the\s+)?(?P<d>\d{{1,2}})"
        r"(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>(?:1[5-9]|20)\d{2})(?!\d))?",
        0,
    ),
    (
        "range_day",
        rf"(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|\s(?:and|or|to|through)\s)"
        r"\s*(?P<t>(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?![\d:.,]\d)(?!\s*(?:%|percent|[a-z]))"
        r"(?:,?\s+(?P<y>(?:1[5-9]|20)\d{2})(?!\d))?)",
        0,
    ),
    (
        "dmy",
        rf"(?:(?:{WEEKDAY_RE}),?[^\S\n]+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{MONTH_AFTER_DAY_RE})(?:,?\s+(?P<y>(?:1[5-9]|20)\d{{2}})(?!\d))?",
        0,
    ),
    (
        "month_year",
        rf"(?:(?:early|late|mid|the\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?"
        rf"(?P<mon>{MONTH_RE})(?:\s+of)?,?\s+(?P<y>(?:1[5-9]|20)\d{{2}})(?!\d)",
        1,
    ),
    (
        "month",
        r"(?:(?P<rel>[Tt]his\s+past|[Tt]his\s+coming|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id"
        r"|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of)[\s-]+)?"
        rf"(?P<mon>{MONTH_RE})(?![\w'’-])",
        2,
    ),
    (
        "year",
        r"(?:(?P<mod>[Ee]arly|[Ll]ate|[Mm]id|(?:[Tt]he\s+)?(?:end|beginning|start|middle)\s+of"
        r"|[Ff]iscal(?:\s+[Yy]ear)?|FY|[Ff]inancial\s+[Yy]ear)[\s-]*)?"
        r"(?<![\w'’])(?:(?<!\d[-–])|(?<=(?<!\d)(?:1[5-9]|20)\d\d[-–]))(?P<y>(?:1[5-9]|20)\d{2})"
        r"(?![\w'’]|-(?!(?:1[5-9]|20)\d\d(?!\d))|\.\d|,\d)",
        3,
    ),
    (
        "decade",
        r"(?:(?:[Ee]arly|[Ll]ate|[Mm]id)[\s-]+(?=\d))?"
        r"(?<![\w'’])(?:(?P<c>1[5-9]|20)(?P<dd>\d)0s|['’](?P<dd2>\d)0s|(?P<dd3>[2-9])0s"
        r"|(?<=[Tt]he\s)(?:(?:early|late|mid)[\s-]+)?(?P<wd>(?i:twenties|thirties|forties|fifties"
        r"|sixties|seventies|eighties|nineties)))\b",
        2,
    ),
    (
        "holiday",
        rf"(?P<h>{_HOLIDAYS_RE})(?:,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?",
        2,
    ),
    (
        "rel_day",
        rf"(?i:(?:earlier\s+|later\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow"
        rf"|today|tonight|yesterday|tomorrow)(?:\s+(?P<pod>{_PODS}))?)\b",
        1,
    ),
    ("pod", rf"(?i:(?P<rel>this|last|that)\s+(?P<pod>{_PODS}))\b", 2),
    (
        "weekday",
        r"(?:(?:[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)\s+(?=[A-Z]))?"
        r"(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his\s+past|[Tt]his\s+coming|[Tt]his|[Cc]oming|[Pp]ast)\s+)?"
        rf"(?P<wd>{WEEKDAY_RE})(?!s\b)(?:\s+(?P<pod>{_PODS}))?\b",
        2,
    ),
    ("weekday_plural", rf"(?P<wd>{WEEKDAY_RE})s\b", 3),
    (
        "rel_unit",
        # "late last year", "early next month": the modifier is part of the expression.
        r"(?i:(?P<rel>(?:early|late|mid)[\s-]+(?:this|last|next)|this|last|next|past|previous|coming|current|"
        r"the\s+(?:past|last|previous|next|coming|following|current|same|preceding|prior)|that|"
        r"the\s+(?:entire|whole|full)(?=\s+year\b)|"
        r"earlier\s+this|later\s+this|earlier\s+that|later\s+that|"
        r"the\s+(?:end|beginning|start|middle)\s+of\s+(?:this|last|next|the)|the(?=\s+weekend))\s+"
        rf"(?P<u>{_REL_UNIT_WORDS})"
        # "the year before", "the year previous": the one before the year last named.
        r"|(?P<the>the)\s+(?P<u2>year|month|week)\s+(?P<after>before|previous|earlier|prior)"
        r"(?=\s*[,.;)]|\s+(?:that|and|or|when|but)\b))\b(?!-)",
        2,
    ),
    (
        "ago",
        rf"(?i:(?P<q>{_Q})[\s-]+(?P<u>{_U})\s+(?P<dir>ago|from\s+now|hence|{_NOT_LONG}"
        r"(?:earlier|later|previously|before(?=\s*[,.;)]|\s+that\b)|after(?=\s*[,.;)]|\s+that\b))))\b"
        r"(?!\s+than\b)",
        1,
    ),
    (
        "anchored",
        r"(?i:(?P<w>the\s+(?:next|following|previous|preceding)\s+(?:day|morning|night)"
        r"|the\s+(?:day|night)\s+before(?=\s*[,.;)]|\s+that\b)|the\s+day\s+after(?=\s*[,.;)]|\s+that\b)"
        r"|the\s+same\s+day|(?:later\s+|earlier\s+)?that\s+"
        r"(?:day|night|morning|evening|afternoon)))\b",
        1,
    ),
    (
        "quarter",
        r"(?i:(?:the\s+)?(?:(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+"
        r"(?:fiscal\s+|financial\s+)?quarter(?:\s+(?:of|in)\s+(?:(?P<y>(?:19|20)\d{2})"
        r"|(?P<rel>this|last|next)\s+year|the\s+year))?"
        r"|(?P<h>first|second)\s+half\s+of\s+(?:(?P<y3>(?:19|20)\d{2})|(?P<rel2>this|last|next)\s+year"
        r"|the\s+year)"
        # "the second half" alone: of the year in question ("of the match" is no date).
        r"|(?<=the\s)(?P<h2>first|second)\s+half(?![\w-]|\s+of\b))"
        r"|\bQ(?P<qn>[1-4])(?:\s+(?P<y2>(?:19|20)\d{2}))?)\b",
        1,
    ),
    (
        "season",
        r"(?i:(?:(?P<rel>this\s+past|this|last|next|early|late|mid)[\s-]+)?(?:the\s+)?"
        r"(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d{2}))?)\b",
        3,
    ),
    (
        "duration",
        r"(?i:(?:(?P<mod>about|around|approximately|roughly|nearly|almost|over(?!\s+the\b)|under|just\s+over"
        r"|just\s+under|another|a\s+further|an\s+additional|the\s+entire|the\s+whole"
        r"|the\s+(?:past|last|next|first|final|coming|previous|following|remaining))\s+)?"
        rf"(?:the\s+(?:past|last|next|first|final|coming)\s+)?(?P<q>{_Q})(?P<sep>[\s-]+)"
        r"(?:(?:straight|consecutive|trading|business|working|calendar|full|long|successive|"
        rf"more)\s+)?(?P<u>{_U})(?:-(?:long|old)|(?P<half>\s+and\s+a\s+half))?)\b",
        4,
    ),
    (
        "range_duration",
        rf"(?i:(?<![\w.,$])(?P<t>(?P<q>\d+|{NUMBER_WORD_RE}))\s*(?:-|–|\s(?:to|and|or)\s)\s*"
        rf"(?:\d+|{NUMBER_WORD_RE})[\s-]+(?P<u>{_U}))\b",
        4,
    ),
    (
        "vague_duration",
        r"(?i:(?:coming|past|following|many|several|few|over\s+the)\s+"
        r"(?P<u>minutes|hours|days|weeks|months|years|decades)"
        r"|(?:for|in|within|took|takes?|taking|lasted|lasts|lasting|spent|spends?|spending)\s+"
        r"(?:just\s+|only\s+|mere\s+)?(?P<t>(?P<u2>minutes|hours|days|weeks|months|years|decades))"
        r"|(?P<u3>decades|years|months)-long"
        # "Days after the strike", "just hours before": a stretch of unstated length.
        r"|(?:(?<![\w,;] )(?<![\w,;-])|(?:just|only|mere|barely|mere|some)\s+)"
        r"(?P<t2>(?P<u4>minutes|hours|days|weeks|months|years))"
        r"(?=\s+(?:after|before|later|earlier|into)\b))\b",
        5,
    ),
    (
        "rate",
        r"(?i:(?:once|twice|thrice|(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|several"
        r"|many)\s+times)\s+(?:a|an|per|each)\s+"
        r"(?P<u>second|minute|hour|day|night|week|month|quarter|year|decade))\b",
        3,
    ),
    (
        "set_word",
        r"(?i:(?P<w>daily|weekly|monthly|quarterly|annually|yearly|hourly|nightly|annual))\b",
        5,
    ),
    (
        "every",
        r"(?i:(?:every|each)\s+(?:(?P<n>other|two|three|four|five|six|ten|twelve|\d{1,2})\s+)?"
        r"(?P<u>seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|seasons?"
        r"|morning|afternoon|evening|weekend|spring|summer|autumn|winter"
        r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        r"|january|february|march|april|may|june|july|august|september|october|november"
        r"|december))\b",
        3,
    ),
    (
        "ref",
        r"(?i:(?P<w>right\s+now|(?<![\w'’-])now(?![\w'’-])|(?<=at\s)the\s+moment"
        r"|(?<!most\s)(?<!more\s)recent"
        r"(?:\s+(?:minutes|hours|days|weeks|months|years|decades)\b|(?=\s+[a-z]))"
        r"|(?<=the\s)current(?=\s+[a-z])|(?<!as\s)(?:very\s+)?soon(?!\s+(?:as|after)\b|er\b|-)"
        r"|currently|at\s+present|nowadays|the\s+time\s+being|more\s+recently"
        r"|most\s+recently|recently|lately|the\s+(?:near\s+|foreseeable\s+)?future|the\s+past(?=\s*(?:[,.;:)]|$)|\s+(?:is|was|and"
        r"|or|to|in|of|for|with|at|on|as|by|that|when|but)\b)"
        r"|the\s+(?:near|long|short)\s+term|(?:years|months|weeks|days|decades)\s+ago))\b",
        6,
    ),
    (
        "clock",
        _APPROX + r"(?:(?<![A-Za-z-])(?P<word>[Nn]oon|[Mm]idday|[Mm]idnight)"
        r"|(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.|[ap]m\b|[AP]M\b)"
        r"|(?P<h2>[01]?\d|2[0-4]):(?P<mi2>[0-5]\d)(?::[0-5]\d)?(?:\s*(?:hrs|hours|h)\b)?"
        r"|(?P<h3>[01]\d|2[0-3])(?P<mi3>[0-5]\d)\s*(?:hrs|hours|h\b|(?=\s*(?:GMT|UTC|Z)\b)"
        r"|(?=\s*(?:[Ll]ocal|[A-Z][a-z]+)\s+time\b))"
        # military time after "at": "at 1100 on November 16", "at around 0600" (never a
        # year: a year is "in 1945", not "at 1945")
        r"|(?:(?<=\b[Aa]t\s)|(?<=\b[Aa]t\saround\s)|(?<=\b[Aa]t\sabout\s)"
        r"|(?<=\b[Aa]t\sapproximately\s)|(?<=\b[Aa]t\sroughly\s))"
        r"(?P<h6>[01]\d|2[0-3])(?P<mi6>[0-5]\d)(?![\d:.,]\d)"
        r"(?=\s*(?:[,;)(]|\.(?!\d)|$|on\b|and\b|when\b|local\b|[A-Z][a-z]+\s+time\b))"
        r"|(?P<h4>[01]?\d|2[0-4])h(?P<mi4>[0-5]\d)\b"
        r"|(?P<h5>1[0-2]|[1-9])\s+o['’]clock)" + _ZONE,
        1,
    ),
]

_SPECS += [
    (
        "the_day",
        r"(?i:(?:end(?:ed|ing|s)?|finish(?:ed|es|ing)?|for|during|clos(?:e|ed|es|ing)"
        r"|start(?:ed|ing|s)?)\s+(?P<t>the\s+day)"
        r"|(?P<t2>(?:late|later|early|earlier)\s+in\s+the\s+day))\b",
        2,
    ),
    (
        "short_year",
        r"(?i:(?:since|in|of|from|until|by|before|after)\s+(?P<t>['’](?P<yy>\d{2})))(?![\w'’])",
        3,
    ),
]


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
    "setword": list(SET_WORDS) + ["annual"],
    "every": ["every", "each"],
    "ref": [
        "now",
        "currently",
        "present",
        "moment",
        "recent",
        "current",
        "ago",
        "soon",
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
    "decadeword": [
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
    ],
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
    "range_day": frozenset({"month"}),
    "month_year": frozenset({"month"}),
    "month": frozenset({"month"}),
    "year": frozenset({"digit"}),
    "decade": frozenset({"digit", "decadeword"}),
    "century": frozenset({"unit"}),
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
    "range_duration": frozenset({"unit"}),
    "rate": frozenset({"unit"}),
    "set_word": frozenset({"setword"}),
    "every": frozenset({"every"}),
    "ref": frozenset({"ref"}),
    "clock": frozenset({"digit", "clockword"}),
    "the_day": frozenset({"unit"}),
    "short_year": frozenset({"digit"}),
    "same_period": frozenset({"unit"}),
    "week_of": frozenset({"month"}),
}

_SPECS.append(
    (
        "same_period",
        r"(?i:the\s+same\s+(?P<u>period|month|quarter|week|day|time|season)\s+"
        r"(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|of\s+(?:the\s+)?(?:last|previous)\s+year"
        r"|(?:in|of)\s+the\s+previous\s+year|the\s+year\s+before))\b",
        1,
    )
)

_SPECS.append(
    (
        "week_of",
        r"(?:[Tt]he\s+)?(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+"
        rf"(?P<mon>{MONTH_RE})(?:,?\s+(?P<y>(?:1[5-9]|20)\d{{2}})(?!\d))?",
        1,
    )
)

_SPECS.append(
    (
        "century",
        r"(?<=[Tt]he\s)(?:(?:early|late|mid)[\s-]+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|(?i:first|second"
        r"|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
        r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
        r"|twenty[\s-]first))[\s-]+[Cc]entury\b",
        1,
    )
)

RULES: list[tuple[str, re.Pattern[str], Handler, int]] = [
    (name, re.compile(rx), HANDLERS[name], prio) for name, rx, prio in _SPECS
]
assert set(RULE_TRIGGERS) == set(HANDLERS) == {name for name, *_ in _SPECS}
