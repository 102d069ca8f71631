"""Fixtures for the geoparser tests (shared with tests/extract and tests/eval)."""

from tests.geo.helpers import gazetteer, geo_nlp

__all__ = ["gazetteer", "geo_nlp"]
