"""Estimates for toponyms the gazetteer does not hold.

A landmark, building or street is placed through the place named inside its name
("Copenhagen Airport", "University of Oxford"), when that place lies near the towns the
text names, and failing that at the nearest town or province the text names around it
(a hotel "in Marree", a beach in an article about San Francisco). Either is an
estimate at the precision of the place it borrows, never finer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitroom.geo.distance import haversine_km
from sitroom.geo.forms import abbreviation
from sitroom.geo.gazetteer import Gazetteer
from sitroom.model import Place

CONNECTORS = frozenset({"of", "the", "-", "de", "del", "da", "and", "el", "al"})
"""Words that join the parts of a name ("University of Oxford")."""

INNER_KM = 300.0
"""A place inside a feature's name stands for it only this close to a town the text
names (when it names any): "Golden Gate Bridge" in an article on San Francisco."""


def near_any(place: Place, others: Sequence[Place]) -> bool:
    """True when ``place`` is a town within INNER_KM of one of ``others``, or coarser."""
    if place.precision != "town" or place.lat is None or place.lon is None:
        return True  # a country or province holds its features wherever they are
    return any(
        o.lat is not None
        and o.lon is not None
        and haversine_km(place.lat, place.lon, o.lat, o.lon) <= INNER_KM
        for o in others
    )


NEAR_CHARS = 600
"""A town or province named this close to an unknown span is where it lies, before a
country named closer (a hotel "in Marree", in an article about Australia)."""


def nearest_named(known: Sequence[Place], start: int) -> Place:
    """The place of ``known`` to stand in for an unknown span at ``start``."""

    def distance(p: Place) -> tuple[int, int]:
        return abs(p.start - start), p.start

    local = [p for p in known if p.precision != "country" and distance(p)[0] <= NEAR_CHARS]
    return min(local or known, key=distance)


FEATURE_WORDS = frozenset(
    {
        "airport",
        "beach",
        "bridge",
        "canal",
        "castle",
        "cathedral",
        "centre",
        "center",
        "church",
        "college",
        "county",
        "gate",
        "harbour",
        "harbor",
        "hospital",
        "hotel",
        "museum",
        "palace",
        "park",
        "port",
        "resort",
        "road",
        "square",
        "station",
        "street",
        "tower",
        "university",
        "zoo",
    }
)
"""Words of a building or site named after the place it is in ("Copenhagen Airport",
"University of Oxford"). Rivers, lakes, islands and mountains are left out: a town or
state named like them ("Hudson", "Mississippi") is seldom where they are."""
_NAME_TOKEN = re.compile(r"[^\W\d_][\w.'\u2019-]*")


def inner_name(text: str, gazetteer: Gazetteer) -> str:
    """The longest run of words inside ``text`` that the gazetteer knows, when the rest
    of ``text`` is feature words and connectors ("University of Oxford" -> "Oxford")."""
    words = _NAME_TOKEN.findall(text)
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            run = words[first : first + size]
            rest = words[:first] + words[first + size :]
            if not all(w[:1].isupper() for w in run):
                continue
            if not all(w.lower() in FEATURE_WORDS or w.lower() in CONNECTORS for w in rest):
                continue
            name = " ".join(run)
            if gazetteer.lookup(name) or abbreviation(name):
                return name
    return ""
