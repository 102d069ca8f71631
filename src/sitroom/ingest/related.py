"""Dates for undated reports from related reports read in the same run.

A text pasted without its page often prints no date ("on Friday", "September 17"), while
other reports of the same events read with it do. The names two reports share (places,
people, units: "Kramatorsk", "Pasky-Aryk", "Al-Ahli"), weighted by how few of the run's
reports name them, tell which dated reports are about the same events. Reports dated
within a week of each other add up (several reports of one week, each sharing a few names,
tell more than one of another week), and a report whose week the undated text does not fit
(its year-less days and weekdays, placed by that report's date, fall outside that week) is
passed over. The chosen report's date then places the undated report's year-less days and
weekdays (``infer_dct(near=...)``). The result is marked inferred, like every date the
text itself does not print.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

_NAME = re.compile(r"\b[A-Z][\w’'-]{2,}")
_COMMON = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "then",
        "than",
        "when",
        "what",
        "where",
        "while",
        "with",
        "after",
        "before",
        "from",
        "into",
        "over",
        "under",
        "about",
        "also",
        "and",
        "but",
        "for",
        "not",
        "his",
        "her",
        "its",
        "our",
        "your",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "ministry",
        "government",
        "army",
        "military",
        "forces",
        "state",
        "said",
        "says",
        "according",
        "reuters",
        "afp",
        "associated",
        "press",
        "news",
        "agency",
        "photo",
        "image",
        "video",
        "read",
        "more",
    ]
)
"""Capitalised words that open sentences or name no one in particular."""
MIN_SIMILARITY = 0.15
"""Summed cosine of the weighted name sets of the reports of one week below which they are
not taken as related."""
MIN_EACH = 0.05
"""Cosine below which a dated report shares too little to count at all."""
MIN_SHARED = 3
"""Fewest distinctive names two related reports share."""
_SAME_EVENTS_DAYS = 7
"""Reports dated further apart than this tell other events (or other days of them)."""


def names(text: str) -> frozenset[str]:
    """The capitalised words of ``text`` (lower-cased), less the commonest."""
    found = {m.group().lower().rstrip("’'") for m in _NAME.finditer(text)}
    return frozenset(n for n in found if n not in _COMMON)


@dataclass(slots=True)
class RelatedDates:
    """Name sets of the dated reports of a run, to date the undated ones from."""

    limit: int = 20_000
    """Most dated reports remembered (the latest are kept)."""
    dated: list[tuple[dt.date, frozenset[str], str]] = field(default_factory=list)

    def add(self, doc: str, published: dt.date, text: str) -> None:
        self.dated.append((published, names(text), doc))
        if len(self.dated) > self.limit:
            del self.dated[: len(self.dated) - self.limit]

    def nearest(self, texts: Iterable[str]) -> list[tuple[dt.date, str] | None]:
        """For each undated text, the date and name of the most related dated report, or
        None where no report is related enough."""
        texts = list(texts)
        undated = [names(t) for t in texts]
        df: Counter[str] = Counter()
        for _, ns, _ in self.dated:
            df.update(ns)
        for ns in undated:
            df.update(ns)
        n = len(self.dated) + len(undated)

        # a name every report gives ("Ukraine" in a run about Ukraine) tells nothing
        w2 = {x: math.log((n + 1) / c) ** 2 if c < n else 0.0 for x, c in df.items()}
        norms = [math.sqrt(sum(w2[x] for x in ns)) for _, ns, _ in self.dated]
        # Only reports sharing a telling name can be related: look them up by name rather
        # than comparing every undated report with every dated one.
        postings: dict[str, list[int]] = defaultdict(list)
        for k, (_, ns, _) in enumerate(self.dated):
            for x in ns:
                if w2[x]:
                    postings[x].append(k)
        out: list[tuple[dt.date, str] | None] = []
        for text, ns in zip(texts, undated, strict=True):
            own = math.sqrt(sum(w2[x] for x in ns))
            common = sum(1 for x in ns if not w2[x])  # shared with every report
            weight: dict[int, float] = defaultdict(float)
            count: Counter[int] = Counter()
            for x in ns:
                for k in postings.get(x, ()):
                    weight[k] += w2[x]
                    count[k] += 1
            related: list[tuple[float, dt.date, str]] = []
            for k, shared in weight.items():
                if count[k] + common < MIN_SHARED or not own or not norms[k]:
                    continue
                score = shared / (own * norms[k])
                if score >= MIN_EACH:
                    day, _, doc = self.dated[k]
                    related.append((score, day, doc))
            out.append(_of_same_events(text, related))
        return out


_CANDIDATES = 50
"""Most related dated reports weighed for one undated one (the most related)."""


def _support(day: dt.date, pool: list[tuple[float, dt.date, str]]) -> float:
    """Summed cosine of the reports in ``pool`` dated within a week of ``day``."""
    return sum(s for s, d, _ in pool if abs((d - day).days) <= _SAME_EVENTS_DAYS)


def _of_same_events(
    text: str, related: list[tuple[float, dt.date, str]]
) -> tuple[dt.date, str] | None:
    """The date and name of the report that tells the same events as ``text``, among the
    ``related`` ones (cosine, date, name). Only reports whose date the text fits count:
    dated by one, the text falls within a week of it ("September 27" read with a report of
    September 20 of some year tells no events of that report's week). Of those, the most
    related one of the week they support most (several reports of one week, each sharing
    a few names, tell more than one report of another week sharing common ones), unless
    another week is nearly as supported."""
    from sitroom.extract.time import infer_dct

    fits: dict[dt.date, bool] = {}

    def fit(day: dt.date) -> bool:
        if day not in fits:
            dated = infer_dct(text, near=day).best
            fits[day] = dated is not None and abs((dated - day).days) <= _SAME_EVENTS_DAYS
        return fits[day]

    pool = [r for r in sorted(related, reverse=True)[:_CANDIDATES] if fit(r[1])]
    if not pool:
        return None
    _, day, doc = max(pool, key=lambda r: (_support(r[1], pool), r[0]))
    total = _support(day, pool)
    rivals = [_support(d, pool) for _, d, _ in pool if abs((d - day).days) > _SAME_EVENTS_DAYS]
    if total < MIN_SIMILARITY or rivals and total < 1.5 * max(rivals):
        return None  # too little shared, or reports of other weeks nearly as related
    return day, doc
