"""Claims, UCDP-style estimates and contested fields from hand-made mentions."""

from __future__ import annotations

from sitroom.query import EventRecord
from sitroom.resolve.claims import collect_claims, contested_fields, estimate, summarize
from tests.resolve.factory import actor, event


def _rec(i: int, doc: str, **kw) -> EventRecord:  # type: ignore[no-untyped-def]
    return EventRecord(id=i, article_id=doc, doc=doc, event=event(i, **kw))


def test_neutral_claimant_sets_the_best_estimate():
    members = [
        _rec(1, "a", killed=12, claimant=actor("AZE", "GOV", "Baku")),
        _rec(2, "b", killed=3, claimant=actor("ARM", "GOV", "Yerevan")),
        _rec(3, "c", killed=7, claimant=actor("", "IGO", "ICRC")),
        _rec(4, "d", killed=9, claimant=actor("FRA", "MED", "a French agency")),
    ]
    claims = collect_claims(members)
    e = estimate(claims, "killed", {"AZE", "ARM"})
    assert (e.low, e.best, e.high) == (3, 9, 12)


def test_without_neutral_claimants_the_median_is_best():
    members = [
        _rec(1, "a", killed=12, claimant=actor("AZE", "GOV", "Baku")),
        _rec(2, "b", killed=3, claimant=actor("ARM", "GOV", "Yerevan")),
        _rec(3, "c", killed=5, claimant=actor("ARM", "MIL", "Armenian army")),
    ]
    e = estimate(collect_claims(members), "killed", {"AZE", "ARM"})
    assert (e.low, e.best, e.high) == (3, 5, 12)


def test_one_claimant_keeps_its_largest_figure():
    members = [
        _rec(1, "a", killed=2, claimant=actor("AZE", "GOV", "Baku")),
        _rec(2, "b", killed=5, claimant=actor("AZE", "GOV", "Baku")),
    ]
    (claim,) = collect_claims(members)
    assert claim.killed == 5 and claim.articles == ["a", "b"]
    assert contested_fields([claim]) == []


def test_opposite_blame_is_contested():
    members = [
        _rec(1, "a", source=("ARM",), target=("AZE",), claimant=actor("AZE", "GOV", "Baku")),
        _rec(2, "b", source=("AZE",), target=("ARM",), claimant=actor("ARM", "GOV", "Yerevan")),
    ]
    assert contested_fields(collect_claims(members)) == ["blame"]


def test_summary_counts_copies_once():
    members = [_rec(1, "a"), _rec(2, "b"), _rec(3, "c")]
    s = summarize(members, {"a": "a", "b": "a", "c": "c"})
    assert (s.n_articles, s.n_sources) == (3, 2)
    assert s.countries == ["ARM", "AZE"]
    assert s.killed.best is None
