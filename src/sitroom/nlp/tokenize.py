"""A tokenizer that stays linear on long runs without whitespace.

spaCy's tokenizer strips prefixes and suffixes from a whitespace-free chunk one at a
time, each time copying and re-searching the rest of the chunk: a run of 20,000 ``[``
or ``"`` took 40 to 56 s, and the time grows with the square of the run. Such runs are
markup debris or hostile input, never words; cut into pieces of ``MAX_CHUNK``
characters, each piece costs at most a fixed amount and the text stays the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

MAX_CHUNK = 100
"""Longest whitespace-free run tokenized in one piece."""
_LONG_RUN = re.compile(rf"\S{{{MAX_CHUNK + 1},}}")


class BoundedTokenizer:
    """Wraps a spaCy tokenizer: runs of non-space characters over ``MAX_CHUNK`` are
    tokenized ``MAX_CHUNK`` characters at a time; the Doc's text is the input exactly."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.inner = tokenizer

    def __call__(self, text: str) -> Doc:
        """Tokenize ``text`` as the wrapped tokenizer would, long runs cut into pieces."""
        if _LONG_RUN.search(text) is None:
            return self.inner(text)
        docs: list[Doc] = []
        start = 0
        for run in _LONG_RUN.finditer(text):
            if run.start() > start:
                docs.append(self.inner(text[start : run.start()]))
            docs.extend(
                self.inner(text[i : min(i + MAX_CHUNK, run.end())])
                for i in range(run.start(), run.end(), MAX_CHUNK)
            )
            start = run.end()
        if start < len(text):
            docs.append(self.inner(text[start:]))
        docs = [doc for doc in docs if len(doc)]
        return Doc.from_docs(docs, ensure_whitespace=False)

    def __getattr__(self, name: str) -> object:
        # Everything else (vocab, rules, pipe, serialisation) is the wrapped tokenizer's.
        return getattr(self.inner, name)
