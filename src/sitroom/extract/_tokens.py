"""Split dictionary phrases into tokens exactly as spaCy's English tokenizer does."""

from __future__ import annotations

import functools

import spacy
from spacy.tokenizer import Tokenizer


@functools.cache
def _tokenizer() -> Tokenizer:
    return spacy.blank("en").tokenizer


def simple_tokens(phrase: str) -> list[str]:
    """Tokens of a dictionary phrase, as they appear in a parsed article."""
    return [t.text for t in _tokenizer()(phrase)]
