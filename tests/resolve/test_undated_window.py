"""An undated mention looks up the incidents it can join in the weeks around its report's
publication day (``sitroom.resolve.incidents.undated_window``), not on every date of the
archive: the read stays flat as the store grows."""

from __future__ import annotations

from pathlib import Path

from sitroom.resolve.incidents import (
    UNDATED_DAYS,
    RecentMentions,
    load_neighbourhood,
    resolve_article,
    undated_window,
)
from sitroom.resolve.mentions import mentions_in_article
from sitroom.resolve.overrides import Constraints
from sitroom.store import Store
from sitroom.store import incidents as si
from tests.resolve.factory import article, event


def test_a_window_spans_the_years_and_months_of_its_days() -> None:
    assert si.window_prefixes("2020-09-25", "2020-11-26") == [
        "2020",
        "2020-09",
        "2020-10",
        "2020-11",
    ]
    assert si.window_prefixes("2020-12-20", "2021-01-05") == [
        "2020",
        "2020-12",
        "2021",
        "2021-01",
    ]
    assert si.window_prefixes("2020-10-17", "2020-10-17") == ["2020", "2020-10"]


def _store(tmp_path: Path) -> tuple[Store, RecentMentions]:
    """A store of five day-dated attacks on Ganja, a year apart each, and one in the month
    of the report below, each reported by its own article."""
    store = Store.open(str(tmp_path / "s.db"))
    recent = RecentMentions()
    dated = ["2016-10-05", "2017-10-05", "2018-10-05", "2019-10-05", "2020-10-05", "2020-10-16"]
    for n, day in enumerate(dated):
        a, x = article(f"d{n}", [event(5, date=day, killed=12)], published=day)
        resolve_article(store, store.save(a, x).article_id, recent)
    return store, recent


def test_an_undated_mention_reads_only_the_weeks_around_its_report(tmp_path: Path) -> None:
    store, recent = _store(tmp_path)
    a, x = article("u", [event(5, date=None, killed=12)], published="2020-10-18")
    new = store.save(a, x).article_id
    records = mentions_in_article(store, new)
    window = undated_window(store, new, records, Constraints())
    assert window == ("2020-09-17", "2020-11-18") and UNDATED_DAYS == 31
    keys = [(r.event.type, "", ["ARM", "AZE"]) for r in records]
    everything = si.candidate_mentions(store, new, keys)
    bounded = si.candidate_mentions(store, new, keys, None, window)
    assert len(everything) == 6
    assert sorted(m.date for m in bounded) == ["2020-10-05", "2020-10-16"]
    # The neighbourhood holds the incidents of those two attacks alone.
    nb = load_neighbourhood(store, new, records, Constraints(), recent)
    assert nb.candidates == sorted({m.incident for m in bounded}) and len(nb.candidates) == 2
    # It joins one of the attacks of its month (same town, toll of one order).
    assert resolve_article(store, new, recent) == 1
    store.close()


def test_no_window_without_a_publication_day_or_for_a_reprocessed_article(
    tmp_path: Path,
) -> None:
    store, _ = _store(tmp_path)
    a, x = article("u", [event(5, date=None)], published="2020-10-18")
    a.published = None
    new = store.save(a, x).article_id
    records = mentions_in_article(store, new)
    assert undated_window(store, new, records, Constraints()) is None
    a, x = article("v", [event(5, date=None)], published="2020-10-18", text="v: " + "x " * 40)
    other = store.save(a, x).article_id
    records = mentions_in_article(store, other)
    assert undated_window(store, other, records, Constraints()) is not None
    assert undated_window(store, other, records, Constraints(), reprocessed=True) is None
    # No undated mention naming a country: nothing to bound.
    a, x = article("w", [event(5, date="2020-10-17")], text="w: " + "y " * 40)
    dated = store.save(a, x).article_id
    assert undated_window(store, dated, mentions_in_article(store, dated), Constraints()) is None
    store.close()
