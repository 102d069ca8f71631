"""The pipeline's helpers: dictionary patterns, and parsing ahead in a thread or processes."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.config import Settings
from sitroom.errors import ModelError
from sitroom.nlp.pipeline import _phrase_where_possible, _receive, parse_ahead, parse_in_processes

_TEXTS = [
    "Azerbaijani forces shelled Goris on October 3, 2020, killing 4 civilians.",
    "Iran offered to mediate between Armenia and Azerbaijan, officials said on Tuesday.",
    "The foreign minister of Russia spoke by phone with his Turkish counterpart.",
    "Hundreds of people rallied in Yerevan. They demanded an end to the fighting.",
    "A drone crashed near Tovuz on May 2; no casualties were reported.",
    "",
    "Armenia accused Azerbaijan of violating the ceasefire near Tartar.",
]
needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)


def _analysis(doc: Doc) -> list[tuple[object, ...]]:
    tokens = [
        (t.idx, t.text, t.norm_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i)
        + (t.ent_iob_, t.ent_type_, t.ent_id_, t.is_sent_start, t.whitespace_)
        for t in doc
    ]
    return [*tokens, *((e.start, e.end, e.label_) for e in doc.ents)]


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


@pytest.mark.parametrize("processes", [1, 2])
def test_parse_in_processes_gives_the_docs_of_this_process_in_input_order(nlp, processes):
    settings = Settings(batch_size=2)
    items = ((text, n) for n, text in enumerate(_TEXTS))
    parsed = list(parse_in_processes(settings, items, processes))
    assert [n for _doc, n in parsed] == list(range(len(_TEXTS)))
    assert [_analysis(doc) for doc, _n in parsed] == [_analysis(doc) for doc in nlp.pipe(_TEXTS)]
    assert multiprocessing.active_children() == []  # the workers exited after the last batch


def test_parse_in_processes_stops_its_workers_when_the_consumer_stops(nlp):
    endless = ((_TEXTS[n % 5], n) for n in range(10**9))
    docs = parse_in_processes(Settings(batch_size=2), endless, 2)
    assert [n for _doc, n in (next(docs) for _ in range(3))] == [0, 1, 2]
    assert len(multiprocessing.active_children()) == 2
    docs.close()
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_parse_process_error_is_raised_here_with_its_reason(nlp, monkeypatch):
    def broken(self, texts, **kwargs):  # the forked worker inherits this Language.pipe
        raise ValueError("the model broke")

    monkeypatch.setattr(Language, "pipe", broken)
    with pytest.raises(ModelError, match="sitroom-parse-0 failed: ValueError: the model broke"):
        list(parse_in_processes(Settings(), iter([("text", 0)]), 1))
    assert multiprocessing.active_children() == []


def test_a_parse_process_that_died_is_reported_not_waited_for():
    mp = multiprocessing.get_context()
    worker = mp.Process(target=os._exit, args=(3,), name="sitroom-parse-0")
    worker.start()
    worker.join()
    with pytest.raises(ModelError, match=r"sitroom-parse-0 stopped \(exit code 3\)"):
        _receive(worker, mp.Queue())
