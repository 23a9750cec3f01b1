"""The data download and the erasure: every registered domain's exporter, or eraser, in order."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.auth import check_password
from lmb.accounts.models import User
from lmb.accounts.privacy.registry import Erasure, domains, is_erased, references
from lmb.core.database import after_commit as run_after_commit
from lmb.core.errors import ServiceError
from lmb.extensions import db


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


def personal_data(user: User) -> dict:
    """Everything the platform holds about `user`, by domain, as JSON-ready values."""
    return {domain.key: domain.export(user) for domain in domains() if domain.export is not None}


def section_titles() -> dict[str, str]:
    return {domain.key: str(domain.title) for domain in domains()}


def erasure_notes() -> list[tuple[str, str]]:
    """(title, what erasure does) per domain, for the privacy page."""
    return [(str(domain.title), str(domain.on_erasure)) for domain in domains()]


def erase(user: User, *, password: str | None, by: User | None = None) -> None:
    """Remove the person's personal data from every domain; an admin (`by`) needs no password."""
    if by is None or by.id == user.id:
        if not password or not check_password(user.password_hash, password):
            raise ServiceError(_("The password is not correct."), field="password")
    elif not by.is_admin:
        raise ServiceError(_("Only the person or an administrator can erase an account."))
    if is_erased(user):
        raise ServiceError(_("This account is already erased."))
    erasure = erase_everywhere(user)
    db.session.flush()
    for task in erasure.after_commit:
        run_after_commit(task)


def erase_everywhere(user: User) -> Erasure:
    """Every domain's eraser on `user`, in order (not committed)."""
    erasure = Erasure(user=user, name=user.name, email=user.email, rows=rows_referring_to(user))
    for domain in domains():
        if domain.erase is not None:
            domain.erase(erasure)
            # What the eraser changed is written (and audited) before the next one looks.
            db.session.flush()
    return erasure
