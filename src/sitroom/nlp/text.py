"""Cheap access to a parsed document's text."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "sitroom.text"
_WORDS = "sitroom.words"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text


def doc_words(doc: Doc) -> tuple[str, ...]:
    """Every token's text, built once per Doc (a Token object costs more than its text)."""
    words = doc.user_data.get(_WORDS)
    if not isinstance(words, tuple):
        words = tuple(t.text for t in doc)
        doc.user_data[_WORDS] = words
    return words
