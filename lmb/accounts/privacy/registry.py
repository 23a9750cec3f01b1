"""The privacy registry: what each domain holds about a person and how erasure treats it.

A domain registers its part with `register(...)` from its own setup, naming every column that
refers to a person or an organization (`covers`), and adds an exporter and an eraser.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lmb.accounts.models import User
from lmb.core.contributions import Registry
from lmb.extensions import db

ERASED_NAME = "—"
ERASED_DOMAIN = "erased.invalid"
# The tables people and organizations live in: every reference to them must be covered.
PERSON_TABLES = ("users", "organizations")


class Handling(enum.Enum):
    """What erasing a person does with a column that refers to them (or to an organization)."""

    # The rows go.
    deleted = "deleted"
    # The row stays as anonymous history and still points to the (erased) account.
    kept = "kept"
    # The row stays; the reference is set to NULL (nobody).
    cleared = "cleared"
    # An organization's record, not a person's: kept as it is.
    organization = "organization"


@dataclass(frozen=True)
class Covered:
    """How erasure treats one column, and `personal`: the columns of the rows that point at
    the person which hold their own words. The audit log's copies of those are blanked; the
    domain's eraser empties them, or deletes the rows, unless it keeps them as published work."""

    handling: Handling
    personal: tuple[str, ...] = ()


@dataclass
class Erasure:
    """One erasure under way: the person, as they were before anything changed."""

    user: User
    name: str
    email: str
    # table -> {primary key as the audit log writes it: the covered columns pointing at the
    # person}, for every row that referred to them before erasure began.
    rows: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # table -> primary keys of rows that do not refer to the person but hold a copy of their
    # words (a frozen toolkit version citing their lesson): a domain that scrubs such a copy
    # adds it here, and the log's values of these rows lose the name and address too.
    copies: dict[str, set[str]] = field(default_factory=dict)
    # Work for after the commit (e.g. removing files of deleted rows).
    after_commit: list[Callable[[], None]] = field(default_factory=list)


@dataclass
class PersonalData:
    """A domain's part: what it exports and erases of a person, and the columns it covers."""

    key: str
    title: object
    # What erasure does with this domain's data, in a sentence, for the privacy page.
    on_erasure: object
    # "table.column" -> Covered: every column of the domain that refers to a user or an
    # organization (and, for the accounts domain, "users.id": the person's own row).
    covers: dict[str, Covered]
    # Erasers run by ascending order; the stores that copy from other domains (the outbox,
    # the audit log) run after the domains whose changes they record.
    order: int = 0
    export: Callable[[User], object] | None = None
    erase: Callable[[Erasure], None] | None = None

    def exporter(self, function: Callable[[User], object]):
        self.export = function
        return function

    def eraser(self, function: Callable[[Erasure], None]):
        self.erase = function
        return function


# Each domain adds its part from its own setup (lmb.core.contributions).
REGISTRY: Registry[PersonalData] = Registry("personal data")


def register(
    key: str,
    title,
    *,
    on_erasure,
    covers: Mapping[str, Covered | Handling],
    order: int = 0,
) -> PersonalData:
    """Register a domain's personal data; add its exporter and eraser with the decorators
    `@domain.exporter` and `@domain.eraser` of the returned object."""
    if key in REGISTRY:
        raise ValueError(f"personal data {key!r} is registered twice")
    normalised = {
        column: (how if isinstance(how, Covered) else Covered(how))
        for column, how in covers.items()
    }
    domain = PersonalData(key, title, on_erasure, normalised, order)
    REGISTRY.add(domain, key=key)
    return domain


def domains() -> list[PersonalData]:
    """The registered domains in the order their sections are shown and their erasers run."""
    return sorted(REGISTRY.values(), key=lambda d: d.order)


def covered_columns() -> dict[str, list[str]]:
    """The keys of the domains that declare each "table.column"."""
    found: dict[str, list[str]] = {}
    for domain in REGISTRY.values():
        for column in domain.covers:
            found.setdefault(column, []).append(domain.key)
    return found


def references(targets=PERSON_TABLES) -> list[tuple[str, str, str]]:
    """Every (table, column, target table) of the models whose foreign key points at a person
    or an organization."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            for key in column.foreign_keys:
                if key.column.table.name in targets:
                    found.append((table.name, column.name, key.column.table.name))
    return sorted(found)


def moment(value):
    """A datetime for the data download (ISO 8601), or None."""
    return value.isoformat() if value else None


def coverage() -> dict[str, Covered]:
    """How erasure treats each "table.column" that a domain covers."""
    return {
        column: covered for domain in REGISTRY.values() for column, covered in domain.covers.items()
    }


def personal_columns(table: str, columns) -> set[str]:
    """The columns of `table` the registry calls the person's own words, for the rows whose
    `columns` point at them."""
    covers = coverage()
    return {
        personal
        for column in columns
        for personal in covers.get(f"{table}.{column}", Covered(Handling.kept)).personal
    }


def erased_address(user_id: int) -> str:
    """The address an erased account keeps: unique, and undeliverable by definition (RFC 2606)."""
    return f"erased-{user_id}@{ERASED_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)
