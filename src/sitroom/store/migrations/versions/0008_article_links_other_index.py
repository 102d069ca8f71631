"""article_links indexed on (other_id, kind): the links that point at an article

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:00:00.000000

Resolution reads the near-duplicate links touching the articles of a neighbourhood, in
either direction (``sitroom.store.incidents.candidate_state``). The primary key serves
the links from an article; those to it (``other_id``) had no index, so each article
resolved scanned every link in the store, a cost that grew with the archive.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_links_other", "article_links", ["other_id", "kind"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # A store that keeps statistics gets them for the new index (see 0003).
        analysed = bind.execute(
            sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        ).first()
        if analysed:
            bind.execute(sa.text('ANALYZE "ix_article_links_other"'))


def downgrade() -> None:
    op.drop_index("ix_article_links_other", table_name="article_links")
