"""SQLAlchemy column helpers used by the domain models."""

import enum

from sqlalchemy import Enum


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
