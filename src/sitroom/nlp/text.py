"""Cheap access to a parsed document's text and its tokens' strings.

spaCy makes a new ``Token`` object, and rebuilds ``Doc.text`` from every token,
on each access. Extractors that scan every token for a word read these columns
instead, built once per Doc from its attribute arrays and kept in ``user_data``
(so a Doc changed after the first call would see stale values: none is).
"""

from __future__ import annotations

from spacy.attrs import IDX, LEMMA, LOWER, ORTH
from spacy.tokens import Doc, Token

_KEY = "sitroom.text"
_WORDS = "sitroom.words"
_LOWERS = "sitroom.lowers"
_LEMMAS = "sitroom.lemmas"
_STARTS = "sitroom.starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def span_root(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering chars [start, end) (a trigger, a place
    name), or None where no token does."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def remember_text(doc: Doc, text: str) -> None:
    """Tell ``doc_text`` that ``doc`` was parsed from ``text`` (spaCy's tokens keep every
    character, so ``doc.text == text``); the lengths are checked, which costs nothing."""
    if len(doc) == 0:
        return
    last = doc[-1]
    if last.idx + len(last.text_with_ws) == len(text) and doc[0].idx == 0:
        doc.user_data[_KEY] = text


def _strings(doc: Doc, key: str, attr: int) -> tuple[str, ...]:
    values = doc.user_data.get(key)
    if not isinstance(values, tuple):
        strings = doc.vocab.strings
        values = tuple([strings[h] for h in doc.to_array(attr).tolist()])
        doc.user_data[key] = values
    return values


def doc_words(doc: Doc) -> tuple[str, ...]:
    """Every token's text (``Token.text``), built once per Doc."""
    return _strings(doc, _WORDS, ORTH)


def doc_lowers(doc: Doc) -> tuple[str, ...]:
    """Every token's ``Token.lower_``, built once per Doc."""
    return _strings(doc, _LOWERS, LOWER)


def doc_lemmas(doc: Doc) -> tuple[str, ...]:
    """Every token's ``Token.lemma_``, built once per Doc."""
    return _strings(doc, _LEMMAS, LEMMA)


def doc_starts(doc: Doc) -> tuple[int, ...]:
    """Every token's character offset (``Token.idx``), built once per Doc."""
    starts = doc.user_data.get(_STARTS)
    if not isinstance(starts, tuple):
        starts = tuple(doc.to_array(IDX).tolist())
        doc.user_data[_STARTS] = starts
    return starts
