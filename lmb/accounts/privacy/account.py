"""The accounts domain's part of the privacy registry: the person's own row and their API tokens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from lmb.accounts.models import ApiToken, Function, Role, User
from lmb.accounts.privacy.registry import (
    ERASED_NAME,
    Covered,
    Erasure,
    Handling,
    erased_address,
    moment,
    register,
)
from lmb.extensions import db

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
        "time_zone": user.time_zone,
        "created_at": moment(user.created_at),
        "email_verified_at": moment(user.email_verified_at),
        "last_login_at": moment(user.last_login_at),
        "personal_calendar_address": user.calendar_token_hash is not None,
        "calendar_delivery": user.calendar_delivery.name,
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
    # Where someone lives can be read from their zone: back to the default.
    user.time_zone = "Europe/Brussels"
    user.calendar_salt = None
    user.calendar_token_hash = None
    user.last_login_at = None
    # Every session of the person ends.
    user.auth_version += 1
