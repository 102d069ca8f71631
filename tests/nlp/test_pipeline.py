"""The pipeline's helpers: dictionary patterns and parsing ahead in a thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import spacy

from sitroom.nlp.pipeline import _phrase_where_possible, parse_ahead


def test_parse_ahead_yields_everything_in_order():
    assert list(parse_ahead(iter(range(100)), ahead=3)) == list(range(100))


def test_parse_ahead_raises_the_producers_error_in_the_consumer():
    def broken() -> Iterator[int]:
        yield 1
        raise ValueError("unreadable input")

    got = []
    with pytest.raises(ValueError, match="unreadable input"):
        for x in parse_ahead(broken(), ahead=2):
            got.append(x)
    assert got == [1]


def test_parse_ahead_runs_the_producer_in_another_thread_and_stops_with_the_consumer():
    seen: list[str] = []
    produced = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            seen.append(threading.current_thread().name)
            produced.append(n)
            yield n
            n += 1

    items = parse_ahead(endless(), ahead=2)
    assert [next(items) for _ in range(5)] == [0, 1, 2, 3, 4]
    items.close()
    assert set(seen) == {"sitroom-parse"}
    settled = len(produced)
    threading.Event().wait(0.5)
    assert len(produced) <= settled + 1  # the thread stopped instead of running on


def test_exact_token_patterns_become_phrase_patterns_unless_the_tokenizer_disagrees():
    nlp = spacy.blank("en")
    patterns = [
        {"label": "GPE", "pattern": [{"ORTH": "Nagorno"}, {"ORTH": "-"}, {"ORTH": "Karabakh"}]},
        {"label": "GPE", "pattern": [{"LOWER": "ganja"}]},
        {"label": "GPE", "pattern": [{"ORTH": "New York"}]},
    ]
    out = _phrase_where_possible(nlp, patterns)
    assert out[0]["pattern"] == "Nagorno - Karabakh"
    assert out[1] == patterns[1]  # not an exact-token pattern
    assert out[2] == patterns[2]  # the tokenizer splits "New York": kept as tokens
