"""Fixtures for ingestion tests: the project's own fixture files and settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture()
def fixtures() -> Path:
    """Directory of ingestion fixture files written for the project."""
    return FIXTURES


@pytest.fixture()
def settings() -> Settings:
    """Default settings."""
    return Settings()
