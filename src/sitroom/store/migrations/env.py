"""Alembic environment: sitroom runs migrations programmatically (see store.repository)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from sitroom.store.schema import metadata

config = context.config


def run_migrations() -> None:
    """Run migrations on the connection sitroom passes in, or on ``sqlalchemy.url``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
