"""Which agreement a reported violation breaks."""

from __future__ import annotations

from sitroom.resolve.agreements import Agreement, link_violations


def _agreement(ident: str, parties: list[str], agreed: str, utc: str | None = None) -> Agreement:
    return Agreement(ident, ident, "ceasefire", parties, [], agreed, in_force_utc=utc)


def test_a_violation_breaks_the_latest_agreement_of_its_parties():
    first = _agreement("first", ["ARM", "AZE"], "2020-10-10")
    second = _agreement("second", ["ARM", "AZE"], "2020-10-17", "2020-10-18T00:00:00")
    other = _agreement("other", ["RUS", "UKR"], "2020-10-20")
    link_violations(
        [second, other, first],
        [
            ("v1", "2020-10-12", ["AZE"]),
            ("v2", "2020-10-19", ["ARM"]),
            ("v3", "2020-10-17", []),
            ("v4", "2020-10-09", ["ARM"]),
            ("v5", "2020-10-25", ["UKR"]),
            ("v6", None, []),
        ],
    )
    assert [v for v, _ in first.violations] == ["v1", "v3"]
    assert [v for v, _ in second.violations] == ["v2"]
    assert [v for v, _ in other.violations] == ["v5"]
