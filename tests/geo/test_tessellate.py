"""Area centres from a country outline split among its towns."""

from __future__ import annotations

import numpy as np
import pytest

from sitroom.geo.tessellate import AreaTown, country_outlines, tessellated_centres

SQUARE = {"XXX": [np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]])]}
"""A 10-degree square country near the equator, as (lon, lat) rings."""


def test_area_reaches_the_empty_land_its_towns_are_nearest() -> None:
    # Province A's towns crowd its west coast; its share of the country runs
    # east to halfway towards province B's only town.
    towns = [
        AreaTown(4.0, 0.5, "XXX", ("A",)),
        AreaTown(6.0, 0.5, "XXX", ("A",)),
        AreaTown(5.0, 9.5, "XXX", ("B",)),
    ]
    centres = tessellated_centres(towns, SQUARE, step=0.25)
    lat_a, lon_a, cells_a = centres["A"]
    _, lon_b, cells_b = centres["B"]
    assert cells_a + cells_b == 40 * 40
    assert lat_a == pytest.approx(5.0, abs=0.2) and lon_a == pytest.approx(2.5, abs=0.3)
    assert lon_b == pytest.approx(7.5, abs=0.3)


def test_towns_of_a_country_without_outline_are_skipped() -> None:
    towns = [AreaTown(5.0, 5.0, "YYY", ("C",))]
    assert tessellated_centres(towns, SQUARE) == {}


def test_a_town_counts_for_each_of_its_areas() -> None:
    towns = [AreaTown(5.0, 5.0, "XXX", ("A", "A.1"))]
    centres = tessellated_centres(towns, SQUARE, step=0.5)
    assert centres["A"] == pytest.approx(centres["A.1"])
    assert centres["A"][:2] == pytest.approx((5.0, 5.0), abs=0.3)


def test_countryinfo_outlines_are_read() -> None:
    outlines = country_outlines()
    assert "AZE" in outlines and "USA" in outlines
    lon, lat = outlines["AZE"][0].mean(axis=0)
    assert 38 < lat < 42 and 44 < lon < 51
