"""Resolution's reads stay bounded as the store grows: the statements it sends are served
from indexes (migration 0008 and the incident store functions)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect

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
