"""Near-duplicate and syndicated-paragraph detection on a generated syndication set."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from sitroom.ingest.dedup import (
    NearDuplicateIndex,
    _minhash,
    _shared_counts,
    _Sketch,
    _words,
    jaccard,
    shared_paragraphs,
    shingle_set,
    split_paragraphs,
)
from tests.ingest.syndication import SyndicationSet, make_syndication_set, precision_recall


@pytest.fixture(scope="module")
def corpus() -> SyndicationSet:
    return make_syndication_set()


@pytest.fixture(scope="module")
def index(corpus: SyndicationSet) -> NearDuplicateIndex:
    idx = NearDuplicateIndex()
    for key, text in corpus.originals.items():
        idx.add(key, text)
    return idx


def evaluate(corpus: SyndicationSet, index: NearDuplicateIndex) -> tuple[float, float]:
    """Precision and recall of copy -> original links over copies and distinct articles."""
    queries = [text for text, _ in corpus.copies] + corpus.distinct
    truth = {(i, key) for i, (_, key) in enumerate(corpus.copies)}
    found = {(i, hit) for i, text in enumerate(queries) for hit, _ in index.query(text)}
    return precision_recall(found, truth)


def test_near_duplicates_precision_recall(
    corpus: SyndicationSet, index: NearDuplicateIndex
) -> None:
    precision, recall = evaluate(corpus, index)
    assert precision >= 0.95
    assert recall >= 0.95


def test_query_scores_are_exact_jaccard(corpus: SyndicationSet, index: NearDuplicateIndex) -> None:
    text, key = corpus.copies[1]  # a reordered copy
    hits = dict(index.query(text))
    assert hits[key] == pytest.approx(
        jaccard(shingle_set(text), shingle_set(corpus.originals[key]))
    )
    assert hits[key] > 0.8


def test_originals_are_not_copies_of_each_other(
    corpus: SyndicationSet, index: NearDuplicateIndex
) -> None:
    for key, text in corpus.originals.items():
        assert [hit for hit, _ in index.query(text)] == [key]


def test_shared_paragraph_found_between_different_stories(corpus: SyndicationSet) -> None:
    for text, key, k, j in corpus.shared:
        assert shared_paragraphs(text, corpus.originals[key]) == [(k, j)]


def test_index_finds_shared_paragraphs(corpus: SyndicationSet, index: NearDuplicateIndex) -> None:
    found = 0
    for text, key, k, j in corpus.shared:
        pairs = {
            (s.paragraph, s.article_id, s.other_paragraph) for s in index.query_paragraphs(text)
        }
        found += (k, key, j) in pairs
        assert not index.query(text)  # one shared paragraph does not make a copy
    assert found / len(corpus.shared) >= 0.95


def test_add_is_idempotent_and_empty_text_is_safe() -> None:
    idx = NearDuplicateIndex()
    idx.add("a", "Troops crossed the river at dawn, the ministry said.")
    idx.add("a", "something else entirely")
    assert len(idx) == 1 and "a" in idx
    assert idx.query("") == []


def test_sketch_reuses_the_texts_grams_for_its_paragraphs(corpus: SyndicationSet) -> None:
    # The index hashes a text's grams once and slices them per paragraph: the slices
    # must be exactly the paragraphs' own shingle sets.
    for text, _ in corpus.copies[:5]:
        sketch = _Sketch.of_text(text, 3, 8)
        assert sketch.unique().tolist() == shingle_set(text).tolist()
        paragraphs = split_paragraphs(text)
        indexed = sketch.paragraphs(128, 1)
        assert [i for i, _, _ in indexed] == [
            i for i, p in enumerate(paragraphs) if len(_words(p)) >= 8
        ]
        assert indexed
        for i, shingles, minhash in indexed:
            own = shingle_set(paragraphs[i])
            assert shingles == set(own.tolist())
            assert np.array_equal(minhash.hashvalues, _minhash(own, 128, 1).hashvalues)


def test_minhash_matches_a_fresh_datasketch_minhash(corpus: SyndicationSet) -> None:
    shingles = shingle_set(next(iter(corpus.originals.values())))
    fresh = MinHash(num_perm=128, seed=1, hashfunc=lambda v: v & 0xFFFFFFFF)
    fresh.update_batch(shingles.tolist())
    assert np.array_equal(_minhash(shingles, 128, 1).hashvalues, fresh.hashvalues)


def test_shared_counts_agree_with_python_sets() -> None:
    rng = np.random.default_rng(3)
    mine = np.unique(rng.integers(0, 50, size=30))
    others = [rng.integers(0, 60, size=n) for n in (0, 1, 7, 40, 40)]  # repeats within each
    shared, sizes = _shared_counts(mine, others)
    mine_set = set(mine.tolist())
    assert shared.tolist() == [len(mine_set & set(o.tolist())) for o in others]
    assert sizes.tolist() == [len(set(o.tolist())) for o in others]
    assert [len(a) for a in _shared_counts(mine, [])] == [0, 0]
