"""Persistence: SQLAlchemy models, the engine and session factory, Alembic migrations."""

from .db import Store, default_database_url

__all__ = ["Store", "default_database_url"]
