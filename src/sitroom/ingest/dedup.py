"""Near-duplicate articles and syndicated paragraphs: MinHash LSH, confirmed exactly.

Agency copy is republished with small edits, reordered paragraphs and each
site's own furniture. Candidates come from MinHash LSH over word shingles: each
article's and each long paragraph's MinHash (datasketch) is cut into bands, as
datasketch's ``MinHashLSH`` tunes them, and every band becomes a stable 64-bit
key. The keys, and each article's gram hashes, live in a band backend: dicts in
memory, or tables in the store (``sitroom.store.bands.StoreBands``), so the
index of a whole archive stays in the database, not in the process, and lasts
from one run to the next. Each candidate is confirmed by the exact Jaccard
similarity of the shingle sets, so the index never reports a pair that only
collided in LSH. Copies are linked, not discarded: the caller decides what a copy means
(one source, not two, when counting independent reports of an incident).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_MASK = (1 << 63) - 1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _gram_hashes(words: list[str], size: int) -> np.ndarray:
    """63-bit hashes of the word ``size``-grams of ``words``, in order (repeats kept).

    The hash is stable (BLAKE2b, not Python's per-process salted ``hash()``): band keys
    made from it are stored and compared across runs.
    """
    if len(words) < size:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    blake = hashlib.blake2b
    digests = b"".join(
        [blake(g.encode("utf-8", "surrogatepass"), digest_size=8).digest() for g in grams]
    )
    return np.frombuffer(digests, dtype="<i8").astype(np.int64) & _MASK


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
    """MinHash of already hashed shingles (their low 32 bits: no second hash; repeats
    change no minimum).

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


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's ``MinHashLSH`` picks for ``threshold``."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


_ARTICLE_LEVEL, _PARAGRAPH_LEVEL = 0, 1


def band_keys(level: int, minhash: MinHash, bands: tuple[int, int]) -> list[int]:
    """Stable signed 64-bit keys of ``minhash``'s LSH bands at ``level`` (article or paragraph).

    Two MinHashes share a key when they agree on all the values of one band (as in
    ``MinHashLSH``); the level, band number and band size are hashed in, so keys of
    different levels or bands never meet.
    """
    b, r = bands
    values = minhash.hashvalues.astype("<u8").tobytes()
    width = 8 * r
    prefix = bytes((level, r))
    blake = hashlib.blake2b
    return [
        int.from_bytes(
            blake(
                prefix + i.to_bytes(2, "little") + values[i * width : (i + 1) * width],
                digest_size=8,
            ).digest(),
            "little",
            signed=True,
        )
        for i in range(b)
    ]


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


class Grams(NamedTuple):
    """What an index keeps of an article to confirm candidates: no text, no MinHashes.

    ``hashes`` are the gram hashes of the text in order (``_gram_hashes``) and
    ``spans`` the (paragraph index, first word, end word) of each paragraph long
    enough to index, as an ``(n, 3)`` int array: the shingle sets of the article and
    of its paragraphs follow from them without re-reading or re-hashing the text.
    """

    hashes: np.ndarray
    spans: np.ndarray


class Band(NamedTuple):
    """One LSH band of an indexed article (``paragraph`` None) or of one of its paragraphs."""

    key: int
    article_id: str
    paragraph: int | None


class IndexedArticle(NamedTuple):
    """An article as the index hands it to a backend: its grams and its bands."""

    article_id: str
    grams: Grams
    bands: list[Band]


POSTINGS_PER_KEY = 64
"""Postings a band lookup reads per key at most: the first in (article id, paragraph) order.

A key shared by many articles is a template's or a widely syndicated story's; its
postings grow with the archive, and with them the candidates to confirm (on generated
text, a hundred stored articles per new one at 10,000 stored). A true copy shares many
keys, most of them rare, and a story with many copies still finds this many of them
through each key: the bound keeps the cost of a lookup flat in the size of the index.
"""


CANDIDATES_PER_QUERY = 24
"""Candidate articles a query confirms at most: those sharing the most band keys with it.

Postings per key are bounded, but the keys whose postings fill up grow with the archive
(text that shares a template or a turn of phrase with a fixed share of all articles:
62 article candidates per generated article at 10,000 stored, 140 at 50,000), and each
candidate's grams are read and compared. The more alike two texts, the more bands they
share (of 32 article bands of 4 rows, expected J**4 * 32: about 21 at Jaccard 0.9, 2 at the
0.5 threshold, one in two at 0.35), so ranking candidates by the keys they share and
confirming this many keeps the copies and drops chance collisions; ties go to the
smaller article id. On a store where no query has more candidates, nothing changes.
"""


def _best(shared: Counter[str], most: int) -> list[str]:
    """The ``most`` article ids sharing the most keys (ties: smaller id first), sorted."""
    if len(shared) <= most:
        return sorted(shared)
    return sorted(sorted(shared, key=lambda a: (-shared[a], a))[:most])


def _posting_order(posting: tuple[str, int | None]) -> tuple[str, int]:
    return posting[0], -1 if posting[1] is None else posting[1]


class BandBackend(Protocol):
    """Where a ``NearDuplicateIndex`` keeps its bands and its articles' grams."""

    def insert(self, articles: Sequence[IndexedArticle]) -> None:
        """Store ``articles`` (none of them indexed yet)."""

    def lookup(self, keys: Collection[int]) -> list[Band]:
        """The stored bands whose key is one of ``keys``: of each key, the first
        ``POSTINGS_PER_KEY`` in (article id, paragraph) order."""

    def grams(self, article_ids: Collection[str]) -> dict[str, Grams]:
        """Grams of the indexed articles among ``article_ids``."""

    def hashes(self, article_ids: Collection[str]) -> dict[str, np.ndarray]:
        """The gram hashes (``Grams.hashes``) of the indexed articles among ``article_ids``."""

    def indexed(self, article_ids: Collection[str]) -> set[str]:
        """Those of ``article_ids`` that are indexed."""

    def count(self) -> int:
        """Number of indexed articles."""


class MemoryBands:
    """Bands and grams in dicts: for tests and short-lived indexes."""

    def __init__(self, postings_per_key: int = POSTINGS_PER_KEY) -> None:
        self._postings: dict[int, list[tuple[str, int | None]]] = {}
        self._grams: dict[str, Grams] = {}
        self.postings_per_key = postings_per_key

    def insert(self, articles: Sequence[IndexedArticle]) -> None:
        """Store ``articles``."""
        for article in articles:
            self._grams[article.article_id] = article.grams
            for band in article.bands:
                self._postings.setdefault(band.key, []).append((band.article_id, band.paragraph))

    def lookup(self, keys: Collection[int]) -> list[Band]:
        """The stored bands whose key is one of ``keys``, ``postings_per_key`` of each at most."""
        postings, most = self._postings, self.postings_per_key
        return [
            Band(key, aid, p)
            for key in set(keys)
            for aid, p in sorted(postings.get(key, ()), key=_posting_order)[:most]
        ]

    def grams(self, article_ids: Collection[str]) -> dict[str, Grams]:
        """Grams of the indexed articles among ``article_ids``."""
        return {aid: self._grams[aid] for aid in article_ids if aid in self._grams}

    def hashes(self, article_ids: Collection[str]) -> dict[str, np.ndarray]:
        """The gram hashes of the indexed articles among ``article_ids``."""
        return {aid: g.hashes for aid, g in self.grams(article_ids).items()}

    def indexed(self, article_ids: Collection[str]) -> set[str]:
        """Those of ``article_ids`` that are indexed."""
        return {aid for aid in article_ids if aid in self._grams}

    def count(self) -> int:
        """Number of indexed articles."""
        return len(self._grams)


class NearDuplicateIndex:
    """Finds indexed articles (and paragraphs) that a new text copies.

    Where the index lives is its ``bands`` backend (``MemoryBands`` by default); the
    algorithm is the same on every backend.
    """

    def __init__(
        self,
        threshold: float = 0.5,
        paragraph_threshold: float = 0.7,
        num_perm: int = 128,
        shingle_size: int = 3,
        min_paragraph_words: int = 8,
        seed: int = 1,
        *,
        bands: BandBackend | None = None,
        batch_size: int = 200,
        candidates_per_query: int = CANDIDATES_PER_QUERY,
    ) -> None:
        if min_paragraph_words < shingle_size:
            raise ValueError("min_paragraph_words must be at least shingle_size")
        self.threshold = threshold
        self.paragraph_threshold = paragraph_threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.min_paragraph_words = min_paragraph_words
        self.seed = seed
        self.bands: BandBackend = bands if bands is not None else MemoryBands()
        # LSH is tuned below the confirmation threshold: a lower LSH threshold
        # costs a few more exact checks and loses fewer true copies.
        self._article_bands = lsh_bands(max(0.1, threshold * 0.7), num_perm)
        self._paragraph_bands = lsh_bands(max(0.1, paragraph_threshold * 0.7), num_perm)
        self._batch_size = batch_size
        self.candidates_per_query = candidates_per_query
        self._last: tuple[str, _Sketch] | None = None

    def __len__(self) -> int:
        return self.bands.count()

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and bool(self.bands.indexed([article_id]))

    def _sketch(self, text: str) -> _Sketch:
        """``text``'s shingles and MinHashes; the last text's are kept, since a new article
        is queried and then added."""
        if self._last is None or self._last[0] != text:
            self._last = (
                text,
                _Sketch.of_text(text, self.shingle_size, self.min_paragraph_words),
            )
        return self._last[1]

    def add(self, article_id: str, text: str) -> None:
        """Index ``text`` under ``article_id`` (a second add of the same id is ignored)."""
        self.add_many([(article_id, text)])

    def add_many(self, articles: Iterable[tuple[str, str]]) -> int:
        """Index (article id, text) pairs, a batch at a time; returns how many were new."""
        added = 0
        batch: dict[str, str] = {}
        for article_id, text in articles:
            batch.setdefault(article_id, text)
            if len(batch) >= self._batch_size:
                added += self._add_batch(batch)
                batch = {}
        if batch:
            added += self._add_batch(batch)
        return added

    def _add_batch(self, batch: dict[str, str]) -> int:
        known = self.bands.indexed(batch)
        entries: list[IndexedArticle] = []
        for article_id, text in batch.items():
            if article_id in known:
                continue
            sketch = self._sketch(text)
            bands: list[Band] = []
            if sketch.grams.hashes.size:
                keys = self._keys(_ARTICLE_LEVEL, sketch.minhash(self.num_perm, self.seed))
                bands.extend(Band(key, article_id, None) for key in keys)
            for i, _, minhash in sketch.paragraphs(self.num_perm, self.seed):
                keys = self._keys(_PARAGRAPH_LEVEL, minhash)
                bands.extend(Band(key, article_id, i) for key in keys)
            entries.append(IndexedArticle(article_id, sketch.grams, bands))
        if entries:
            self.bands.insert(entries)
        return len(entries)

    def _keys(self, level: int, minhash: MinHash) -> list[int]:
        bands = self._article_bands if level == _ARTICLE_LEVEL else self._paragraph_bands
        return band_keys(level, minhash, bands)

    def _candidates(self, article_ids: Collection[str]) -> dict[str, _Sketch]:
        """Sketches of the indexed articles among ``article_ids``."""
        grams = self.bands.grams(article_ids) if article_ids else {}
        return {article_id: _Sketch(g, self.shingle_size) for article_id, g in grams.items()}

    def query(self, text: str) -> list[tuple[str, float]]:
        """Indexed ids whose exact Jaccard with ``text`` reaches the threshold, best first."""
        sketch = self._sketch(text)
        mine = sketch.unique()
        if not mine.size:
            return []
        keys = self._keys(_ARTICLE_LEVEL, sketch.minhash(self.num_perm, self.seed))
        shared = Counter(b.article_id for b in self.bands.lookup(keys) if b.paragraph is None)
        candidates = _best(shared, self.candidates_per_query)
        found = self.bands.hashes(candidates) if candidates else {}
        ids = sorted(found)
        shared, sizes = _shared_counts(mine, [found[a] for a in ids])
        scores = shared / (mine.size + sizes - shared)
        hits = [
            (candidate, float(score))
            for candidate, score in zip(ids, scores.tolist(), strict=True)
            if score >= self.threshold
        ]
        return sorted(hits, key=lambda h: (-h[1], h[0]))

    def query_paragraphs(self, text: str) -> list[SharedParagraph]:
        """Paragraphs of ``text`` that copy a paragraph of an indexed article."""
        mine: dict[int, set[int]] = {}
        paragraphs_of_key: dict[int, list[int]] = {}
        for i, shingles, minhash in self._sketch(text).paragraphs(self.num_perm, self.seed):
            mine[i] = shingles
            for key in self._keys(_PARAGRAPH_LEVEL, minhash):
                paragraphs_of_key.setdefault(key, []).append(i)
        pairs: set[tuple[int, str, int]] = set()
        shared: Counter[str] = Counter()
        for band in self.bands.lookup(paragraphs_of_key):
            if band.paragraph is not None:
                shared[band.article_id] += 1
                for i in paragraphs_of_key[band.key]:
                    pairs.add((i, band.article_id, band.paragraph))
        others = {
            article_id: dict(sketch.paragraph_shingles())
            for article_id, sketch in self._candidates(
                _best(shared, self.candidates_per_query)
            ).items()
        }
        found: list[SharedParagraph] = []
        for i, article_id, j in pairs:
            theirs = others.get(article_id, {}).get(j)
            if theirs is None:
                continue
            # Jaccard, or the shorter paragraph's containment in the longer if higher
            # (as ``shared_paragraphs`` scores a pair).
            shared = len(mine[i] & theirs)
            score = shared / min(len(mine[i]), len(theirs))
            if score >= self.paragraph_threshold:
                found.append(SharedParagraph(i, article_id, j, score))
        return sorted(
            found, key=lambda s: (s.paragraph, -s.similarity, s.article_id, s.other_paragraph)
        )


def _shared_counts(mine: np.ndarray, others: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``others`` (gram hashes, repeats allowed): how many of its distinct
    hashes are in ``mine`` (sorted unique), and how many distinct hashes it has.

    One pass over all candidates at once in numpy: an article has scores of candidates
    to confirm, and a Python set per candidate cost more than the comparison itself.
    """
    n = len(others)
    if not n:
        return np.zeros(0), np.zeros(0)
    lengths = np.fromiter((a.size for a in others), dtype=np.int64, count=n)
    owner = np.repeat(np.arange(n), lengths)
    values = np.concatenate(others)
    # A stable sort by value keeps each value's copies in owner order: a repeat within
    # one candidate sits next to its first copy.
    order = np.argsort(values, kind="stable")
    values, owner = values[order], owner[order]
    distinct = np.ones(values.size, dtype=bool)
    distinct[1:] = (values[1:] != values[:-1]) | (owner[1:] != owner[:-1])
    values, owner = values[distinct], owner[distinct]
    at = np.minimum(np.searchsorted(mine, values), max(mine.size - 1, 0))
    hit = mine[at] == values if mine.size else np.zeros(values.size, dtype=bool)
    sizes = np.bincount(owner, minlength=n).astype(np.float64)
    shared = np.bincount(owner, weights=hit, minlength=n)
    return shared, sizes


class _Sketch:
    """An article's shingle set and its long paragraphs', with their MinHashes, each made once.

    The words of a text are its paragraphs' words in order (no word spans a line
    break), so a paragraph's grams are a run of the text's own: the text's gram
    hashes are computed once and each paragraph takes its slice. The article's
    shingles are a sorted array (all article candidates are confirmed at once by
    ``_shared_counts``); a paragraph's are a Python set, confirmed pair by pair.
    """

    __slots__ = (
        "_minhash",
        "_paragraph_shingles",
        "_paragraphs",
        "_unique",
        "grams",
        "size",
    )

    def __init__(self, grams: Grams, size: int) -> None:
        self.grams = grams
        self.size = size
        self._unique: np.ndarray | None = None
        self._minhash: MinHash | None = None
        self._paragraph_shingles: list[tuple[int, set[int]]] | None = None
        self._paragraphs: list[tuple[int, set[int], MinHash]] | None = None

    @classmethod
    def of_text(cls, text: str, size: int, min_paragraph_words: int) -> _Sketch:
        """The sketch of ``text``: paragraphs under ``min_paragraph_words`` words are not
        indexed (``min_paragraph_words >= size``, so an indexed one has whole grams)."""
        words: list[str] = []
        spans: list[tuple[int, int, int]] = []
        for i, paragraph in enumerate(split_paragraphs(text)):
            own = _words(paragraph)
            if len(own) >= min_paragraph_words:
                spans.append((i, len(words), len(words) + len(own)))
            words.extend(own)
        array = np.array(spans, dtype=np.int64).reshape(len(spans), 3)
        return cls(Grams(_gram_hashes(words, size), array), size)

    def unique(self) -> np.ndarray:
        """The article's shingles as a sorted array of distinct hashes."""
        if self._unique is None:
            self._unique = np.unique(self.grams.hashes)
        return self._unique

    def minhash(self, num_perm: int, seed: int) -> MinHash:
        if self._minhash is None:
            self._minhash = _minhash(self.grams.hashes, num_perm, seed)
        return self._minhash

    def paragraph_shingles(self) -> list[tuple[int, set[int]]]:
        """(paragraph index, shingle set) of each paragraph long enough to index."""
        if self._paragraph_shingles is None:
            hashes = self.grams.hashes
            self._paragraph_shingles = [
                (i, set(hashes[start : end - self.size + 1].tolist()))
                for i, start, end in self.grams.spans.tolist()
            ]
        return self._paragraph_shingles

    def paragraphs(self, num_perm: int, seed: int) -> list[tuple[int, set[int], MinHash]]:
        """(paragraph index, shingle set, MinHash) of each paragraph long enough to index."""
        if self._paragraphs is None:
            hashes = self.grams.hashes
            self._paragraphs = [
                (i, shingles, _minhash(hashes[start : end - self.size + 1], num_perm, seed))
                for (i, shingles), (_, start, end) in zip(
                    self.paragraph_shingles(), self.grams.spans.tolist(), strict=True
                )
            ]
        return self._paragraphs
