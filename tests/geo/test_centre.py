"""Area points from towns: hull centroid, outliers left out, the 180th meridian."""

from __future__ import annotations

import pytest

from sitroom.geo.centre import area_centre
from sitroom.geo.distance import haversine_km


def _grid(
    lat0: float, lat1: float, lon0: float, lon1: float, n: int = 6
) -> list[tuple[float, float]]:
    return [
        (lat0 + (lat1 - lat0) * i / (n - 1), lon0 + (lon1 - lon0) * j / (n - 1))
        for i in range(n)
        for j in range(n)
    ]


def test_centre_of_a_square_of_towns() -> None:
    lat, lon = area_centre(_grid(10, 12, 20, 22))
    assert abs(lat - 11) < 0.01 and abs(lon - 21) < 0.01


def test_crowded_corner_does_not_pull_the_centre() -> None:
    # Most people live in one corner (a coast); the area still reaches the others.
    towns = _grid(10, 12, 20, 22) + [(10.1 + i * 0.001, 20.1) for i in range(200)]
    lat, lon = area_centre(towns)
    assert haversine_km(lat, lon, 11, 21) < 30


def test_far_outlier_is_left_out() -> None:
    # A few villages filed under the wrong province, 2,000 km away.
    towns = _grid(38, 41, 114, 119, n=10) + [(31.5, 94.0), (31.9, 90.8)]
    lat, lon = area_centre(towns)
    assert haversine_km(lat, lon, 39.5, 116.5) < 50


def test_area_across_the_180th_meridian() -> None:
    towns = _grid(64, 68, 170, 179.5) + _grid(64, 68, -179.5, -172)
    lat, lon = area_centre(towns)
    assert 64 < lat < 68
    assert lon > 175 or lon < -175


def test_one_or_two_towns() -> None:
    assert area_centre([(1.0, 2.0)]) == (1.0, 2.0)
    assert area_centre([(0.0, 0.0), (2.0, 2.0)]) == pytest.approx((1.0, 1.0))
    with pytest.raises(ValueError):
        area_centre([])
