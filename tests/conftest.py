"""Shared fixtures: the seed articles (read from ../shared) and one spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("SITROOM_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.jsonl"
BENCHMARKS = SHARED / "benchmarks"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """Directory of the user's seed articles; tests never copy their text."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.is_file():
        pytest.skip(f"gold file not found at {GOLD}")
    return GOLD


@pytest.fixture(scope="session")
def benchmarks_dir() -> Path:
    if not BENCHMARKS.is_dir():
        pytest.skip(f"benchmarks not found at {BENCHMARKS}")
    return BENCHMARKS


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The sitroom spaCy pipeline, built once per test session."""
    from sitroom.config import Settings
    from sitroom.nlp.pipeline import load_pipeline

    return load_pipeline(Settings())
