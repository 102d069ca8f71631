"""Constructions that make or unmake a statement, beyond a cue verb and its subject.

Naming ("called it a war crime") and figures ("put the death toll at 50") as content,
relays ("the portal, citing its border service, said") and hearsay ("photos said to
show"), a name opening a paragraph the parser ran a headline into, and contents that
say nothing (a lone "this").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sitroom.extract.quotes.lexicon import CueLexicon
from sitroom.extract.quotes.tree import children

SUBJECT_DEPS = ("nsubj", "csubj")


_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET"})


def cited_source(tok: Token, lex: CueLexicon) -> Token | None:
    """The party a relayed statement cites: "the portal, citing its border service, said",
    "local media reported, quoting the governor": that party speaks, the outlet relays."""
    for child in children(tok):
        if child.dep_ == "advcl" and child.lemma_.lower() in lex.relay_verbs:
            found = next((c for c in children(child) if c.dep_ == "dobj"), None)
            if found is not None:
                return found
    return None


def hearsay(tok: Token) -> bool:
    """A passive cue with nobody as its agent: "photos said to show ...", "he is said to"."""
    if tok.tag_ != "VBN" or any(c.dep_ == "agent" for c in children(tok)):
        return False
    return tok.dep_ == "acl" or any(c.dep_ == "auxpass" for c in children(tok))


def paragraph_subject(tok: Token) -> Token | None:
    """The name opening the cue's paragraph when the parser ran a headline line into it.

    ("India Urges Response\n\nForeign Secretary Vikram Misri, while ..., stated": the
    parser made the name the headline's object and left the cue without a subject.)
    """
    doc = tok.doc
    sent = tok.sent
    breaks = [t.i for t in doc[sent.start : tok.i] if "\n" in t.text]
    if not breaks:
        return None
    i = breaks[-1] + 1
    k = i
    while k < tok.i and doc[k].pos_ in _NAME_POS and not doc[k].is_punct:
        k += 1
    if k == i or doc[k - 1].pos_ not in ("PROPN", "NOUN") or (k < tok.i and doc[k].text != ","):
        return None
    return doc[k - 1]


def naming_range(tok: Token) -> tuple[int, int] | None:
    """What a naming verb calls its object: "called it a war crime", "called the strike
    'a massacre'", "labeling them 'deliberate'", "what he called 'a massacre'"."""
    for child in children(tok):
        if child.dep_ == "oprd" and child.i > tok.i:
            return child.left_edge.i, child.right_edge.i + 1
    for child in children(tok):
        if child.dep_ == "dobj" and child.i > tok.i:
            for appos in children(child):
                if appos.dep_ == "appos" and appos.i > child.i:
                    return appos.left_edge.i, appos.right_edge.i + 1
        if child.dep_ == "ccomp" and child.i > tok.i and child.pos_ in ("ADJ", "NOUN"):
            subject = next((c for c in children(child) if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.i < child.i:  # a small clause: "them deliberate"
                return subject.right_edge.i + 1, child.right_edge.i + 1
    return None


def figure_range(tok: Token, lex: CueLexicon) -> tuple[int, int] | None:
    """The figure a party puts a count at: "put the death toll at 50, including five
    children" (from the figure to the end of the clause)."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in lex.figure_nouns for c in children(tok)):
        return None
    at = next((c for c in children(tok) if c.dep_ == "prep" and c.lower_ == "at"), None)
    figure = next((c for c in children(at) if c.dep_ == "pobj"), None) if at else None
    if figure is None:
        return None
    return figure.left_edge.i, tok.right_edge.i + 1


PRONOUN_CONTENT = frozenset({"this", "that", "it", "so", "these", "those", "them"})


def bare_pronoun(doc: Doc, start: int, end: int) -> bool:
    """Whether content tokens [start, end) are a lone pronoun ("confirmed this"): a fragment
    with nothing said."""
    words = []
    for t in doc[start:end]:  # up to the second word: the content may run on for pages
        if not t.is_punct:
            words.append(t)
            if len(words) > 1:
                return False
    return len(words) == 1 and words[0].lower_ in PRONOUN_CONTENT
