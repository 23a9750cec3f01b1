"""The audit log: every change a coordinator or admin makes (who, what, when, before/after).

A session listener records the rows that a flush inserts, updates or deletes while a
coordinator or admin is the logged-in person, in the same transaction as the change. Secrets
(password hashes, token hashes, salts) are never written; only that they changed. What the
log holds about a person, and erasing it, is registered by the accounts domain
(lmb.accounts.audit_privacy): core imports no domain.
"""

from __future__ import annotations

import decimal
import enum
import json
from datetime import date, datetime, time

from flask import g, has_request_context
from flask_babel import gettext as _
from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    String,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from lmb.core.database import contains_literally
from lmb.core.models import UTCDateTime, utcnow
from lmb.core.spreadsheets import neutralise
from lmb.core.timezones import local_datetime, to_local
from lmb.extensions import db

# Rows that change as a side effect (mail, counters, the log itself), not by a decision.
NOT_AUDITED = {
    "audit_entries",
    "outbound_messages",
    "news_items",
    "api_tokens",
    "user_sessions",
    "login_throttles",
}
SECRET_MARKERS = ("password", "token", "salt", "secret")
HIDDEN = "••••"


class AuditEntry(db.Model):
    """One row changed by a coordinator or admin."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The person; their name and e-mail are kept as they were, should the account go.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(300))
    # "create", "update" or "delete"
    action: Mapped[str] = mapped_column(String(10))
    # The table and the row's primary key.
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[str] = mapped_column(String(80))
    # {column: [before, after]} for updates; {column: value} for creations and deletions.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _secret(column_name: str) -> bool:
    return any(marker in column_name for marker in SECRET_MARKERS)


def _shown(column_name: str, value):
    return HIDDEN if _secret(column_name) and value is not None else _plain(value)


def _row_values(state) -> dict:
    return {
        attr.key: _shown(attr.key, attr.value)
        for attr in state.attrs
        if attr.key in state.mapper.columns
    }


def _identity(state) -> str:
    """The row's primary key as the log writes it. A row just inserted has no identity key
    yet while the flush runs, but its primary key columns hold their values."""
    identity = state.identity or state.mapper.primary_key_from_instance(state.obj())
    if not identity or any(part is None for part in identity):
        return ""
    return "-".join(str(part) for part in identity)


def _label(obj) -> str:
    identity = _identity(inspect(obj))
    return f"{obj} (#{identity})" if identity else str(obj)


def _updates(state) -> dict:
    changes = {}
    for name, relationship in state.mapper.relationships.items():
        if not relationship.uselist:
            continue
        history = state.attrs[name].history
        if history.added or history.deleted:
            changes[name] = {
                "added": [_label(o) for o in history.added],
                "removed": [_label(o) for o in history.deleted],
            }
    for attr in state.attrs:
        if attr.key not in state.mapper.columns or attr.key in ("updated_at",):
            continue
        history = attr.history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        changes[attr.key] = [_shown(attr.key, before), _shown(attr.key, after)]
    return changes


def _actor():
    """The owner of the request's API token (every change made through the API is logged),
    else the logged-in coordinator or admin, if the request has loaded one (never loaded
    here: a query in the middle of a flush would be one too many)."""
    if not has_request_context():
        return None
    api_user = g.get("api_user")
    if api_user is not None:
        return api_user
    user = g.get("_login_user")
    if user is None or not user.is_authenticated or not user.is_coordinator:
        return None
    return user


@event.listens_for(Session, "after_flush")
def record_changes(session, flush_context):
    actor = _actor()
    if actor is None:
        return
    rows = []
    now = utcnow()
    groups = (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    )
    # The actor's own object may be among them; read its name before anything else.
    who = f"{actor.name} <{actor.email}>"
    for action, objects in groups:
        for obj in objects:
            state = inspect(obj)
            table = getattr(state.mapper.local_table, "name", None)
            if table is None or table in NOT_AUDITED:
                continue
            if action == "update":
                if not session.is_modified(obj):
                    continue
                changes = _updates(state)
                if not changes:
                    continue
            else:
                changes = _row_values(state)
            rows.append(
                {
                    "at": now,
                    "actor_id": actor.id,
                    "actor": who,
                    "action": action,
                    "entity": table,
                    "entity_id": _identity(state),
                    "changes": changes,
                }
            )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def audit_query(*, actor: str = "", entity: str = "", since: date | None = None):
    """The log, newest first, filtered by the person (name or e-mail), table and first day."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if actor:
        query = query.where(contains_literally(func.lower(AuditEntry.actor), actor.lower()))
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if since:
        query = query.where(AuditEntry.at >= local_datetime(since, time(0)))
    return query


def audited_entities() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity))
    )


def export_rows(entries) -> list[list[str]]:
    rows = [[_("When"), _("Who"), _("Action"), _("What"), _("Row"), _("Changes")]]
    for entry in entries:
        rows.append(
            [
                to_local(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                neutralise(entry.actor),
                entry.action,
                neutralise(entry.entity),
                neutralise(entry.entity_id),
                neutralise(json.dumps(entry.changes, ensure_ascii=False, sort_keys=True)),
            ]
        )
    return rows
