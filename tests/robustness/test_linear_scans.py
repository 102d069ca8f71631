"""Every scan of untrusted text in cleaning and tokenizing is linear: the crafted inputs
that took minutes to hours (runs of "[", "](", "\\[", spaces, repeated dates, capitalised
words after a dateline) are cleaned and tokenized in well under a second per 100 KB; and
the quote extractor's time grows in proportion to a long single-line text."""

from __future__ import annotations

import time

import pytest
from spacy.language import Language

from sitroom.config import Settings
from sitroom.extract.quotes import extract_quotes
from sitroom.ingest.clean import clean_text
from sitroom.ingest.metadata import read_page_metadata
from sitroom.nlp.pipeline import load_pipeline

from .hostile import hostile_texts, quote_texts

SIZE = 100_000
LIMIT_S = 3.0  # each took 4 s at 20 KB and grew with the square of the size


@pytest.mark.parametrize("name", sorted(hostile_texts(16)))
def test_cleaning_a_crafted_text_is_linear(name: str) -> None:
    text = hostile_texts(SIZE)[name]
    started = time.monotonic()
    clean_text(text)
    read_page_metadata(text, text, None, None, None, False)
    assert time.monotonic() - started < LIMIT_S


@pytest.mark.parametrize("name", ["run-of-[", "run-of-](", 'run-of-"', "run-of-(", "run-of-*"])
def test_tokenizing_a_crafted_text_is_linear(nlp: object, name: str) -> None:
    text = hostile_texts(SIZE)[name]
    started = time.monotonic()
    doc = load_pipeline(Settings()).make_doc(text)
    assert time.monotonic() - started < LIMIT_S
    assert doc.text == text


def test_cleaning_still_finds_links_furniture_and_trailers() -> None:
    body = (
        "Shelling hit the port overnight, the ministry said [in a statement](/news/1).\n\n"
        "Follow   us   on   Telegram\n\n"
        "Subscribe    now\n\n"
        "Two civilians were wounded, officials said (/news/2.html) on Friday.\n\n"
        "Copyright 2020 Harbour Herald"
    )
    cleaned = clean_text(body)
    assert cleaned.text == (
        "Shelling hit the port overnight, the ministry said in a statement.\n\n"
        "Two civilians were wounded, officials said on Friday."
    )


def test_runs_of_symbols_are_markup_debris_and_go_while_words_stay() -> None:
    lede = "Shelling hit the port overnight, the ministry said."
    body = f"{lede} {'[' * 5000}\n\n{'=' * 120}\n\nTwo were hurt {'](' * 60} on Friday. ---- ok"
    assert clean_text(body).text == f"{lede}\n\nTwo were hurt  on Friday. ---- ok"


@pytest.mark.parametrize("name", ["news-one-line", "unbalanced-quotes", "thousands-of-said"])
def test_quote_extraction_time_grows_linearly_on_one_long_line(nlp: Language, name: str) -> None:
    # Twice the text must take about twice the time, not four times (the extractor took
    # 1.0 s at 25 KB and 8.5 s at 100 KB of news on one line, 74 s at 25 KB of 'X said "').
    # The best of three runs of each size evens out a busy machine.
    def best_time(size: int) -> float:
        doc = nlp(quote_texts(size)[name])
        times = []
        for _ in range(3):
            started = time.perf_counter()
            extract_quotes(doc)
            times.append(time.perf_counter() - started)
        return min(times)

    best_time(2_000)  # the cue lexicon, loaded once
    ratio = best_time(32_000) / best_time(16_000)
    assert ratio < 3.0, f"{name}: twice the text took {ratio:.1f} times as long"
