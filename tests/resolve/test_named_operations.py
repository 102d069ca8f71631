"""A named military operation as a sign that two reports tell one attack.

Every sentence here is invented; the places are the factory's.
"""

from __future__ import annotations

from sitroom.model import Event
from sitroom.resolve.clusters import cluster_events
from tests.resolve.factory import event, rec, vague


def _launch(trigger: str) -> Event:
    """A launch told by its month only, with no place and no side attacked."""
    return vague(event(0, mode="", date="2020-10", place=None, target=()), trigger)


_STRIKE = (
    "Missiles struck the fuel depot and two bridges overnight in Operation Iron Gate, "
    "the defence ministry said in a statement on Saturday."
)


def test_the_launch_of_a_named_operation_joins_a_report_naming_it():
    strike = rec(1, "a", event(0), _STRIKE)
    launch = rec(
        2,
        "b",
        _launch("launch of Operation Iron Gate"),
        "Tensions rose after the launch of Operation Iron Gate last month.",
    )
    out = cluster_events([strike, launch])
    assert out[1] == out[2]


def test_another_operation_or_none_is_no_sign():
    strike = rec(1, "a", event(0), _STRIKE)
    other = rec(
        2,
        "b",
        _launch("launch of Operation Clear Valley"),
        "Tensions rose after the launch of Operation Clear Valley last month.",
    )
    unnamed = rec(3, "c", _launch("offensive"), "Tensions rose after the offensive last month.")
    out = cluster_events([strike, other, unnamed])
    assert out[1] != out[2]
    assert out[1] != out[3]
