"""canonical entities: speakers and event actors across articles, and relayed quotes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 18:30:00.000000

An ``entities`` table holds one row per canonical party (a person, an institution of
a country, a country, a named group): a stable id (a prefix of the SHA-256 of its
key), the key itself (``sitroom.resolve.entities.entity_key``), a display name,
country, sector and kind. Quotes and event actors point at it by ``entity_id``
(indexed), so every spelling of one party ("Armenia's Defence Ministry", "the
Armenian Ministry of Defense") lists together. Quotes get ``relay``: the outlet
that relayed a statement ("Armenpress reported, citing the ministry").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("country", sa.String(3), nullable=False, server_default=""),
        sa.Column("sector", sa.String(3), nullable=False, server_default="UNK"),
        sa.Column("kind", sa.String(16), nullable=False, server_default=""),
    )
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("entity_id", sa.String(16)))
        batch.add_column(sa.Column("relay", sa.Text, nullable=False, server_default=""))
    op.create_index("ix_quotes_entity", "quotes", ["entity_id", "date"])
    with op.batch_alter_table("event_actors") as batch:
        batch.add_column(sa.Column("entity_id", sa.String(16)))
    op.create_index("ix_event_actors_entity", "event_actors", ["entity_id", "event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_actors_entity", table_name="event_actors")
    with op.batch_alter_table("event_actors") as batch:
        batch.drop_column("entity_id")
    op.drop_index("ix_quotes_entity", table_name="quotes")
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("relay")
        batch.drop_column("entity_id")
    op.drop_table("entities")
