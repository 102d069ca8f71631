"""Quotation marks: pair opening and closing marks into quoted spans, recovering from bad ones.

Works on characters, not tokens, so that quotes running over several sentences or
paragraphs stay one span. Handles straight (``"``) and typographic double marks
(“ ” „ « »), single typographic marks (‘ ’) when they clearly open a quote, and
news conventions: a quote continued into the next paragraph re-opens it without
closing the previous one. An unclosed mark never crashes; the quote is closed at
the end of its paragraph (or of its sentence when the paragraph is long), and a
stray closing mark is ignored.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPENERS = {"“": "”", "„": "“", "«": "»", "‘": "’", "‹": "›"}
CLOSERS = {"”", "»", "’", "›"}
STRAIGHT = '"'

# An unclosed quote that would run longer than this to the paragraph's end is
# more likely a missing mark inside a long unbroken text; close it at its sentence.
MAX_RECOVERED = 600
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation: character offsets of its marks and of the text inside them."""

    open: int
    """Offset of the opening mark."""
    start: int
    """First character inside the marks."""
    end: int
    """One past the last character inside the marks."""
    close: int
    """One past the closing mark (equals ``end`` when the mark was missing)."""
    balanced: bool = True

    def contains(self, offset: int) -> bool:
        """Whether ``offset`` lies inside the quoted text."""
        return self.start <= offset < self.end


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _looks_opening(text: str, i: int) -> bool:
    """A straight mark that starts a quote: nothing or a space/bracket before, text after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:/") and not after.isspace()


def _looks_closing(text: str, i: int) -> bool:
    """A straight mark that ends a quote: text before, a space or punctuation after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not _is_word(after)


def _trim(text: str, start: int, end: int) -> int:
    """Move ``end`` left over trailing spaces so a recovered quote ends on text."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _recover_end(text: str, start: int, limit: int | None = None) -> int:
    """Where an unclosed quote opened at ``start`` most plausibly ends (never past ``limit``)."""
    limit = len(text) if limit is None else limit
    par_end = text.find("\n", start, limit)
    if par_end < 0:
        par_end = limit
    if par_end - start > MAX_RECOVERED:
        found = SENTENCE_END.search(text, start, par_end)
        if found is not None:
            par_end = found.end()
    return _trim(text, start, par_end)


def _continues_next_paragraph(text: str, nl: int, family: str) -> int:
    """If the paragraph after newline ``nl`` re-opens the quote, the offset of that mark."""
    j = nl
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and (text[j] == family or (family in OPENERS and text[j] in OPENERS)):
        return j
    if j < len(text) and family == STRAIGHT and text[j] == STRAIGHT:
        return j
    return -1


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All quotations in ``text``, in order; never raises on unbalanced marks."""
    spans: list[QuoteSpan] = []
    i = 0
    n = len(text)
    open_at = -1
    family = ""  # the opening mark of the quote now open
    inner = 0  # straight quotations opened inside a typographic one and not yet closed
    while i < n:
        ch = text[i]
        if open_at < 0:
            if ch in OPENERS and ch not in CLOSERS or ch == "‘":
                if ch == "‘" and i > 0 and _is_word(text[i - 1]):
                    i += 1
                    continue
                open_at, family, inner = i, ch, 0
            elif ch == STRAIGHT and _looks_opening(text, i):
                open_at, family, inner = i, ch, 0
            elif ch == "”" and _looks_opening(text, i) and not _looks_closing(text, i):
                # some outlets use the right mark on both sides
                open_at, family, inner = i, "”", 0
            i += 1
            continue
        # a quote is open
        if ch == "\n":
            nxt = _continues_next_paragraph(text, i, family)
            if nxt >= 0:
                i = nxt + 1
                continue
            end = _recover_end(text, open_at + 1)
            spans.append(QuoteSpan(open_at, open_at + 1, end, end, balanced=False))
            open_at = -1
            i += 1
            continue
        closes = (
            (family == "‘" and ch == "’" and not (i + 1 < n and _is_word(text[i + 1])))
            or (family not in ("‘", STRAIGHT) and ch in CLOSERS and ch != "’")
            or (family == STRAIGHT and ch == STRAIGHT)
            or (family == "„" and ch == "“")
            or (family == "”" and ch == "”")
        )
        if (
            family == STRAIGHT
            and ch == STRAIGHT
            and _looks_opening(text, i)
            and not _looks_closing(text, i)
            and text[open_at + 1 : i].strip()
        ):
            # a new opening mark before the old one closed: recover the old one
            end = _recover_end(text, open_at + 1, i)
            spans.append(QuoteSpan(open_at, open_at + 1, end, end, balanced=False))
            open_at = i
            i += 1
            continue
        straight_in_typographic = family in ("“", "«", "„") and ch == STRAIGHT
        if (family == STRAIGHT and ch in ("“", "”")) or straight_in_typographic:
            # a mark of the other kind inside an open quote: an inner quotation opens or
            # closes, or, with none open, the writer closed the quote with the wrong mark
            if straight_in_typographic:
                opens = _looks_opening(text, i) and not _looks_closing(text, i)
            else:
                opens = ch == "“"
            if opens:
                inner += 1
            elif inner > 0:
                inner -= 1
            elif _looks_closing(text, i):
                spans.append(QuoteSpan(open_at, open_at + 1, i, i + 1))
                open_at = -1
            i += 1
            continue
        if family in ("“", "«", "„") and ch == family:
            # an opening mark inside an open quote of the same kind: the first never closed
            end = _recover_end(text, open_at + 1, i)
            spans.append(QuoteSpan(open_at, open_at + 1, end, end, balanced=False))
            open_at = i
            i += 1
            continue
        if closes:
            spans.append(QuoteSpan(open_at, open_at + 1, i, i + 1))
            open_at = -1
        i += 1
    if open_at >= 0:
        end = _recover_end(text, open_at + 1)
        spans.append(QuoteSpan(open_at, open_at + 1, end, end, balanced=False))
    return [s for s in spans if s.end > s.start]


def quote_at(spans: list[QuoteSpan], offset: int) -> QuoteSpan | None:
    """The quotation whose inside contains character ``offset`` (``spans`` in text order)."""
    k = bisect.bisect_right(spans, offset, key=lambda s: s.start) - 1
    if k >= 0 and spans[k].start <= offset < spans[k].end:
        return spans[k]
    return None


def chars_quoted(spans: list[QuoteSpan], start: int, end: int) -> int:
    """How many characters of [start, end) lie inside quotations (``spans`` in text order,
    apart): only the quotations that reach into the range are visited."""
    k = bisect.bisect_right(spans, start, key=lambda s: s.end)
    inside = 0
    while k < len(spans) and spans[k].start < end:
        inside += max(0, min(end, spans[k].end) - max(start, spans[k].start))
        k += 1
    return inside
