"""events' date index also holds the place columns (SQLite), for place filters

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 18:40:00.000000

A page of events is cut by walking the (date, type, place_country) index up to the
page's end (``sitroom.query._page_window``). A place filter ("Ganja") is a LIKE on
place_name, place_admin1 and place_text, which the index did not hold, so the walk read
every event row of the window to test it, and so did the page's own query. On SQLite
the index becomes (date, type, place_country, place_name, place_admin1, place_text):
the walk is read from the index alone and the page's query tests the place before it
reads a row. ``bench/bench_web.py``, a place and a week at 1,000,000 events, the same
code on a store without and with this index (2-core machine at load 9-11): CPU per
request p50 28-30 -> 13-17 ms, p95 34-36 -> 18-20 ms; the store grows by 40 MB (5%).

PostgreSQL keeps the three-column index: sitroom pages its events there with plain
LIMIT/OFFSET (the walk is SQLite's), and a B-tree entry holding free text could exceed
PostgreSQL's size limit for an index row.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NARROW = ["date", "type", "place_country"]
WIDE = [*NARROW, "place_name", "place_admin1", "place_text"]


def _rebuild(columns: list[str]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.drop_index("ix_events_date_type", table_name="events")
    op.create_index("ix_events_date_type", "events", columns)
    # A store that keeps statistics gets them for the rebuilt index (see 0003).
    analysed = bind.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    ).first()
    if analysed:
        bind.execute(sa.text('ANALYZE "ix_events_date_type"'))


def upgrade() -> None:
    _rebuild(WIDE)


def downgrade() -> None:
    _rebuild(NARROW)
