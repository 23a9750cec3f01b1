"""Privacy (GDPR): a person's data to download, erasing an account, and retention.

Every domain adds what it holds about a person with @personal_data_section, and cleans its
own rows when it hears `events.account_erasing`. Erasing keeps the rows that history needs
(registrations, reviews) but they point to an account without name, address or password, so
that counts stay correct and nobody can be found in them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select

from lmb import events
from lmb.accounts.auth import check_password
from lmb.accounts.models import ApiToken, Function, User
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db

ERASED_NAME = "—"
ERASED_DOMAIN = "erased.invalid"

# (key, title, function(user) -> list of rows or a dict)
SECTIONS: list[tuple[str, object, Callable]] = []


def personal_data_section(key: str, title):
    def register(function):
        SECTIONS.append((key, title, function))
        return function

    return register


def _moment(value):
    return value.isoformat() if value else None


@personal_data_section("account", _l("Account"))
def account_data(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "organization": user.organization.name if user.organization else None,
        "function": user.function.name,
        "role": user.role.name,
        "locale": user.locale,
        "created_at": _moment(user.created_at),
        "email_verified_at": _moment(user.email_verified_at),
        "last_login_at": _moment(user.last_login_at),
        "api_tokens": [
            {
                "name": token.name,
                "prefix": token.prefix,
                "created_at": _moment(token.created_at),
                "last_used_at": _moment(token.last_used_at),
                "revoked_at": _moment(token.revoked_at),
            }
            for token in user.api_tokens
        ],
    }


def personal_data(user: User) -> dict:
    """Everything the platform holds about `user`, by section, as JSON-ready values."""
    return {key: function(user) for key, _title, function in SECTIONS}


def section_titles() -> dict[str, str]:
    return {key: str(title) for key, title, _function in SECTIONS}


def erased_address(user_id: int) -> str:
    """The address an erased account keeps: unique, and undeliverable by definition (RFC 2606)."""
    return f"erased-{user_id}@{ERASED_DOMAIN}"


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def erase(user: User, *, password: str | None, by: User | None = None) -> None:
    """Remove the person's personal data; an admin (`by`) needs no password."""
    if by is None or by.id == user.id:
        if not password or not check_password(user.password_hash, password):
            raise ServiceError(_("The password is not correct."), field="password")
    elif not by.is_admin:
        raise ServiceError(_("Only the person or an administrator can erase an account."))
    events.account_erasing.send(user)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    user.name = ERASED_NAME
    user.email = erased_address(user.id)
    user.password_hash = None
    user.email_verified_at = None
    user.active = False
    user.function = Function.other
    user.calendar_salt = None
    user.calendar_token_hash = None
    user.last_login_at = None
    # Every session of the person ends.
    user.auth_version += 1
    db.session.commit()


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
    db.session.commit()
    return {"unverified_accounts": len(stale_ids), "message_bodies": cleared or 0}
