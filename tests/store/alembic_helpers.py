"""Stores at an old migration revision, for upgrade tests."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine


def alembic_to(path: Path, revision: str, down: bool = False) -> None:
    """Upgrade (or downgrade) the SQLite store at ``path`` to ``revision``."""
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("sitroom.store").joinpath("migrations"))
    )
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)
    engine.dispose()
