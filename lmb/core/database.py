"""Database helpers that must say the same thing on PostgreSQL and SQLite."""

import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from lmb.extensions import db


def insert_ignoring_conflicts(model, *unique_columns: str):
    """INSERT ... ON CONFLICT (unique_columns) DO NOTHING, in this session's dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model).on_conflict_do_nothing(index_elements=list(unique_columns))


def contains_literally(expression, needle: str):
    """expression LIKE '%needle%', the needle taken literally on every database: a search box
    holds text, and % and _ in it are letters, not wildcards."""
    escaped = needle.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return expression.like(f"%{escaped}%", escape="!")


@contextmanager
def scratch_database(directory: Path, server_url: str | None = None, prefix: str = "lmb_scratch"):
    """A new, empty database for tests and benchmarks, dropped afterwards.

    Without `server_url`: a SQLite file in `directory`. With a PostgreSQL URL: a database
    `<prefix>_<random>` made on that server (through its "postgres" database).
    """
    if not server_url:
        yield f"sqlite:///{directory / f'{prefix}-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(
        sa.engine.make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            sa.engine.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
