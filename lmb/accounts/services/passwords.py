"""Passwords: reset by mail, change, and ending every credential."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, update

from lmb import events
from lmb.accounts.auth import check_password, hash_password, token_digest
from lmb.accounts.models import (
    ApiToken,
    LoginThrottle,
    User,
)
from lmb.accounts.services.login import end_all_sessions
from lmb.accounts.services.people import (
    InvalidLink,
    _link_data,
    _serializer,
    check_new_password,
    find_user_by_email,
    normalize_email,
)
from lmb.accounts.services.tokens import _new_calendar_salt
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db

# Passwords


def _reset_fingerprint(user: User) -> str:
    # Changes with the password, so a reset link works once.
    return token_digest(user.password_hash or "")[:16]


def request_password_reset(email: str, locale: str = "nl") -> None:
    """Mail a reset link if the address has an active account, and otherwise a mail that no
    account uses it: the answer and the work (a signed link, one mail in the outbox, a
    commit) are the same either way, so that neither tells whether the address has an account.
    """
    email = normalize_email(email)
    user = find_user_by_email(email)
    known = user is not None and user.active
    token = _serializer("reset-password").dumps(
        {
            "user": user.id if known else 0,
            "fingerprint": _reset_fingerprint(user) if known else token_digest("")[:16],
        }
    )
    reset_url = absolute_url("accounts.reset_password", token=token)
    if known:
        events.password_reset_requested.send(user, reset_url=reset_url)
    else:
        events.password_reset_unknown.send(email, locale=locale)
    db.session.flush()


def user_for_reset_token(token: str) -> User:
    data, user = _link_data(
        token,
        "reset-password",
        "PASSWORD_RESET_MAX_AGE",
        expired=_("This reset link has expired. Ask for a new one."),
        invalid=_("This reset link is not valid."),
    )
    if data.get("fingerprint") != _reset_fingerprint(user):
        raise InvalidLink(_("This reset link has already been used or is not valid."))
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    check_new_password(new_password)
    _set_password(user, new_password)
    # Following the link proves the address too, with what that sets off (a waiting
    # request is granted by its mail domain, or its deciders hear of it).
    if not user.is_verified:
        user.email_verified_at = utcnow()
        events.email_verified.send(user)
    # The owner proved who they are: pauses on their account end.
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == user.id))
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password(user.password_hash, current_password):
        raise ServiceError(_("Your current password is not correct."), field="current_password")
    check_new_password(new_password)
    _set_password(user, new_password)
    db.session.flush()


def end_credentials(user: User) -> int:
    """Everything that lets someone act as the person without typing the password ends: every
    browser session (remember-me cookies too), every API token, and the personal calendar
    address. For a new password and for deactivation alike. Not committed; returns how many
    tokens were revoked."""
    end_all_sessions(user)
    revoked = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    _new_calendar_salt(user)
    return revoked


def _set_password(user: User, password: str) -> None:
    """A new password ends everything the old one may have let someone take."""
    user.password_hash = hash_password(password)
    revoked = end_credentials(user)
    events.password_changed.send(user, revoked_tokens=revoked)
