"""The parse tree walked from an index made once per Doc.

spaCy finds a token's children by walking its whole subtree: a parse that nests clause
in clause over a text with no line break ("X said ... X said ... X said") makes subtrees
as long as the text, and the cue rules, asking cue after cue, grew with its square.
"""

from __future__ import annotations

from spacy.tokens import Token

_CHILDREN = "sitroom.children"


def children(tok: Token) -> list[Token]:
    """``tok.children`` (the same tokens in the same order), from the Doc's index."""
    doc = tok.doc
    index = doc.user_data.get(_CHILDREN)
    if not isinstance(index, list) or len(index) != len(doc):
        index = [[] for _ in range(len(doc))]
        for t in doc:
            if t.head.i != t.i:
                index[t.head.i].append(t.i)
        doc.user_data[_CHILDREN] = index
    return [doc[i] for i in index[tok.i]]
