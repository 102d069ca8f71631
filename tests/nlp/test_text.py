"""The per-Doc token columns equal what spaCy's Token objects give."""

from __future__ import annotations

from sitroom.nlp.text import (
    doc_lemmas,
    doc_lowers,
    doc_starts,
    doc_text,
    doc_words,
    remember_text,
)

TEXT = (
    "BAKU, Oct. 17 (Reuters) - Azerbaijan's Foreign Ministry said Armenian forces shelled "
    "Ganja overnight,  killing 12 civilians.\n\n“We condemn it,” the ministry said. "
    "Yerevan denied it; U.S. officials urged restraint."
)


def test_token_columns_match_token_attributes(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    assert doc_words(doc) == tuple(t.text for t in doc)
    assert doc_lowers(doc) == tuple(t.lower_ for t in doc)
    assert doc_lemmas(doc) == tuple(t.lemma_ for t in doc)
    assert doc_starts(doc) == tuple(t.idx for t in doc)
    assert doc_words(doc) is doc_words(doc)  # built once


def test_remember_text_only_takes_the_text_the_doc_was_parsed_from(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    remember_text(doc, TEXT[:-1])  # not this Doc's text: ignored
    assert doc_text(doc) == doc.text == TEXT
    other = nlp(TEXT)
    remember_text(other, TEXT)
    assert doc_text(other) is TEXT
