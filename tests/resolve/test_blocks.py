"""Resolution of a stored batch block by block (``sitroom.resolve.blocks``): the blocks, and
the store it leaves, which must be the one resolving article by article leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.model import Article, Extraction
from sitroom.query import select_events
from sitroom.resolve import blocks
from sitroom.resolve.blocks import Footprint, partition, resolve_batch, rounds
from sitroom.resolve.incidents import resolve_article
from sitroom.resolve.query import select_incidents
from sitroom.store import Store
from tests.resolve.factory import STEPANAKERT, article, event


def fp(
    name: str,
    dates: tuple[tuple[str, str], ...] = (),
    candidates: tuple[str, ...] = (),
    neighbours: tuple[str, ...] = (),
) -> Footprint:
    return Footprint(name, frozenset(dates), frozenset(candidates), frozenset(neighbours))


def test_dates_that_can_agree_put_articles_in_one_block() -> None:
    prints = [
        fp("a", (("ASSAULT", "2020-10-16"),)),
        fp("b", (("ASSAULT", "2020-10-17"),)),  # another day: apart from a
        fp("c", (("ASSAULT", "2020-10"),)),  # its month: with a and b
        fp("d", (("DEMAND", "2020-10-16"),)),  # another type
        fp("e", (("ASSAULT", "2020-11-02"),)),
        fp("f", (("ASSAULT", "2020"),)),  # its year: with every ASSAULT of 2020
    ]
    assert partition(prints[:2]) == [[0], [1]]
    assert partition(prints[:5]) == [[0, 1, 2], [3], [4]]
    assert partition(prints) == [[0, 1, 2, 4, 5], [3]]


def test_a_stored_incident_or_a_copy_link_joins_blocks() -> None:
    prints = [
        fp("a", (("ASSAULT", "2020-10-16"),), candidates=("x",)),
        fp("b", (("ASSAULT", "2020-10-17"),), candidates=("x", "y")),
        fp("c", (("DEMAND", "2020-10-16"),), neighbours=("s",)),  # a copy of stored s
        fp("d", (("AGREE", "2021-01-01"),), neighbours=("s",)),  # another copy of s
        fp("e", (("AGREE", "2021-02-01"),), neighbours=("d",)),  # a copy of d in the batch
        fp("g", (("AGREE", "2022-02-01"),)),
    ]
    assert partition(prints) == [[0, 1], [2, 3, 4], [5]]


def test_rounds_take_each_blocks_next_article() -> None:
    assert rounds([[0, 3, 4], [1], [2, 5]]) == [[0, 1, 2], [3, 5], [4]]
    assert rounds([]) == []


def _batch() -> list[tuple[Article, Extraction]]:
    """Articles a and b report different days, so the dates of their mentions cannot agree;
    but both could join the month-dated incident of stored article s. On its own, each
    joins it; in turn, a joins it and then b cannot (its day differs from a's)."""
    return [
        article("a", [event(5, date="2020-10-16"), event(40, place=STEPANAKERT)]),
        article("b", [event(5, date="2020-10-17")]),
        article("c", [event(5, type_="DEMAND", mode="", place=None)]),
        article("d", [event(5, date="2020-10-16", place=STEPANAKERT)]),
    ]


def _stored(path: Path) -> tuple[Store, list[str]]:
    store = Store.open(str(path))
    s, xs = article("s", [event(5, date="2020-10")], text="s: an earlier report " * 9)
    store.save(s, xs)
    resolve_article(store, s.id)
    ids = [store.save(a, x).article_id for a, x in _batch()]
    return store, ids


def _state(store: Store) -> tuple[dict[tuple[str, int], str], list[tuple[object, ...]]]:
    members = {(r.doc, r.event.start): r.event.incident for r in select_events(store)}
    rows = sorted(
        (i.id, i.n_mentions, i.n_articles, i.n_sources, i.date) for i in select_incidents(store)
    )
    return members, rows


def test_a_batch_resolved_in_blocks_ends_as_one_article_at_a_time(tmp_path: Path) -> None:
    store, ids = _stored(tmp_path / "one.db")
    for article_id in ids:
        resolve_article(store, article_id)
    expected = _state(store)
    store.close()
    # The block edge is real: a and b in the same incident would be a wrong answer.
    assert expected[0][("a", 5)] != expected[0][("b", 5)]
    assert expected[0][("a", 5)] == expected[0][("s", 5)]

    store, ids = _stored(tmp_path / "blocks.db")
    decided: list[int] = []

    def decide(nbs: object) -> list[object]:
        out = blocks.decide_each(nbs)  # type: ignore[arg-type]
        decided.append(len(out))
        return out  # type: ignore[return-value]

    resolve_batch(store, [(i, False) for i in ids], None, set(), decide=decide)  # type: ignore[arg-type]
    assert _state(store) == expected
    # a, b and d share the month incident (d also a's other place and day): one block of
    # three, and c alone, so three rounds of 2, 1 and 1 articles.
    assert decided == [2, 1, 1]
    store.close()


def test_blocks_that_ignored_the_edge_would_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The equality above depends on the edge: splitting every article into a block of its
    own makes b join the month incident too."""
    store, ids = _stored(tmp_path / "apart.db")
    monkeypatch.setattr(blocks, "partition", lambda prints: [[i] for i in range(len(prints))])
    resolve_batch(store, [(i, False) for i in ids], None, set())
    members, _ = _state(store)
    assert members[("a", 5)] == members[("b", 5)] == members[("s", 5)]
    store.close()


def test_a_reprocessed_article_is_resolved_in_its_turn(tmp_path: Path) -> None:
    def run(path: Path, in_blocks: bool) -> object:
        store, ids = _stored(path)
        for article_id in ids:
            resolve_article(store, article_id)
        a, x = _batch()[0]
        x.events[0].date = "2020-10-17"  # a now reports b's day
        again = store.save(a, x).article_id
        later, xl = article("e", [event(5, date="2020-10-17")])
        new = store.save(later, xl).article_id
        batch = [(again, True), (new, False)]
        if in_blocks:
            resolve_batch(store, batch, None, set())
        else:
            resolve_article(store, again, reprocessed=True)
            resolve_article(store, new)
        state = _state(store)
        store.close()
        return state

    assert run(tmp_path / "blocks.db", True) == run(tmp_path / "one.db", False)
