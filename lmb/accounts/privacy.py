"""Privacy (GDPR): a person's data to download, erasing an account, and retention.

One mechanism for every domain: a domain registers what it holds about a person with
`register(...)`, naming every column that refers to a person or an organization (`covers`)
and how erasure treats it, and adds an exporter and an eraser. The data download and the
privacy page iterate the registry; `erase()` calls every domain's eraser, in order; a test
(tests/accounts/test_privacy_registry.py) fails when a model gains a reference to `users` or
`organizations` that no registered domain covers.

Erasing keeps the rows that history needs (registrations, reviews, published lessons) but
they point to an account without name, address or password, or to nobody, so that counts
stay correct and nobody can be found in them.
"""

from __future__ import annotations

import enum
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select

from lmb.accounts.auth import check_password
from lmb.accounts.models import ApiToken, Function, Role, User
from lmb.core.contributions import Registry
from lmb.core.database import after_commit as run_after_commit
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
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


# Literal mentions of a person: their name and address in text other domains copied.


def _variants(text: str) -> list[str]:
    text = (text or "").strip()
    if len(text) < 2 or text == ERASED_NAME:
        return []
    return sorted({text, html.escape(text)}, key=len, reverse=True)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def mention_needles(erasure: Erasure, *, json_escaped: bool = False) -> set[str]:
    """What to look for in `lower(column)` to find rows that may mention the person: SQLite's
    lower() changes only ASCII letters, PostgreSQL's every letter; JSON columns hold
    non-ASCII letters escaped. A prefilter only: `mention_pattern` decides."""
    needles = set()
    for value in _variants(erasure.email) + _variants(erasure.name):
        needles |= {value.lower(), value.translate(_ASCII_LOWER)}
        if json_escaped:
            needles.add(json.dumps(value)[1:-1].translate(_ASCII_LOWER))
    return needles


def mention_pattern(erasure: Erasure, *, whole_words: bool = False) -> re.Pattern | None:
    """A pattern that finds the person's name or address in a text (any case)."""
    parts = [re.escape(v) for v in _variants(erasure.email) + _variants(erasure.name)]
    if not parts:
        return None
    body = "|".join(parts)
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE)


def scrub(text, erasure: Erasure, *, whole_words: bool = False):
    """The text with the person's name and address replaced by the erased ones."""
    if not isinstance(text, str) or not text:
        return text
    pattern = mention_pattern(erasure, whole_words=whole_words)
    if pattern is None:
        return text
    address = erased_address(erasure.user.id).lower()

    def replacement(match):
        found = match.group(0).lower()
        return address if "@" in found else ERASED_NAME

    return pattern.sub(replacement, text)


def _primary_key(table, row) -> str:
    return "-".join(str(row[column.name]) for column in table.primary_key.columns)


def rows_referring_to(user: User) -> dict[str, dict[str, set[str]]]:
    """table -> {primary key: the columns in it that point at `user`}, for every covered
    reference to users (and the person's own row)."""
    tables = db.metadata.tables
    found: dict[str, dict[str, set[str]]] = {"users": {str(user.id): {"id"}}}
    for table_name, column_name, _target in references(("users",)):
        table = tables[table_name]
        column = table.c[column_name]
        query = select(*table.primary_key.columns).where(column == user.id)
        for row in db.session.execute(query).mappings():
            found.setdefault(table_name, {}).setdefault(_primary_key(table, row), set()).add(
                column_name
            )
    return found


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


# The download and the erasure


def personal_data(user: User) -> dict:
    """Everything the platform holds about `user`, by domain, as JSON-ready values."""
    return {domain.key: domain.export(user) for domain in domains() if domain.export is not None}


def section_titles() -> dict[str, str]:
    return {domain.key: str(domain.title) for domain in domains()}


def erasure_notes() -> list[tuple[str, str]]:
    """(title, what erasure does) per domain, for the privacy page."""
    return [(str(domain.title), str(domain.on_erasure)) for domain in domains()]


def erased_address(user_id: int) -> str:
    """The address an erased account keeps: unique, and undeliverable by definition (RFC 2606)."""
    return f"erased-{user_id}@{ERASED_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def erase(user: User, *, password: str | None, by: User | None = None) -> None:
    """Remove the person's personal data from every domain; an admin (`by`) needs no password."""
    if by is None or by.id == user.id:
        if not password or not check_password(user.password_hash, password):
            raise ServiceError(_("The password is not correct."), field="password")
    elif not by.is_admin:
        raise ServiceError(_("Only the person or an administrator can erase an account."))
    if is_erased(user):
        raise ServiceError(_("This account is already erased."))
    erasure = _erase_everywhere(user)
    db.session.flush()
    for task in erasure.after_commit:
        run_after_commit(task)


def _erase_everywhere(user: User) -> Erasure:
    """Every domain's eraser on `user`, in order (not committed)."""
    erasure = Erasure(user=user, name=user.name, email=user.email, rows=rows_referring_to(user))
    for domain in domains():
        if domain.erase is not None:
            domain.erase(erasure)
            # What the eraser changed is written (and audited) before the next one looks.
            db.session.flush()
    return erasure


# The accounts domain: the person's own row and their API tokens.

accounts = register(
    "account",
    _l("Account"),
    on_erasure=_l(
        "Your name, e-mail address, password, function, calendar address and API tokens are "
        "removed; the account stays, without any of these, for the history of what it did."
    ),
    covers={
        "users.id": Covered(Handling.kept, personal=("name", "email")),
        # Counts per organization stay right: the anonymous account still counts for it.
        "users.organization_id": Handling.organization,
        "api_tokens.user_id": Handling.deleted,
    },
    # After the domains (they may still need the account), before the outbox and the log.
    order=50,
)


@accounts.exporter
def account_data(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "organization": user.organization.name if user.organization else None,
        "function": user.function.name,
        "role": user.role.name,
        "locale": user.locale,
        "created_at": moment(user.created_at),
        "email_verified_at": moment(user.email_verified_at),
        "last_login_at": moment(user.last_login_at),
        "personal_calendar_address": user.calendar_token_hash is not None,
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": moment(token.created_at),
                "last_used_at": moment(token.last_used_at),
                "expires_at": moment(token.expires_at),
                "revoked_at": moment(token.revoked_at),
            }
            for token in user.api_tokens
        ],
    }


@accounts.eraser
def forget_account(erasure: Erasure) -> None:
    user = erasure.user
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.expire(user, ["api_tokens"])
    user.name = ERASED_NAME
    user.email = erased_address(user.id)
    user.password_hash = None
    user.email_verified_at = None
    user.active = False
    user.role = Role.participant
    user.function = Function.other
    user.calendar_salt = None
    user.calendar_token_hash = None
    user.last_login_at = None
    # Every session of the person ends.
    user.auth_version += 1


def purge(now: datetime | None = None) -> dict[str, int]:
    """Retention: unverified accounts after UNVERIFIED_RETENTION_DAYS, and the bodies of
    mail sent or given up on after OUTBOX_BODY_RETENTION_DAYS."""
    from lmb.notifications.models import MessageStatus, OutboundMessage
    from lmb.tracks.models import Registration

    now = now or utcnow()
    config = current_app.config
    cutoff = now - timedelta(days=int(config["UNVERIFIED_RETENTION_DAYS"]))
    stale = select(User.id).where(
        User.email_verified_at.is_(None),
        User.created_at < cutoff,
        ~User.email.endswith("@" + ERASED_DOMAIN),
        ~exists().where(Registration.user_id == User.id),
    )
    stale_ids = list(db.session.scalars(stale))
    after_commit = []
    for user in db.session.scalars(select(User).where(User.id.in_(stale_ids))).all():
        # Erased as a person asking would be (their mail, requests and mentions too), then gone.
        after_commit += _erase_everywhere(user).after_commit
    if stale_ids:
        db.session.execute(delete(User).where(User.id.in_(stale_ids)))
    body_cutoff = now - timedelta(days=int(config["OUTBOX_BODY_RETENTION_DAYS"]))
    cleared = db.session.execute(
        OutboundMessage.__table__.update()
        .where(
            OutboundMessage.status.in_(
                [MessageStatus.sent, MessageStatus.failed, MessageStatus.dropped]
            ),
            OutboundMessage.created_at < body_cutoff,
            OutboundMessage.body_text != "",
        )
        .values(body_text="", body_html="", ical=None)
    ).rowcount
    db.session.flush()
    for task in after_commit:
        run_after_commit(task)
    return {"unverified_accounts": len(stale_ids), "message_bodies": cleared or 0}
