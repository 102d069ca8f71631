"""Offline gazetteer and toponym resolution (GeoNames data from installed packages)."""

from sitroom.geo.gazetteer import Candidate, Gazetteer, ensure_gazetteer, place_patterns
from sitroom.geo.resolve import Context, Mention, resolve_mentions

__all__ = [
    "Candidate",
    "Context",
    "Gazetteer",
    "Mention",
    "ensure_gazetteer",
    "place_patterns",
    "resolve_mentions",
]
