"""The near-duplicate index kept in the store: the same answers as in memory, across Stores."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from sitroom.ingest.dedup import Band, Grams, IndexedArticle, MemoryBands, NearDuplicateIndex
from sitroom.model import Article
from sitroom.store import Store
from sitroom.store.bands import StoreBands
from tests.ingest.syndication import SyndicationSet, make_syndication_set


def _article(key: str, text: str) -> Article:
    h = hashlib.sha256(text.encode()).hexdigest()
    return Article(doc=f"{key}.txt", text=text, raw=text, content_hash=h, id=h[:16])


@pytest.fixture(scope="module")
def corpus() -> SyndicationSet:
    return make_syndication_set(n=30)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, corpus: SyndicationSet) -> Path:
    """A store holding the corpus's originals, indexed by a store-backed index."""
    path = tmp_path_factory.mktemp("bands") / "bands.db"
    store = Store.open(str(path))
    for key, text in corpus.originals.items():
        store.save(_article(key, text), None)
    NearDuplicateIndex(bands=StoreBands(store)).add_many(
        (_article(key, text).id, text) for key, text in corpus.originals.items()
    )
    store.close()
    return path


def _memory_index(corpus: SyndicationSet) -> NearDuplicateIndex:
    index = NearDuplicateIndex(bands=MemoryBands())
    index.add_many((_article(key, text).id, text) for key, text in corpus.originals.items())
    return index


def test_a_new_store_object_finds_the_same_copies_as_the_memory_index(
    db: Path, corpus: SyndicationSet
) -> None:
    memory = _memory_index(corpus)
    store = Store.open(str(db))  # another Store, as a later run opens it
    stored = NearDuplicateIndex(bands=StoreBands(store))
    assert len(stored) == len(memory) == len(corpus.originals)
    queries = [text for text, _ in corpus.copies] + corpus.distinct
    copies_found = 0
    for text in queries:
        hits = stored.query(text)
        assert hits == memory.query(text)
        copies_found += bool(hits)
    assert copies_found >= 0.95 * len(corpus.copies)
    for text, key, k, j in corpus.shared:
        found = stored.query_paragraphs(text)
        assert found == memory.query_paragraphs(text)
        assert any(
            (s.paragraph, s.article_id, s.other_paragraph)
            == (k, _article(key, corpus.originals[key]).id, j)
            for s in found
        )
    store.close()


def test_adding_again_is_ignored_and_unindexed_lists_only_the_rest(
    db: Path, corpus: SyndicationSet
) -> None:
    store = Store.open(str(db))
    bands = StoreBands(store)
    index = NearDuplicateIndex(bands=bands)
    key, text = next(iter(corpus.originals.items()))
    assert _article(key, text).id in index
    assert index.add_many([(_article(key, text).id, text)]) == 0
    assert list(bands.unindexed()) == []
    late = _article("late", corpus.distinct[0])
    other = _article("other", corpus.distinct[1])
    store.save(late, None)
    store.save(other, None)
    assert list(bands.unindexed(exclude=other.id)) == [(late.id, late.text)]
    assert sorted(aid for aid, _ in bands.unindexed(page=1)) == sorted([late.id, other.id])
    assert index.add_many(bands.unindexed()) == 2
    assert list(bands.unindexed()) == []
    store.close()


def test_deleting_an_article_deletes_its_bands(tmp_path: Path, corpus: SyndicationSet) -> None:
    path = tmp_path / "one.db"
    store = Store.open(str(path))
    key, text = next(iter(corpus.originals.items()))
    a = _article(key, text)
    store.save(a, None)
    NearDuplicateIndex(bands=StoreBands(store)).add(a.id, text)
    store.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=ON")
    assert con.execute("SELECT count(*) FROM article_bands").fetchone()[0] > 0
    con.execute("DELETE FROM articles")
    con.commit()
    counts = [
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("article_bands", "article_grams")
    ]
    con.close()
    assert counts == [0, 0]


def test_a_lookup_reads_a_bounded_number_of_postings_per_key_in_id_order(tmp_path: Path) -> None:
    """A key many articles share (a template's) yields its first postings by article id and
    paragraph, in the store as in memory; rare keys yield all of theirs."""
    store = Store.open(str(tmp_path / "cap.db"))
    articles = []
    for n in range(7):
        article = _article(f"t{n}", f"template text number {n}")
        store.save(article, None)
        bands = [Band(99, article.id, None), Band(5, article.id, 2), Band(5, article.id, 1)]
        if n == 3:
            bands.append(Band(42, article.id, None))
        grams = Grams(np.zeros(1, dtype=np.int64), np.zeros((0, 3), dtype=np.int64))
        articles.append(IndexedArticle(article.id, grams, bands))
    first = sorted(a.article_id for a in articles)
    memory = MemoryBands(postings_per_key=3)
    memory.insert(articles)
    stored = StoreBands(store, postings_per_key=3)
    stored.insert(articles)
    for backend in (memory, stored):
        found = sorted(backend.lookup([99, 42, 5, 7]))
        assert [b for b in found if b.key == 99] == [Band(99, a, None) for a in first[:3]]
        assert [b for b in found if b.key == 42] == [Band(42, articles[3].article_id, None)]
        # Paragraph keys: an article's paragraphs in order, then the next article's.
        assert [(b.article_id, b.paragraph) for b in found if b.key == 5] == [
            (first[0], 1),
            (first[0], 2),
            (first[1], 1),
        ]
    assert len(StoreBands(store).lookup([99])) == 7  # under the default bound: every posting
    store.close()
