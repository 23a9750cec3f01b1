"""Database helpers that must say the same thing on PostgreSQL and SQLite."""

from lmb.extensions import db


def insert_ignoring_conflicts(model, *unique_columns: str):
    """INSERT ... ON CONFLICT (unique_columns) DO NOTHING, in this session's dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model).on_conflict_do_nothing(index_elements=list(unique_columns))
