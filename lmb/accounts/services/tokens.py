"""API tokens, the personal calendar feed's token and how sessions reach the calendar."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from lmb import events
from lmb.accounts.auth import token_digest
from lmb.accounts.models import (
    ApiToken,
    CalendarDelivery,
    User,
)
from lmb.accounts.permissions import may_revoke_token
from lmb.accounts.services.people import (
    API_TOKEN_PREFIX,
    TokenRefused,
)
from lmb.core import dates
from lmb.core.models import utcnow
from lmb.core.permissions import require
from lmb.core.urls import absolute_url
from lmb.extensions import db

# API tokens


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token, valid for API_TOKEN_DAYS; the secret is returned once and only its hash
    is kept."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    token = ApiToken(
        user=user,
        name=name.strip(),
        token_hash=token_digest(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=now + timedelta(days=int(current_app.config["API_TOKEN_DAYS"])),
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_api_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    require(may_revoke_token, user, token, _("This token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()


# "Last used" is written at most this often, so that reads mostly stay reads.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def user_for_api_token(secret: str) -> User:
    """The owner of a valid token; TokenRefused (401) saying why not, for an unknown, revoked
    or expired one. Records when the token was used."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(secret)))
    now = utcnow()
    if token is None or token.is_revoked or not token.user.active:
        raise TokenRefused(
            _("This API token is not valid or has been revoked (Authorization: Bearer ...).")
        )
    if token.is_expired(now):
        raise TokenRefused(
            _(
                "This API token expired on %(date)s. Create a new one on your API tokens page: "
                "%(url)s",
                date=dates.day(token.expires_at),
                url=absolute_url("accounts.tokens"),
            )
        )
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        token.last_used_at = now
        db.session.flush()
    return token.user


# The personal calendar feed


def _calendar_token_from(user: User) -> str:
    digest = hmac.new(
        current_app.config["SECRET_KEY"].encode(),
        f"calendar:{user.id}:{user.calendar_salt}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def calendar_token(user: User) -> str:
    """The token of the person's feed address, made on first use."""
    if user.calendar_salt is None:
        rotate_calendar_token(user)
    return _calendar_token_from(user)


def rotate_calendar_token(user: User) -> str:
    """A new feed address; the old one stops working at once."""
    token = _new_calendar_salt(user)
    db.session.flush()
    return token


def set_calendar_delivery(user: User, delivery: CalendarDelivery) -> bool:
    """How sessions reach the person's calendar (invitations or a subscription); True when
    it changed. Scheduling hears it (calendar_delivery_changed) and, for invitations, sends
    the invitations of the sessions to come, which the subscription had carried."""
    if user.calendar_delivery is delivery:
        return False
    user.calendar_delivery = delivery
    db.session.flush()
    events.calendar_delivery_changed.send(user, delivery=delivery)
    return True


def _new_calendar_salt(user: User) -> str:
    user.calendar_salt = secrets.token_hex(16)
    token = _calendar_token_from(user)
    user.calendar_token_hash = token_digest(token)
    return token


def user_for_calendar_token(token: str) -> User | None:
    user = db.session.scalar(select(User).where(User.calendar_token_hash == token_digest(token)))
    return user if user is not None and user.active else None
