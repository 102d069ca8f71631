"""Resolution and near-duplicate linking read a bounded amount as the store grows: their
statements are served from indexes (migration 0008), and a near-duplicate query confirms
a bounded number of candidates."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Collection
from pathlib import Path

import numpy as np
from sqlalchemy.dialects import sqlite as sqlite_dialect

from sitroom.ingest.dedup import MemoryBands, NearDuplicateIndex
from sitroom.store import Store
from sitroom.store import incidents as si
from tests.resolve.factory import article, event
from tests.store.alembic_helpers import alembic_to


def _link_indexes(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    names = [r[1] for r in con.execute("PRAGMA index_list(article_links)") if r[3] == "c"]
    out = {n: [r[2] for r in con.execute(f"PRAGMA index_info({n})")] for n in names}
    con.close()
    return out


def test_an_old_store_gets_the_links_index_and_a_downgrade_drops_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    alembic_to(path, "0007")
    assert "ix_article_links_other" not in _link_indexes(path)
    Store.open(str(path)).close()
    assert _link_indexes(path)["ix_article_links_other"] == ["other_id", "kind"]
    alembic_to(path, "0007", down=True)
    assert "ix_article_links_other" not in _link_indexes(path)


def test_links_of_a_neighbourhood_are_read_from_indexes_in_both_directions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.db"
    store = Store.open(str(path))
    saved = [article(f"doc{k}", [event(0)], text=f"Story {k}. " + "word " * 30) for k in range(4)]
    ids = [store.save(a, x).article_id for a, x in saved]
    store.link_many(ids[1], [(ids[0], "near-duplicate", 0.9)])
    store.link_many(ids[3], [(ids[2], "shared-paragraph", 0.8)])
    # Links from and to an article are found; a shared paragraph is no copy.
    assert si.candidate_state(store, [], [ids[0]]).links == [(ids[1], ids[0])]
    assert si.candidate_state(store, [], [ids[1]]).links == [(ids[1], ids[0])]
    assert si.candidate_state(store, [], [ids[2], ids[3]]).links == []
    store.close()
    bound = si._COPY_LINKS.params(ids=[ids[0], ids[1]], ids2=[ids[0], ids[1]])
    sql = str(
        bound.compile(dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True})
    )
    con = sqlite3.connect(path)
    plan = " ".join(str(r) for r in con.execute(f"EXPLAIN QUERY PLAN {sql}"))
    con.close()
    assert "SCAN article_links" not in plan
    assert "ix_article_links_other" in plan


class _CountingBands(MemoryBands):
    """MemoryBands that remember how many articles each confirmation read."""

    def __init__(self) -> None:
        super().__init__()
        self.read: list[int] = []

    def hashes(self, article_ids: Collection[str]) -> dict[str, np.ndarray]:
        self.read.append(len(article_ids))
        return super().hashes(article_ids)


def _variant(words: list[str], changed: int, seed: int) -> str:
    rng = random.Random(seed)
    out = list(words)
    for i in rng.sample(range(len(out)), changed):
        out[i] = f"w{seed}x{i}"
    return " ".join(out)


def test_a_near_duplicate_query_confirms_a_bounded_number_of_candidates_best_first() -> None:
    words = [f"word{i}" for i in range(80)]
    texts = {f"look{k:02d}": _variant(words, 12, k) for k in range(40)}
    texts["copy"] = _variant(words, 1, 999)
    query = _variant(words, 1, 1000)

    def run(cap: int) -> tuple[list[str], list[int]]:
        bands = _CountingBands()
        index = NearDuplicateIndex(bands=bands, candidates_per_query=cap)
        index.add_many(sorted(texts.items()))
        found = [a for a, _ in index.query(query)]
        return found, bands.read

    everything, read_all = run(1000)
    capped, read_capped = run(3)
    assert read_all[-1] > 3  # the look-alikes are candidates: the cap has work to do
    assert read_capped[-1] == 3
    # The copy shares the most bands: it is confirmed first and still found.
    assert capped[0] == everything[0] == "copy"
