"""Points for parts of countries: a direction within one, the frontier between two."""

from __future__ import annotations

import pytest

from sitroom.geo.distance import haversine_km
from sitroom.geo.gazetteer import Gazetteer
from sitroom.geo.parts import border_point, direction_name, directional_point

# A made-up country of nine divisions on a 3 x 3 grid, one degree apart around (30, 50).
GRID = [(30.0 + dy, 50.0 + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("northern", "northern"),
        ("North", "northern"),
        ("north-west", "northwestern"),
        ("Northwestern", "northwestern"),
        ("southeast", "southeastern"),
        ("central", "central"),
        ("westward", ""),
        ("northerly", ""),
    ],
)
def test_direction_words_are_named_by_their_adjective(word: str, name: str) -> None:
    assert direction_name(word) == name


def test_a_direction_is_the_divisions_furthest_that_way() -> None:
    lat, lon = directional_point(GRID, "northern")  # type: ignore[misc]
    assert lat == pytest.approx(31.0)  # the top row
    assert lon == pytest.approx(50.0, abs=0.01)
    lat, lon = directional_point(GRID, "southwestern")  # type: ignore[misc]
    assert (lat, lon) == pytest.approx((29.0, 49.0))  # the corner alone
    assert directional_point(GRID, "central") == pytest.approx((30.0, 50.0), abs=0.01)


def test_too_few_divisions_give_no_direction() -> None:
    assert directional_point(GRID[:2], "northern") is None


def test_a_frontier_is_the_middle_of_the_town_pairs_across_it() -> None:
    # Two countries side by side along longitude 50: towns 10 km either side of it,
    # two degrees apart from south to north, and towns far from the line on each side.
    west = [(lat, 49.9) for lat in (30.0, 32.0, 34.0)] + [(32.0, 45.0)]
    east = [(lat, 50.1) for lat in (30.0, 32.0, 34.0)] + [(32.0, 55.0)]
    lat, lon = border_point(west, east)  # type: ignore[misc]
    assert (lat, lon) == pytest.approx((32.0, 50.0))
    # towns that never come within reach of each other share no frontier
    assert border_point(west, [(40.0, 60.0)]) is None


def test_the_gazetteer_gives_real_frontiers_and_directions(gazetteer: Gazetteer) -> None:
    # The Iran-Azerbaijan frontier runs along the Aras river and down to Astara.
    lat, lon = gazetteer.border_point("IRN", "AZE")  # type: ignore[misc]
    assert haversine_km(lat, lon, 39.0, 47.0) < 100
    assert gazetteer.border_point("IRN", "FRA") is None
    # Northwestern Iran is the Azerbaijan provinces around Tabriz, not Tehran.
    lat, lon = gazetteer.part_point("IRN", "northwestern")  # type: ignore[misc]
    assert haversine_km(lat, lon, 38.08, 46.29) < 150
