"""the near-duplicate index kept in the store: LSH bands and article grams

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00.000000

The near-duplicate index was rebuilt in memory over every stored article at the
start of each ingest; its bands now live in ``article_bands`` (a stable 64-bit
key per band, the article, and the paragraph or NULL for the whole article) and
each indexed article's gram hashes and paragraph spans in ``article_grams``.
The tables start empty: the next ingest that stores a new article indexes the
articles already stored, a page at a time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_bands",
        sa.Column("band", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(length=16), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_article_bands_band", "article_bands", ["band", "article_id", "paragraph"])
    op.create_index("ix_article_bands_article", "article_bands", ["article_id"])
    op.create_table(
        "article_grams",
        sa.Column("article_id", sa.String(length=16), nullable=False),
        sa.Column("hashes", sa.LargeBinary(), nullable=False),
        sa.Column("spans", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )


def downgrade() -> None:
    op.drop_table("article_grams")
    op.drop_index("ix_article_bands_article", table_name="article_bands")
    op.drop_index("ix_article_bands_band", table_name="article_bands")
    op.drop_table("article_bands")
