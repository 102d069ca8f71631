"""Is the clause around a temporal expression about the future? (text or parse)."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

_MARKERS = re.compile(
    r"(?P<fut>\b(?:will|won['’]t|shall|going\s+to|is\s+to|are\s+to|scheduled|expected\s+to"
    r"|plans?\s+to|planning\s+to|planned|set\s+to|due|would|upcoming|intends?\s+to|may|might"
    r"|could|should|must|to\s+be|until|deadline|next|supposed\s+to|was\s+to|were\s+to)\b"
    r"|['’]ll\b)"
    # A participle after "be" is passive voice, not past tense ("to be held on October 12").
    r"|(?P<past>(?<!be\s)(?<!been\s)(?<!being\s)\b(?:said|says|told|announced|reported|was|were"
    r"|had|did|came|began|took|went|met|made|held|fell|rose|left|gave|saw|got|won|lost|hit"
    r"|struck|shot|fought|broke|"
    r"(?!(?:united|need|based|speed|feed|seed|indeed|hundred|red|bed|shed|armed|embed|proceed)\b)"
    r"[a-z]{3,}ed))\b",
    re.IGNORECASE,
)
_SENT_END = re.compile(r"[.!?]['\"’”]?\s+(?=[A-Z\"“‘'(])|\n")
_FUTURE_LEMMAS = frozenset({"plan", "expect", "schedule", "intend", "set", "due", "hope"})


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _SENT_END.finditer(text, max(0, start - 300), start):
        lo = m.end()
    nxt = _SENT_END.search(text, end, end + 300)
    return lo, (nxt.start() + 1 if nxt else min(len(text), end + 300))


def text_is_future(text: str, start: int, end: int) -> bool | None:
    """Heuristic: is the nearest tense marker before the expression (else after it) future?

    None when the sentence shows no marker near the expression.
    """
    lo, hi = _sentence_bounds(text, start, end)
    before = list(_MARKERS.finditer(text, max(lo, start - 80), start))
    if before:
        return before[-1].group("fut") is not None
    after = _MARKERS.search(text, end, min(hi, end + 60))
    if after is None:
        return None
    return after.group("fut") is not None


def doc_is_future(doc: Doc, start: int, end: int) -> bool | None:
    """Future tense of the verb governing chars [start, end) in the parse; None if unknown."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
            break
        if tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in (
            "will",
            "shall",
            "'ll",
            "wo",
            "’ll",
        ):
            return True
        if child.dep_ == "aux" and child.lower_ == "would":
            return True
    if tok.dep_ == "xcomp" and tok.head.lemma_ in _FUTURE_LEMMAS:
        return True
    if tok.morph.get("Tense") == ["Past"] or any(
        c.dep_ in ("aux", "auxpass") and c.morph.get("Tense") == ["Past"] for c in tok.children
    ):
        return False
    if any(c.lemma_ == "have" and c.dep_ == "aux" for c in tok.children):
        return False
    return None


def future_test(text: str, doc: Doc | None) -> Callable[[int, int], bool | None]:
    """A tense test for spans of ``text``: parse-based when ``doc`` is given, else heuristic."""
    if doc is None or doc.text != text:
        return lambda s, e: text_is_future(text, s, e)

    def test(s: int, e: int) -> bool | None:
        verdict = doc_is_future(doc, s, e)
        return text_is_future(text, s, e) if verdict is None else verdict

    return test
