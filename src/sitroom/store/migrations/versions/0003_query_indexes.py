"""indexes for filtered event queries, daily counts and actor pages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 01:20:00.000000

Single-column indexes on events.date and events.type become (date, type,
place_country) and (type, date, place_country), so date windows with a type,
daily counts and the place-country half of a country filter are answered from
an index; event_actors gets (event_id, country) and (country, name, event_id)
so the actor half of a country filter and the actors page need no table rows;
quotes get date and speaker-country indexes for the actor page.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NEW_INDEXES = [
    "ix_events_date_type",
    "ix_events_type_date",
    "ix_event_actors_event",
    "ix_event_actors_country",
    "ix_quotes_date",
    "ix_quotes_speaker_country",
]


def _analyze() -> None:
    """Give SQLite's planner statistics for the new indexes where it keeps statistics.

    A store that was analysed has figures for the old indexes only; without figures for
    the new ones the planner would keep preferring the old, so analyse just the new.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    analysed = bind.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    ).first()
    if analysed:
        for name in NEW_INDEXES:
            bind.execute(sa.text(f'ANALYZE "{name}"'))


def upgrade() -> None:
    op.drop_index("ix_events_date", table_name="events")
    op.drop_index("ix_events_type", table_name="events")
    op.create_index("ix_events_date_type", "events", ["date", "type", "place_country"])
    op.create_index("ix_events_type_date", "events", ["type", "date", "place_country"])
    op.drop_index("ix_event_actors_event", table_name="event_actors")
    op.drop_index("ix_event_actors_country", table_name="event_actors")
    op.create_index("ix_event_actors_event", "event_actors", ["event_id", "country"])
    op.create_index("ix_event_actors_country", "event_actors", ["country", "name", "event_id"])
    op.create_index("ix_quotes_date", "quotes", ["date"])
    op.create_index("ix_quotes_speaker_country", "quotes", ["speaker_country", "date"])
    _analyze()


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker_country", table_name="quotes")
    op.drop_index("ix_quotes_date", table_name="quotes")
    op.drop_index("ix_event_actors_country", table_name="event_actors")
    op.drop_index("ix_event_actors_event", table_name="event_actors")
    op.create_index("ix_event_actors_event", "event_actors", ["event_id"])
    op.create_index("ix_event_actors_country", "event_actors", ["country"])
    op.drop_index("ix_events_type_date", table_name="events")
    op.drop_index("ix_events_date_type", table_name="events")
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_type", "events", ["type"])
