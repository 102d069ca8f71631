"""The pipeline's helpers: dictionary patterns, and parsing ahead in a thread or processes."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.config import Settings
from sitroom.errors import ModelError
from sitroom.nlp import pipeline
from sitroom.nlp.pipeline import (
    Unparsed,
    _phrase_where_possible,
    load_pipeline,
    parse_ahead,
    parse_batch,
    parse_in_processes,
    parse_texts,
)

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
def test_a_parse_process_error_fails_that_text_only(nlp, monkeypatch):
    def broken(self, texts, **kwargs):  # the forked worker inherits this Language.pipe
        texts = list(texts)  # Docs made by the tokenizer (parse_texts), or strings
        if any("Tovuz" in getattr(text, "text", text) for text in texts):
            raise ValueError("the model broke")
        return original(self, texts, **kwargs)

    original = Language.pipe
    monkeypatch.setattr(Language, "pipe", broken)
    items = ((text, n) for n, text in enumerate(_TEXTS))
    parsed = list(parse_in_processes(Settings(batch_size=3), items, 1))
    assert [n for _doc, n in parsed] == list(range(len(_TEXTS)))
    failed = [(n, doc) for doc, n in parsed if isinstance(doc, Unparsed)]
    assert failed == [(4, Unparsed("cannot parse (ValueError: the model broke)"))]
    assert [d.text for d, _n in parsed if isinstance(d, Doc)] == _TEXTS[:4] + _TEXTS[5:]
    assert multiprocessing.active_children() == []


@needs_fork
@pytest.mark.parametrize("processes", [1, 2])
def test_a_parse_process_that_dies_on_a_text_fails_that_text_and_the_run_goes_on(
    nlp, monkeypatch, processes
):
    def crashing(nlp_, texts):  # a segfault in native code looks the same from outside
        if any("Tovuz" in text for text in texts):
            os._exit(139)
        return parse_batch(nlp_, texts)

    monkeypatch.setattr(pipeline, "parse_batch", crashing)
    items = ((text, n) for n, text in enumerate(_TEXTS * 2))
    parsed = list(parse_in_processes(Settings(batch_size=2), items, processes))
    assert [n for _doc, n in parsed] == list(range(2 * len(_TEXTS)))
    failed = {n: doc.reason for doc, n in parsed if isinstance(doc, Unparsed)}
    assert failed == {
        4: "the parse process stopped on it (exit code 139)",
        11: "the parse process stopped on it (exit code 139)",
    }
    good = [(d, n) for d, n in parsed if isinstance(d, Doc)]
    assert [_analysis(d) for d, _n in good] == [
        _analysis(d) for d in nlp.pipe([(_TEXTS * 2)[n] for _d, n in good])
    ]
    assert multiprocessing.active_children() == []


@needs_fork
def test_a_text_over_its_time_budget_is_skipped_and_its_process_replaced(nlp, monkeypatch):
    def stalling(nlp_, texts):
        if any("Tovuz" in text for text in texts):
            time.sleep(60)
        return parse_batch(nlp_, texts)

    monkeypatch.setattr(pipeline, "parse_batch", stalling)
    items = ((text, n) for n, text in enumerate(_TEXTS))
    started = time.monotonic()
    parsed = list(parse_in_processes(Settings(batch_size=2, article_timeout_s=1), items, 1))
    assert time.monotonic() - started < 20
    failed = {n: doc.reason for doc, n in parsed if isinstance(doc, Unparsed)}
    assert failed == {4: "parsing took over 1 s (article_timeout_s); skipped"}
    assert [n for _doc, n in parsed] == list(range(len(_TEXTS)))
    assert multiprocessing.active_children() == []


@needs_fork
def test_texts_failing_one_after_another_stop_the_run_as_a_broken_model(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "parse_batch", lambda nlp_, texts: os._exit(3))
    items = ((f"text {n}", n) for n in range(100))
    with pytest.raises(ModelError, match="failed on 8 texts in a row"):
        list(parse_in_processes(Settings(batch_size=1), items, 1))
    assert multiprocessing.active_children() == []


def test_a_long_run_without_spaces_is_tokenized_in_linear_time_and_keeps_the_text(nlp):
    text = "Armenia said. " + "[" * 50_000 + ' ok "' + '"' * 20_000 + "\n\nThe end."
    started = time.monotonic()
    doc = load_pipeline(Settings()).make_doc(text)
    assert time.monotonic() - started < 5  # 40 s and more before: quadratic in the run
    assert doc.text == text
    assert [t.text for t in doc[:3]] == ["Armenia", "said", "."]


def test_parse_texts_gives_what_nlp_pipe_gives_for_texts_of_ordinary_length(nlp):
    parsed = list(parse_texts(nlp, _TEXTS, 3))
    assert [_analysis(doc) for doc in parsed] == [_analysis(doc) for doc in nlp.pipe(_TEXTS)]


def test_a_long_text_is_parsed_in_pieces_cut_at_paragraphs_and_kept_whole(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_PIECE_TOKENS", 60)
    paragraph = "Armenia accused Azerbaijan of shelling Tartar. The ministry denied it."
    text = "\n\n".join([paragraph] * 12) + " " + "[" * 150 + " The end."
    [doc] = parse_texts(nlp, [text], 4)
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(text)]
    assert doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")
    # cut after paragraph breaks: every paragraph parsed whole, as it is alone
    alone = nlp(paragraph)
    first = doc[: len(alone)]
    assert [(t.dep_, t.head.i, t.ent_type_) for t in first] == [
        (t.dep_, t.head.i, t.ent_type_) for t in alone
    ]
    cuts = pipeline._cuts(nlp.make_doc(text), 60)
    assert all(b - a <= 60 for a, b in cuts) and cuts[0][0] == 0 and cuts[-1][1] == len(doc)
    tokens = nlp.make_doc(text)
    in_paragraphs = [b for _a, b in cuts if b < len(tokens) - 160]  # before the run of "["
    assert in_paragraphs and all(tokens[b - 1].is_space for b in in_paragraphs)
