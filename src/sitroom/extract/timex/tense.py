"""Is the clause around a temporal expression about the future? (text or parse)."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from sitroom.nlp.text import doc_text

_MARKERS = re.compile(
    # "was supposed to start", "were due to meet": a plan told in the past tense; news uses
    # it for what was meant to happen and did not, so the time named is in the past.
    r"(?P<was_due>\b(?:was|were)\s+(?:supposed|due|scheduled|meant)\s+to\b)|"
    r"(?P<fut>\b(?:will|won['’]t|shall|going\s+to|is\s+to|are\s+to|scheduled|expected\s+to"
    r"|plans?\s+to|planning\s+to|planned|set\s+to|due|would|upcoming|intends?\s+to"
    # "may" in lower case: "May" is a month ("On Wednesday (May 7)")
    r"|(?-i:may)|might"
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
_FUTURE_LEMMAS = frozenset({"plan", "schedule", "intend"})
_FUTURE_AUX = frozenset(
    {"will", "shall", "'ll", "’ll", "wo", "may", "might", "could", "should", "must", "would"}
)


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


def _future_aux(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in verb.children)


def doc_is_future(doc: Doc, start: int, end: int) -> bool | None:
    """Future tense of the verb governing chars [start, end) in the parse; None if unclear."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    prep = tok.head.lower_ if tok.dep_ == "pobj" else ""
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            break
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if _future_aux(tok) or tok.lemma_ in _FUTURE_LEMMAS:
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    if infinitive and tok.dep_ in ("acl", "relcl", "advcl"):
        return True  # "an event to be held on October 12"
    if infinitive and tok.dep_ == "xcomp" and _future_aux(tok.head):
        return True
    if prep in ("until", "till", "by"):
        return None  # "closed until Friday": the tense of the verb does not place Friday
    if tok.tag_ == "VBD":
        return False
    past_aux = {"has", "have", "had", "was", "were"}
    if tok.tag_ == "VBN" and any(
        c.lower_ in past_aux for c in tok.children if c.dep_.startswith("aux")
    ):
        return False
    return None


def future_test(text: str, doc: Doc | None) -> Callable[[int, int], bool | None]:
    """A tense test for spans of ``text``: parse-based when ``doc`` is given, else heuristic."""
    if doc is None or doc_text(doc) != text:
        return lambda s, e: text_is_future(text, s, e)

    def test(s: int, e: int) -> bool | None:
        """Parse verdict for chars [s, e), else the text heuristic."""
        verdict = doc_is_future(doc, s, e)
        return text_is_future(text, s, e) if verdict is None else verdict

    return test
