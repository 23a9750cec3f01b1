"""SQLAlchemy column helpers used by the domain models."""

import enum

from sqlalchemy import Enum, Index, text


def enum_column(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum by member name as a VARCHAR with a CHECK constraint (portable, readable)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=32,
        name=enum_class.__name__.lower(),
        validate_strings=True,
    )


def partial_unique_index(name: str, *columns: str, where: str) -> Index:
    """Unique among the rows that match `where` (e.g. the live ones), on SQLite and PostgreSQL
    alike: cancelled or withdrawn rows stay as history without blocking a new one."""
    return Index(
        name,
        *columns,
        unique=True,
        sqlite_where=text(where),
        postgresql_where=text(where),
    )
