"""Database tables (SQLAlchemy Core). Migrations in ``migrations/`` create them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("doc", Text, nullable=False),
    Column("source", Text, nullable=False, default=""),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("raw", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("url", Text),
    Column("byline", Text),
    Column("dateline", Text),
    Column("published", String(10)),
    Column("published_earliest", String(10)),
    Column("published_latest", String(10)),
    Column("published_inferred", Boolean, nullable=False, default=False),
    Column("language", String(8), nullable=False, default="en"),
    Column("encoding", String(32), nullable=False, default="utf-8"),
    Column("ingested_at", String(32), nullable=False),
    Column("processed_at", String(32)),
    Column("versions", Text, nullable=False, default="{}"),
)
Index("ix_articles_doc", articles.c.doc)
Index("ix_articles_published", articles.c.published)


def _mention_columns() -> list[Column]:  # type: ignore[type-arg]
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("extractor", String(32), nullable=False),
        Column("version", String(32), nullable=False),
    ]


actors = Table(
    "actors",
    metadata,
    *_mention_columns(),
    Column("text", Text, nullable=False),
    Column("country", String(3), nullable=False, default=""),
    Column("sector", String(3), nullable=False, default="UNK"),
    Column("name", Text, nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("grp", Text, nullable=False, default=""),
    Column("kind", String(16), nullable=False, default=""),
)
Index("ix_actors_article", actors.c.article_id)
Index("ix_actors_country", actors.c.country)

places = Table(
    "places",
    metadata,
    *_mention_columns(),
    Column("text", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("geonameid", Integer, nullable=False, default=0),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(3), nullable=False, default=""),
    Column("admin1", Text, nullable=False, default=""),
    Column("precision", String(8), nullable=False, default="town"),
)
Index("ix_places_article", places.c.article_id)

times = Table(
    "times",
    metadata,
    *_mention_columns(),
    Column("text", Text, nullable=False),
    Column("type", String(10), nullable=False),
    Column("value", Text, nullable=False),
    Column("granularity", String(8), nullable=False, default=""),
    Column("local", String(32)),
    Column("utc", String(32)),
    Column("anchor", String(10), nullable=False, default="dct"),
)
Index("ix_times_article", times.c.article_id)

events = Table(
    "events",
    metadata,
    *_mention_columns(),
    Column("type", String(12), nullable=False),
    Column("mode", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False, default="occurred"),
    Column("trigger", Text, nullable=False, default=""),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("time_precision", Integer, nullable=False, default=3),
    Column("place_text", Text),
    Column("place_name", Text),
    Column("place_geonameid", Integer),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("place_country", String(3)),
    Column("place_admin1", Text),
    Column("place_precision", String(8)),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("killed_approx", Boolean, nullable=False, default=False),
    Column("injured_approx", Boolean, nullable=False, default=False),
    Column("victim_sector", String(3), nullable=False, default=""),
    Column("claimant_text", Text),
    Column("claimant_name", Text),
    Column("claimant_country", String(3)),
    Column("claimant_sector", String(3)),
    Column("sentence_start", Integer, nullable=False, default=-1),
    Column("sentence_end", Integer, nullable=False, default=-1),
    Column("acled_event_type", Text, nullable=False, default=""),
    Column("acled_sub_event_type", Text, nullable=False, default=""),
    Column("incident", String(64), nullable=False, default=""),
)
Index("ix_events_article", events.c.article_id)
# Date and type lead in both orders, and the place's country rides along, so date
# windows, type filters, daily counts and country tests read the index, not the rows.
Index("ix_events_date_type", events.c.date, events.c.type, events.c.place_country)
Index("ix_events_type_date", events.c.type, events.c.date, events.c.place_country)
Index("ix_events_incident", events.c.incident)

event_actors = Table(
    "event_actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("country", String(3), nullable=False, default=""),
    Column("sector", String(3), nullable=False, default="UNK"),
    Column("name", Text, nullable=False, default=""),
    Column("grp", Text, nullable=False, default=""),
    Column("start", Integer, nullable=False, default=-1),
    Column("end", Integer, nullable=False, default=-1),
    Column("entity_id", String(16)),
)
# An event's actor countries, and a country's events and names, each from one index.
Index("ix_event_actors_event", event_actors.c.event_id, event_actors.c.country)
Index(
    "ix_event_actors_country",
    event_actors.c.country,
    event_actors.c.name,
    event_actors.c.event_id,
)
Index("ix_event_actors_entity", event_actors.c.entity_id, event_actors.c.event_id)

quotes = Table(
    "quotes",
    metadata,
    *_mention_columns(),
    Column("speaker", Text, nullable=False),
    Column("speaker_text", Text),
    Column("speaker_country", String(3)),
    Column("speaker_sector", String(3)),
    Column("speaker_start", Integer, nullable=False, default=-1),
    Column("speaker_end", Integer, nullable=False, default=-1),
    Column("direct", Boolean, nullable=False),
    Column("cue", Text, nullable=False, default=""),
    Column("cue_start", Integer, nullable=False, default=-1),
    Column("cue_end", Integer, nullable=False, default=-1),
    Column("content", Text, nullable=False),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("entity_id", String(16)),
    Column("relay", Text, nullable=False, default=""),
)
Index("ix_quotes_article", quotes.c.article_id)
Index("ix_quotes_date", quotes.c.date)
Index("ix_quotes_speaker_country", quotes.c.speaker_country, quotes.c.date)
Index("ix_quotes_entity", quotes.c.entity_id, quotes.c.date)

# One row per canonical party (``sitroom.resolve.entities``): quotes and event actors
# point at it, so every spelling of one speaker lists together.
entities = Table(
    "entities",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("key", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("country", String(3), nullable=False, default=""),
    Column("sector", String(3), nullable=False, default="UNK"),
    Column("kind", String(16), nullable=False, default=""),
)

article_links = Table(
    "article_links",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("other_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("similarity", Float, nullable=False),
)
# Links to an article (resolution reads them in both directions; migration 0008).
Index("ix_article_links_other", article_links.c.other_id, article_links.c.kind)

# The near-duplicate index (sitroom.ingest.dedup): a stable 64-bit key per LSH band of
# an article's MinHash (paragraph NULL) or of one of its long paragraphs', looked up by
# key from an index that covers the lookup; and per indexed article, its gram hashes in
# text order and its long paragraphs' word spans, to confirm a candidate exactly.
article_bands = Table(
    "article_bands",
    metadata,
    Column("band", BigInteger, nullable=False),
    Column("article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("paragraph", Integer),
)
Index(
    "ix_article_bands_band",
    article_bands.c.band,
    article_bands.c.article_id,
    article_bands.c.paragraph,
)
Index("ix_article_bands_article", article_bands.c.article_id)

article_grams = Table(
    "article_grams",
    metadata,
    Column(
        "article_id", String(16), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("hashes", LargeBinary, nullable=False),
    Column("spans", LargeBinary, nullable=False),
)

# --- Incidents, claims and agreements (resolution across articles) -------------------

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(12), nullable=False),
    Column("mode", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False, default="occurred"),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    Column("place_name", Text),
    Column("place_country", String(3)),
    Column("place_admin1", Text),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("killed_low", Integer),
    Column("killed_best", Integer),
    Column("killed_high", Integer),
    Column("injured_low", Integer),
    Column("injured_best", Integer),
    Column("injured_high", Integer),
    Column("contested", Text, nullable=False, default="[]"),
    Column("countries", Text, nullable=False, default="[]"),
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("n_articles", Integer, nullable=False, default=0),
    Column("n_sources", Integer, nullable=False, default=0),
    Column("version", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("ix_incidents_date_type", incidents.c.date, incidents.c.type)
Index("ix_incidents_type", incidents.c.type)
# The ceasefire tracker's incidents (agreements by mode, violations by mode or status),
# read without a pass over every incident.
Index("ix_incidents_mode", incidents.c.mode, incidents.c.type)
Index("ix_incidents_status", incidents.c.status)

incident_members = Table(
    "incident_members",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", String(64), nullable=False),
    Column("reason", Text, nullable=False, default=""),
)
Index("ix_incident_members_incident", incident_members.c.incident_id)

# What resolution needs to rule an incident out before reading its members: the days
# every member's date can agree with (``sitroom.store.incidents.member_spans``), kept
# by the incident writers. No row: no mention of it is ever read as a candidate (none
# dated) or none can join it (members of two types).
incident_spans = Table(
    "incident_spans",
    metadata,
    Column("incident_id", String(64), primary_key=True),
    Column("type", String(12), nullable=False),
    Column("grain", Integer, nullable=False),
    Column("day_lo", String(10), nullable=False),
    Column("day_hi", String(10), nullable=False),
)
Index(
    "ix_incident_spans_lookup",
    incident_spans.c.type,
    incident_spans.c.grain,
    incident_spans.c.day_lo,
    incident_spans.c.day_hi,
)

incident_overrides = Table(
    "incident_overrides",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("override", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("mention", Text, nullable=False),
    Column("side", String(8), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("created_at", String(32), nullable=False),
)
Index("ix_incident_overrides_override", incident_overrides.c.override)

agreements = Table(
    "agreements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("incident_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False, default="ceasefire"),
    Column("parties", Text, nullable=False, default="[]"),
    Column("brokers", Text, nullable=False, default="[]"),
    Column("agreed", String(10)),
    Column("in_force_local", String(32)),
    Column("in_force_utc", String(32)),
    Column("in_force_zone", Text),
    Column("in_force_text", Text),
    Column("version", String(32), nullable=False),
)
Index("ix_agreements_agreed", agreements.c.agreed)

agreement_violations = Table(
    "agreement_violations",
    metadata,
    Column("agreement_id", String(64), primary_key=True),
    Column("incident_id", String(64), primary_key=True),
    Column("reason", Text, nullable=False, default=""),
)


def in_chunks(items: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    """``items`` cut into runs of at most ``size``: a list of bound parameters each backend
    takes in one ``IN (...)``."""
    return [items[i : i + size] for i in range(0, len(items), size)]
