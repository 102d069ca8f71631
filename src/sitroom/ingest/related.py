"""Dates for undated reports from related reports read in the same run.

A text pasted without its page often prints no date ("on Friday", "September 17"), while
other reports of the same events read with it do. The names two reports share (places,
people, units: "Kramatorsk", "Pasky-Aryk", "Al-Ahli"), weighted by how few of the run's
reports name them, tell which dated report is about the same events; its date then places
the undated report's year-less days and weekdays (``infer_dct(near=...)``). The result is
marked inferred, like every date the text itself does not print.
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
"""Cosine of the weighted name sets below which two reports are not taken as related."""
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
        for ns in undated:
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
                if score >= MIN_SIMILARITY:
                    day, _, doc = self.dated[k]
                    related.append((score, day, doc))
            if not related:
                out.append(None)
                continue
            score, day, doc = max(related)
            # Reports of other days nearly as related: which events it tells is not clear.
            rivals = [s for s, d, _ in related if abs((d - day).days) > _SAME_EVENTS_DAYS]
            out.append((day, doc) if not rivals or score >= 1.5 * max(rivals) else None)
        return out
