"""Metadata and cleaning on the user's seed articles (read from ../shared/seeds)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from sitroom.config import Settings
from sitroom.ingest import IngestFailure, iter_inputs
from sitroom.model import Article


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> dict[str, Article]:
    found: dict[str, Article] = {}
    for item in iter_inputs([str(seeds_dir)], Settings()):
        assert not isinstance(item, IngestFailure), str(item)
        found[item.doc] = item
    return found


@pytest.fixture(scope="module")
def gold_articles(gold_path: Path) -> dict[str, dict[str, object]]:
    records = (json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line)
    return {r["doc"]: r for r in records if r.get("kind") == "article"}


def _seed(articles: dict[str, Article], prefix: str) -> Article:
    [article] = [a for doc, a in articles.items() if doc.startswith(prefix)]
    return article


def test_outlet_and_dateline_match_gold(
    seed_articles: dict[str, Article], gold_articles: dict[str, dict[str, object]]
) -> None:
    assert set(seed_articles) == set(gold_articles)
    for doc, gold in gold_articles.items():
        article = seed_articles[doc]
        expected = gold["outlet"]
        got = article.outlet
        assert (got or "").casefold() == (str(expected) if expected else "").casefold(), doc
        if gold.get("dateline"):
            assert article.dateline == gold["dateline"], doc


def test_publication_dates(
    seed_articles: dict[str, Article], gold_articles: dict[str, dict[str, object]]
) -> None:
    for doc, article in seed_articles.items():
        assert article.published is not None, doc
        assert article.published_earliest is not None and article.published_latest is not None
        assert article.published_earliest <= article.published <= article.published_latest
    printed = _seed(seed_articles, "004")
    gold = gold_articles[printed.doc]
    assert not printed.published_inferred
    low = dt.date.fromisoformat(str(gold["published_earliest"]))
    high = dt.date.fromisoformat(str(gold["published_latest"]))
    assert low <= printed.published <= high  # type: ignore[operator]


def test_page_furniture_removed_from_saved_page(seed_articles: dict[str, Article]) -> None:
    article = _seed(seed_articles, "004")
    text = article.text
    assert article.raw != text and len(text) > 2000
    assert not re.search(r"https?://|www\.|\]\(|\(/|\(<", text)  # links and their residue
    assert not re.search(r"\d\s*views?\b", text, re.IGNORECASE)  # view counter
    assert not re.search(r"\b(share|subscribe|instagram|facebook|twitter)\b", text, re.IGNORECASE)
    assert "upload" not in text and ".jpg" not in text
    paragraphs = text.split("\n\n")
    assert all(len(p) > 150 for p in paragraphs), "short menu or footer lines left"
    assert article.title and article.title not in text


def test_repeated_paragraphs_analysed_once(seed_articles: dict[str, Article]) -> None:
    article = _seed(seed_articles, "003")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == len(set(paragraphs))
    sentences = re.split(r"(?<=[.!?”])\s+", article.text)
    long_ones = Counter(s for s in sentences if len(s.split()) >= 8)
    assert [s for s, n in long_ones.items() if n > 1] == []
    raw_sentences = Counter(s for s in re.split(r"(?<=[.!?”])\s+", article.raw))
    assert any(n > 1 for n in raw_sentences.values())  # the raw input keeps its repeats
    assert article.title and not article.text.startswith(article.title)


def test_single_line_seeds_keep_their_sentences(seed_articles: dict[str, Article]) -> None:
    for prefix in ("000", "001"):
        article = _seed(seed_articles, prefix)
        assert "licensed under" not in article.text
        words = article.text.split()
        assert len(words) > 1000
        # the analysed text is the raw text minus its trailer, never rewritten
        assert " ".join(article.raw.split()).startswith(" ".join(words[:200]))


def test_no_outlet_invented_for_unmarked_page(seed_articles: dict[str, Article]) -> None:
    article = _seed(seed_articles, "002")
    assert article.outlet is None
    assert not article.text.startswith("World News")
    assert "Leave a Reply" not in article.text and "Back to top" not in article.text
