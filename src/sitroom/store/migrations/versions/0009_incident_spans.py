"""incident_spans: the days an incident's members can all agree with; tracker indexes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 23:50:00.000000

Incremental resolution read every stored mention of a new mention's type whose date can
agree with it: on a feed, every month-precise mention of the month, whichever day's
incident it had joined, so each article read more as the month filled. An incident's
members must all agree with a mention that joins it, so ``incident_spans`` keeps, per
incident, its type and the range of days a new date must meet (``sitroom.store.
incidents.member_spans``), indexed by (type, grain, first day); resolution reads the
incidents that survive it and only their mentions. Existing stores are backfilled from
their events.

The ceasefire tracker reads the agreement and violation incidents (by type and mode, by
mode, by status) at the end of every run: without an index on mode and on status that
was a pass over every incident. ``ix_incidents_mode`` (mode, type) and
``ix_incidents_status`` serve it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sitroom.store.incidents import rebuild_spans

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_spans",
        sa.Column("incident_id", sa.String(64), primary_key=True),
        sa.Column("type", sa.String(12), nullable=False),
        sa.Column("grain", sa.Integer, nullable=False),
        sa.Column("day_lo", sa.String(10), nullable=False),
        sa.Column("day_hi", sa.String(10), nullable=False),
    )
    op.create_index(
        "ix_incident_spans_lookup", "incident_spans", ["type", "grain", "day_lo", "day_hi"]
    )
    op.create_index("ix_incidents_mode", "incidents", ["mode", "type"])
    op.create_index("ix_incidents_status", "incidents", ["status"])
    bind = op.get_bind()
    rebuild_spans(bind)
    if bind.dialect.name == "sqlite":
        # A store that keeps statistics gets them for the new index (see 0003).
        analysed = bind.execute(
            sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        ).first()
        if analysed:
            for name in ("incident_spans", "ix_incidents_mode", "ix_incidents_status"):
                bind.execute(sa.text(f'ANALYZE "{name}"'))


def downgrade() -> None:
    op.drop_index("ix_incidents_status", table_name="incidents")
    op.drop_index("ix_incidents_mode", table_name="incidents")
    op.drop_index("ix_incident_spans_lookup", table_name="incident_spans")
    op.drop_table("incident_spans")
