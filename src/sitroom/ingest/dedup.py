"""Near-duplicate articles and syndicated paragraphs: MinHash LSH, confirmed exactly.

Agency copy is republished with small edits, reordered paragraphs and each
site's own furniture. Candidates come from MinHash LSH over word shingles
(datasketch); each candidate is confirmed by the exact Jaccard similarity of the
shingle sets, so the index never reports a pair that only collided in LSH.
Copies are linked, not discarded: the caller decides what a copy means (one
source, not two, when counting independent reports of an incident).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_MASK = (1 << 63) - 1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingle_set(text: str, size: int = 3) -> np.ndarray:
    """Sorted unique 63-bit hashes of the word ``size``-grams of ``text``."""
    words = _words(text)
    if len(words) < size:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    # hash() is salted per process; the index lives in one process, so that is fine.
    return np.unique(np.fromiter((hash(g) & _MASK for g in grams), dtype=np.int64))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of ``a``'s shingles that are also in ``b``."""
    if a.size == 0:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / a.size


def _low32(value: int) -> int:
    # Shingles are already hashed; MinHash needs 32-bit values, not a second hash.
    return value & 0xFFFFFFFF


def _minhash(shingles: np.ndarray, num_perm: int, seed: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=_low32)
    m.update_batch(shingles.tolist())
    return m


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of an analysed text (blank-line or line separated)."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def shared_paragraphs(
    text: str, other_text: str, threshold: float = 0.7, min_words: int = 8
) -> list[tuple[int, int]]:
    """Index pairs (i, j) of paragraphs of ``text`` and ``other_text`` that are copies.

    Two paragraphs are copies when the Jaccard similarity of their word-trigram
    sets, or the containment of the shorter one in the longer, reaches
    ``threshold``; paragraphs under ``min_words`` words are ignored.
    """
    mine = [shingle_set(p) for p in split_paragraphs(text)]
    theirs = [shingle_set(p) for p in split_paragraphs(other_text)]
    mine_ok = [len(_words(p)) >= min_words for p in split_paragraphs(text)]
    theirs_ok = [len(_words(p)) >= min_words for p in split_paragraphs(other_text)]
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(mine):
        if not mine_ok[i]:
            continue
        for j, b in enumerate(theirs):
            if not theirs_ok[j]:
                continue
            small, large = (a, b) if a.size <= b.size else (b, a)
            if jaccard(a, b) >= threshold or containment(small, large) >= threshold:
                pairs.append((i, j))
    return pairs


@dataclass(slots=True)
class SharedParagraph:
    """A paragraph of the queried text that also appears in an indexed article."""

    paragraph: int
    article_id: str
    other_paragraph: int
    similarity: float


class NearDuplicateIndex:
    """Finds indexed articles (and paragraphs) that a new text copies."""

    def __init__(
        self,
        threshold: float = 0.5,
        paragraph_threshold: float = 0.7,
        num_perm: int = 128,
        shingle_size: int = 3,
        min_paragraph_words: int = 8,
        seed: int = 1,
    ) -> None:
        self.threshold = threshold
        self.paragraph_threshold = paragraph_threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.min_paragraph_words = min_paragraph_words
        self.seed = seed
        # LSH is tuned below the confirmation threshold: a lower LSH threshold
        # costs a few more exact checks and loses fewer true copies.
        self._lsh = MinHashLSH(threshold=max(0.1, threshold * 0.7), num_perm=num_perm)
        self._paragraph_lsh = MinHashLSH(
            threshold=max(0.1, paragraph_threshold * 0.7), num_perm=num_perm
        )
        self._shingles: dict[str, np.ndarray] = {}
        self._paragraphs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._shingles)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._shingles

    def add(self, article_id: str, text: str) -> None:
        """Index ``text`` under ``article_id`` (a second add of the same id is ignored)."""
        if article_id in self._shingles:
            return
        shingles = shingle_set(text, self.shingle_size)
        self._shingles[article_id] = shingles
        self._lsh.insert(article_id, _minhash(shingles, self.num_perm, self.seed))
        for i, paragraph in enumerate(split_paragraphs(text)):
            if len(_words(paragraph)) < self.min_paragraph_words:
                continue
            key = f"{article_id}\x1f{i}"
            p_shingles = shingle_set(paragraph, self.shingle_size)
            self._paragraphs[key] = p_shingles
            self._paragraph_lsh.insert(key, _minhash(p_shingles, self.num_perm, self.seed))

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed ids whose exact Jaccard with ``text`` reaches the threshold, best first."""
        shingles = shingle_set(text, self.shingle_size)
        if shingles.size == 0:
            return []
        hits: list[tuple[str, float]] = []
        for candidate in self._lsh.query(_minhash(shingles, self.num_perm, self.seed)):
            score = jaccard(shingles, self._shingles[candidate])
            if score >= self.threshold:
                hits.append((candidate, score))
        return sorted(hits, key=lambda h: (-h[1], h[0]))

    def query_paragraphs(self, text: str) -> list[SharedParagraph]:
        """Paragraphs of ``text`` that copy a paragraph of an indexed article."""
        found: list[SharedParagraph] = []
        for i, paragraph in enumerate(split_paragraphs(text)):
            if len(_words(paragraph)) < self.min_paragraph_words:
                continue
            shingles = shingle_set(paragraph, self.shingle_size)
            minhash = _minhash(shingles, self.num_perm, self.seed)
            for key in self._paragraph_lsh.query(minhash):
                other = self._paragraphs[key]
                small, large = (
                    (shingles, other) if shingles.size <= other.size else (other, shingles)
                )
                score = max(jaccard(shingles, other), containment(small, large))
                if score >= self.paragraph_threshold:
                    article_id, index = key.rsplit("\x1f", 1)
                    found.append(SharedParagraph(i, article_id, int(index), score))
        return sorted(found, key=lambda s: (s.paragraph, -s.similarity, s.article_id))
