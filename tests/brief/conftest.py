"""Brief fixtures: the export tests' store of ``examples/`` and the seeds, and a brief of it."""

from __future__ import annotations

from tests.export.conftest import export_db, store

__all__ = ["export_db", "store"]
