"""Login (throttled per address), browser sessions, and their part in a person's data."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from lmb import events
from lmb.accounts import privacy
from lmb.accounts.auth import check_password, session_lifetime, token_digest
from lmb.accounts.models import (
    LoginThrottle,
    User,
    UserSession,
)
from lmb.accounts.services.people import (
    LoginRefused,
    find_user_by_email,
    verification_url,
)
from lmb.core.models import utcnow
from lmb.core.security import client_key
from lmb.extensions import db

# Login


def login_refused() -> LoginRefused:
    """The one answer to every failed login, whatever the reason (unknown address, wrong
    password, paused, unverified, deactivated): the words never tell a stranger which."""
    return LoginRefused(
        _(
            "Logging in did not work. Check your e-mail address and password. Not verified "
            "your address yet? Follow the link in the mail we sent you. After several wrong "
            "passwords, logging in from your internet address pauses for %(minutes)s minutes; "
            "you can always reset your password.",
            minutes=current_app.config["LOGIN_LOCK_MINUTES"],
        )
    )


def authenticate(
    email: str, password: str, client_address: str | None = None, now: datetime | None = None
) -> User:
    """The account for these credentials, or LoginRefused, always with the same words.

    Wrong passwords are counted per account *and* client address: after LOGIN_MAX_FAILURES
    from one address, that address is paused for LOGIN_LOCK_MINUTES (and the owner told),
    while the owner logs in as usual from their own. The password is always hashed, so an
    unknown address takes as long as a known one.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    _check_password(user, password, client_address, now)
    if not user.is_verified:
        # The owner (who knows the password) gets the link again; the words stay the same.
        events.verification_requested.send(user, verify_url=verification_url(user))
        db.session.flush()
        raise login_refused()
    user.last_login_at = now
    db.session.flush()
    return user


def _check_password(
    user: User | None, password: str, client_address: str | None, now: datetime
) -> None:
    """LoginRefused unless `password` is the active account's, counting wrong ones per
    account and client address (the pause applies here too); a right one clears the count."""
    config = current_app.config
    password_ok = check_password(user.password_hash if user else None, password)
    if user is None:
        raise login_refused()
    address = client_key(client_address)
    window = timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    throttle = db.session.scalar(
        select(LoginThrottle).where(
            LoginThrottle.user_id == user.id, LoginThrottle.client_address == address
        )
    )
    if throttle is not None and throttle.locked_until and throttle.locked_until > now:
        raise login_refused()
    if not password_ok:
        _count_failure(user, throttle, address, now, window)
        raise login_refused()
    if not user.active:
        raise login_refused()
    # The owner is in: their counts from this address go, and so do others' that are over.
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.user_id == user.id,
            (LoginThrottle.client_address == address)
            | (
                (LoginThrottle.updated_at < now - window)
                & (LoginThrottle.locked_until.is_(None) | (LoginThrottle.locked_until < now))
            ),
        )
    )


def _count_failure(
    user: User, throttle: LoginThrottle | None, address: str, now: datetime, window: timedelta
) -> None:
    # Old counts of this account (other addresses, long ago) are forgotten on the way.
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.user_id == user.id,
            LoginThrottle.client_address != address,
            LoginThrottle.updated_at < now - window,
            (LoginThrottle.locked_until.is_(None)) | (LoginThrottle.locked_until < now),
        )
    )
    if throttle is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    LoginThrottle(
                        user_id=user.id, client_address=address, failures=0, updated_at=now
                    )
                )
        except IntegrityError:
            pass  # a parallel attempt from the same address made the row first
    # Counted by the database, not read and written back: wrong passwords sent at the same
    # moment all count (a read-then-write count let them overwrite each other).
    this_row = (LoginThrottle.user_id == user.id) & (LoginThrottle.client_address == address)
    afresh = (LoginThrottle.updated_at < now - window) | (
        LoginThrottle.locked_until.is_not(None) & (LoginThrottle.locked_until <= now)
    )
    db.session.execute(
        update(LoginThrottle)
        .where(this_row)
        .values(
            # A pause that ended, or failures long ago: count afresh.
            failures=case((afresh, 1), else_=LoginThrottle.failures + 1),
            locked_until=case((afresh, None), else_=LoginThrottle.locked_until),
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    # One of the attempts that reach the maximum pauses the address (and tells the owner).
    paused = db.session.execute(
        update(LoginThrottle)
        .where(this_row, LoginThrottle.failures >= current_app.config["LOGIN_MAX_FAILURES"])
        .values(failures=0, locked_until=now + window)
        .execution_options(synchronize_session=False)
    ).rowcount
    if paused:
        events.account_locked.send(user, locked_until=now + window)
    db.session.flush()


# Sessions


def start_session(user: User) -> None:
    """A server-side session for a browser that logs in; its secret goes into the cookies
    through user.get_id()."""
    now = utcnow()
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, UserSession.created_at <= now - session_lifetime()
        )
    )
    secret = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, secret_hash=token_digest(secret), created_at=now))
    db.session.flush()
    user.session_secret = secret


def end_session(user: User) -> None:
    """Logging out: this browser's session stops working, also as a copied cookie."""
    if user.session_secret:
        db.session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id,
                UserSession.secret_hash == token_digest(user.session_secret),
            )
        )
        db.session.flush()
    user.session_secret = None


def end_all_sessions(user: User) -> None:
    """Every browser session and remember-me cookie of the person ends (not committed)."""
    user.auth_version += 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


logins = privacy.register(
    "logins",
    _l("Logins: browser sessions and paused addresses"),
    on_erasure=_l(
        "Every browser session ends and the wrong passwords counted per internet address are "
        "forgotten."
    ),
    covers={
        "user_sessions.user_id": privacy.Handling.deleted,
        "login_throttles.user_id": privacy.Handling.deleted,
    },
    order=45,
)


@logins.exporter
def session_data(user: User) -> dict:
    sessions = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    )
    throttles = db.session.scalars(
        select(LoginThrottle).where(LoginThrottle.user_id == user.id).order_by(LoginThrottle.id)
    )
    return {
        "browser_sessions": [{"started_at": s.created_at.isoformat()} for s in sessions],
        "wrong_passwords_by_address": [
            {
                "address": t.client_address,
                "failures": t.failures,
                "paused_until": t.locked_until.isoformat() if t.locked_until else None,
            }
            for t in throttles
        ],
    }


@logins.eraser
def _end_sessions_of_erased(erasure: privacy.Erasure) -> None:
    end_all_sessions(erasure.user)
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.user_id == erasure.user.id))
