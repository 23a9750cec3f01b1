"""The audit log's part of the privacy registry: the changes a person made are in their data
download; erasing them keeps the fact of every change but takes their name and address out of
the log. Registered from the accounts side, since the log itself (lmb.core.audit) imports no
domain."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, and_, cast, func, or_, select

from lmb.accounts import privacy
from lmb.accounts.privacy import Handling
from lmb.core.audit import AuditEntry
from lmb.core.database import contains_literally
from lmb.extensions import db

personal = privacy.register(
    "audit",
    _l("The log: changes you made as coordinator or administrator, and changes to your account"),
    on_erasure=_l(
        "The log keeps what was changed and when, but your name and e-mail address are taken "
        "out of it: as the one who made a change, and in the values before and after."
    ),
    covers={"audit_entries.actor_id": Handling.kept},
    # Last: it also scrubs what the erasure of the other domains wrote into the log.
    order=110,
)


@personal.exporter
def audit_data(user) -> list[dict]:
    about_them = and_(AuditEntry.entity == "users", AuditEntry.entity_id == str(user.id))
    entries = db.session.scalars(
        select(AuditEntry)
        .where(or_(AuditEntry.actor_id == user.id, about_them))
        .order_by(AuditEntry.id)
    )
    return [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "what": f"{e.entity} #{e.entity_id}",
            # What was changed in their own account (by them or by an administrator).
            **(
                {"changes": e.changes}
                if e.entity == "users" and e.entity_id == str(user.id)
                else {}
            ),
        }
        for e in entries
    ]


def _user_columns() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table, column, _target in privacy.references(("users",)):
        found.setdefault(table, set()).add(column)
    return found


def _points_at(value, user_id: int) -> bool:
    if isinstance(value, list):
        return any(_points_at(v, user_id) for v in value)
    return isinstance(value, int) and not isinstance(value, bool) and value == user_id


def _blank(value):
    if isinstance(value, list):
        return [_blank(v) for v in value]
    if isinstance(value, str) and value:
        return privacy.ERASED_NAME
    return value


class _Scrubber:
    """Takes one person's name and address out of audit values."""

    def __init__(self, erasure):
        self.erasure = erasure
        self.user_id = erasure.user.id
        self.name = erasure.name.strip().lower()
        self.email = erasure.email.strip().lower()
        self.address = privacy.erased_address(self.user_id)
        self.label = f"{self.name} (#{self.user_id})"

    def value(self, value, *, about_them: bool):
        if isinstance(value, dict):
            return {k: self.value(v, about_them=about_them) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, about_them=about_them) for v in value]
        if not isinstance(value, str):
            return value
        if about_them:
            # A row about the person: their name and address go wherever they stand.
            return privacy.scrub(value, self.erasure)
        # Another row: the address wherever it stands, the name where it is the whole value
        # (or a row label), so that nobody else's words change because they contain it.
        if self.email and self.email in value.lower():
            value = re.sub(re.escape(self.email), self.address, value, flags=re.IGNORECASE)
        lowered = value.strip().lower()
        if self.name and lowered == self.name:
            return privacy.ERASED_NAME
        if self.name and lowered == self.label:
            return f"{privacy.ERASED_NAME} (#{self.user_id})"
        if self.name and lowered == f"{self.name} <{self.address}>":
            return f"{privacy.ERASED_NAME} <{self.address}>"
        return value

    def changes(self, entity: str, entity_id: str, changes: dict, user_columns) -> dict:
        columns = set(self.erasure.rows.get(entity, {}).get(entity_id, ()))
        columns |= {
            column
            for column in user_columns.get(entity, ())
            if _points_at(changes.get(column), self.user_id)
        }
        personal = privacy.personal_columns(entity, columns)
        about_them = bool(columns) or entity_id in self.erasure.copies.get(entity, ())
        return {
            key: _blank(value) if key in personal else self.value(value, about_them=about_them)
            for key, value in changes.items()
        }


@personal.eraser
def forget_person_in_log(erasure) -> None:
    """Every row that names the person: by the actor, by the rows that refer to them (and
    their own account row), and by their name or address in the values before and after."""
    user_id = erasure.user.id
    table = AuditEntry.__table__
    text = func.lower(cast(AuditEntry.changes, Text))
    needles = {str(user_id)} | privacy.mention_needles(erasure, json_escaped=True)
    conditions = [AuditEntry.actor_id == user_id]
    conditions += [contains_literally(text, needle) for needle in needles]
    for entity, rows in [*erasure.rows.items(), *erasure.copies.items()]:
        ids = list(rows)
        for start in range(0, len(ids), 500):
            conditions.append(
                and_(
                    AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids[start : start + 500])
                )
            )
    scrubber = _Scrubber(erasure)
    user_columns = _user_columns()
    found = db.session.execute(
        select(
            AuditEntry.id,
            AuditEntry.actor_id,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.changes,
        ).where(or_(*conditions))
    ).all()
    for entry_id, actor_id, entity, entity_id, changes in found:
        values = {}
        scrubbed = scrubber.changes(entity, entity_id, changes or {}, user_columns)
        if scrubbed != changes:
            values["changes"] = scrubbed
        if actor_id == user_id:
            values["actor"] = f"{privacy.ERASED_NAME} <{privacy.erased_address(user_id)}>"
        if values:
            db.session.execute(table.update().where(table.c.id == entry_id).values(**values))
