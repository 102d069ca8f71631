"""Cut article text into pieces marked with what covers them, for highlighting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.web.queries import Mention


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text and the kinds and labels of the spans that cover it."""

    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


def segments(text: str, spans: Sequence[Mention]) -> list[Segment]:
    """Split ``text`` at every span boundary; overlapping spans mark the same piece."""
    n = len(text)
    valid = [m for m in spans if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    by_start = sorted(valid, key=lambda m: m.start)
    active: list[Mention] = []
    out: list[Segment] = []
    i = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        while i < len(by_start) and by_start[i].start <= a:
            active.append(by_start[i])
            i += 1
        active = [m for m in active if m.end > a]
        covering = [m for m in active if m.start <= a and m.end >= b]
        kinds = tuple(sorted({m.kind for m in covering}))
        labels = tuple(m.label for m in covering)
        out.append(Segment(text[a:b], kinds, labels))
    return out


def in_context(
    text: str,
    sentence: tuple[int, int],
    evidence: tuple[int, int],
    window: int = 240,
) -> list[Segment]:
    """The sentence with ``window`` characters either side, sentence and evidence marked."""
    n = len(text)
    s0, s1 = max(0, sentence[0]), min(n, sentence[1])
    if s0 >= s1:
        s0, s1 = max(0, evidence[0]), min(n, evidence[1])
    lo = max(0, s0 - window)
    hi = min(n, s1 + window)
    # Start and end on word boundaries so the context does not open mid-word.
    if lo > 0:
        space = text.find(" ", lo, s0)
        lo = space + 1 if space != -1 else lo
    if hi < n:
        space = text.rfind(" ", s1, hi)
        hi = space if space != -1 else hi
    marks = [Mention("sentence", s0 - lo, s1 - lo, "source sentence")]
    if s0 <= evidence[0] < evidence[1] <= s1:
        marks.append(Mention("evidence", evidence[0] - lo, evidence[1] - lo, "evidence"))
    pieces = segments(text[lo:hi], marks)
    if lo > 0:
        pieces.insert(0, Segment("… "))
    if hi < n:
        pieces.append(Segment(" …"))
    return pieces
