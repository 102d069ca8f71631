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


def _gram_hashes(words: list[str], size: int) -> np.ndarray:
    """63-bit hashes of the word ``size``-grams of ``words``, in order (repeats kept)."""
    if len(words) < size:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    # hash() is salted per process; the index lives in one process, so that is fine.
    return np.fromiter(map(hash, grams), dtype=np.int64, count=len(grams)) & _MASK


def shingle_set(text: str, size: int = 3) -> np.ndarray:
    """Sorted unique 63-bit hashes of the word ``size``-grams of ``text``."""
    return np.unique(_gram_hashes(_words(text), size))


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


_LOW32 = 0xFFFFFFFF
_PERMUTATIONS: dict[tuple[int, int], np.ndarray] = {}


def _minhash(shingles: np.ndarray, num_perm: int, seed: int) -> MinHash:
    """MinHash of already hashed shingles (their low 32 bits: no second hash).

    MinHash draws its permutations from a seeded generator on every construction;
    they depend only on ``(num_perm, seed)``, so they are drawn once and shared.
    """
    perms = _PERMUTATIONS.get((num_perm, seed))
    if perms is None:
        perms = MinHash(num_perm=num_perm, seed=seed).permutations
        _PERMUTATIONS[(num_perm, seed)] = perms
    m = MinHash(num_perm=num_perm, seed=seed, hashfunc=int, permutations=perms, scheme="affine32")
    m.update_batch((shingles & _LOW32).tolist())
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
        self._last: _Sketch | None = None

    def __len__(self) -> int:
        return len(self._shingles)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._shingles

    def _sketch(self, text: str) -> _Sketch:
        """``text``'s shingles and MinHashes; the last text's are kept, since a new article
        is queried and then added."""
        last = self._last
        if last is None or last.text != text:
            last = _Sketch(text, self.shingle_size, self.min_paragraph_words)
            self._last = last
        return last

    def add(self, article_id: str, text: str) -> None:
        """Index ``text`` under ``article_id`` (a second add of the same id is ignored)."""
        if article_id in self._shingles:
            return
        sketch = self._sketch(text)
        self._shingles[article_id] = sketch.shingles
        self._lsh.insert(article_id, sketch.minhash(self.num_perm, self.seed))
        for i, p_shingles, minhash in sketch.paragraphs(self.num_perm, self.seed):
            key = f"{article_id}\x1f{i}"
            self._paragraphs[key] = p_shingles
            self._paragraph_lsh.insert(key, minhash)

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed ids whose exact Jaccard with ``text`` reaches the threshold, best first."""
        sketch = self._sketch(text)
        shingles = sketch.shingles
        if shingles.size == 0:
            return []
        hits: list[tuple[str, float]] = []
        for candidate in self._lsh.query(sketch.minhash(self.num_perm, self.seed)):
            score = jaccard(shingles, self._shingles[candidate])
            if score >= self.threshold:
                hits.append((candidate, score))
        return sorted(hits, key=lambda h: (-h[1], h[0]))

    def query_paragraphs(self, text: str) -> list[SharedParagraph]:
        """Paragraphs of ``text`` that copy a paragraph of an indexed article."""
        found: list[SharedParagraph] = []
        for i, shingles, minhash in self._sketch(text).paragraphs(self.num_perm, self.seed):
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


class _Sketch:
    """A text's shingle set and its long paragraphs', with their MinHashes, each made once.

    The words of a text are its paragraphs' words in order (no word spans a line
    break), so a paragraph's grams are a run of the text's own: the text's gram
    hashes are computed once and each paragraph takes its slice.
    """

    __slots__ = ("_minhash", "_paragraphs", "_spans", "_hashes", "shingles", "size", "text")

    def __init__(self, text: str, size: int, min_paragraph_words: int) -> None:
        self.text = text
        self.size = size
        words: list[str] = []
        # (paragraph index, first word, end word) of the paragraphs long enough to index
        self._spans: list[tuple[int, int, int]] = []
        for i, paragraph in enumerate(split_paragraphs(text)):
            own = _words(paragraph)
            if len(own) >= min_paragraph_words:
                self._spans.append((i, len(words), len(words) + len(own)))
            words.extend(own)
        self._hashes = _gram_hashes(words, size)
        self.shingles = np.unique(self._hashes)
        self._minhash: MinHash | None = None
        self._paragraphs: list[tuple[int, np.ndarray, MinHash]] | None = None

    def minhash(self, num_perm: int, seed: int) -> MinHash:
        if self._minhash is None:
            self._minhash = _minhash(self.shingles, num_perm, seed)
        return self._minhash

    def paragraphs(self, num_perm: int, seed: int) -> list[tuple[int, np.ndarray, MinHash]]:
        """(paragraph index, shingle set, MinHash) of each paragraph long enough to index."""
        if self._paragraphs is None:
            out = []
            for i, start, end in self._spans:
                if end - start >= self.size:
                    shingles = np.unique(self._hashes[start : end - self.size + 1])
                else:  # shorter than one gram: the paragraph's words are its only gram
                    shingles = shingle_set(split_paragraphs(self.text)[i], self.size)
                out.append((i, shingles, _minhash(shingles, num_perm, seed)))
            self._paragraphs = out
        return self._paragraphs
