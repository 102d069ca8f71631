"""Cheap access to a parsed document's text."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "sitroom.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get(_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_KEY] = text
    return text
