"""Storage: SQLAlchemy Core over SQLite (default) or PostgreSQL, migrated by Alembic."""

from sitroom.store.repository import SaveResult, Store, database_url

__all__ = ["SaveResult", "Store", "database_url"]
