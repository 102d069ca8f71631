"""Place names for the offline basemap: the gazetteer's towns and regions by population.

The map draws no tiles from the internet by default, so its labels come from the
gazetteer sitroom already keeps: in a view, the most populous towns (and at lower
zooms the first-level regions) are named, as a printed atlas does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from sitroom.geo.gazetteer import default_path

log = logging.getLogger(__name__)

MIN_POPULATION = 5_000
"""Towns smaller than this are never labelled (they would crowd a regional view)."""


@dataclass(frozen=True, slots=True)
class PlaceLabel:
    """A name to print on the map."""

    name: str
    lat: float
    lon: float
    kind: str
    """``town`` or ``region``."""
    population: int
    admin1: str
    country: str


class PlaceLabels:
    """The labellable places of the gazetteer, read once on first use."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._places: list[PlaceLabel] | None = None
        self._lock = threading.Lock()

    def _load(self) -> list[PlaceLabel]:
        path = self._path or default_path()
        if not path.exists():
            log.warning("no gazetteer at %s: the map has no place names until one is built", path)
            return []
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT name, lat, lon, kind, population, admin1, country FROM place "
                "WHERE (kind = 'town' AND population >= ?) OR feature = 'ADM1' "
                "ORDER BY population DESC, name",
                (MIN_POPULATION,),
            ).fetchall()
        except sqlite3.Error as exc:
            log.warning("gazetteer %s unreadable for map labels: %s", path, exc)
            return []
        finally:
            con.close()
        return [PlaceLabel(*r) for r in rows]

    def places(self) -> list[PlaceLabel]:
        """Every labellable place, most populous first."""
        with self._lock:
            if self._places is None:
                self._places = self._load()
            return self._places

    def in_view(
        self, south: float, west: float, north: float, east: float, zoom: int, limit: int = 60
    ) -> list[PlaceLabel]:
        """The places to name in a view: towns by population, regions from zoom 5 to 8.

        Regions have no population in GeoNames, so at most a third of the labels are
        regions, and none once towns are close enough to name the view themselves.
        """
        wrap = west > east  # a view across the antimeridian
        towns: list[PlaceLabel] = []
        regions: list[PlaceLabel] = []
        want_regions = 5 <= zoom <= 8
        for p in self.places():
            if not south <= p.lat <= north:
                continue
            if wrap:
                if not (p.lon >= west or p.lon <= east):
                    continue
            elif not west <= p.lon <= east:
                continue
            if p.kind == "town":
                if len(towns) < limit:
                    towns.append(p)
            elif want_regions and len(regions) < limit // 3:
                regions.append(p)
            if len(towns) >= limit and (not want_regions or len(regions) >= limit // 3):
                break
        towns = towns[: limit - len(regions)]
        # A region named at its centre beside a town that names the area already (Yerevan,
        # Tbilisi) is noise: keep regions clear of the towns shown (about 40 km).
        regions = [
            r for r in regions if all(abs(r.lat - t.lat) + abs(r.lon - t.lon) > 0.4 for t in towns)
        ]
        return towns + regions
