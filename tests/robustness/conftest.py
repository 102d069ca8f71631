"""Fixtures of the robustness tests."""

from __future__ import annotations

import pytest

from .crash import crash_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The inputs of a crash round (an example and ten generated articles)."""
    return crash_corpus(tmp_path_factory.mktemp("corpus"))
