"""People: the shared rules (address, password strength, refusals, signed links) and the
profile."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from lmb.accounts import membership
from lmb.accounts.models import (
    Function,
    User,
)
from lmb.core.errors import ServiceError
from lmb.core.i18n import BELGIUM, supported_zone
from lmb.core.urls import absolute_url
from lmb.extensions import db

MIN_PASSWORD_LENGTH = 10
API_TOKEN_PREFIX = "lmb_"  # noqa: S105 - a public prefix, not a secret


class LoginRefused(ServiceError):
    status = 401
    code = "login_refused"


class InvalidLink(ServiceError):
    status = 400
    code = "invalid_link"


class TokenRefused(ServiceError):
    status = 401
    code = "unauthorized"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            _("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
            field="password",
        )


# Profile


def update_profile(
    user: User,
    *,
    name: str,
    organization_name: str,
    function: Function,
    locale: str,
    time_zone: str = BELGIUM,
) -> None:
    """Naming another organization ends the present membership at once and asks to join
    the new one (membership.ask); the same organization changes nothing."""
    user.name = name.strip()
    membership.ask(user, organization_name)
    user.function = function
    user.locale = locale
    user.time_zone = supported_zone(time_zone) or BELGIUM
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    if user.locale != locale:
        user.locale = locale
        db.session.flush()


# Signed links (verification, password reset)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def verification_url(user: User, next_path: str | None = None) -> str:
    """The link of the verification mail; `next_path` (a local path the caller checked: the
    track the person came from) comes along, so that verifying lands there."""
    token = _serializer("verify-email").dumps({"user": user.id, "email": user.email})
    if next_path:
        return absolute_url("accounts.verify_email", token=token, next=next_path)
    return absolute_url("accounts.verify_email", token=token)


def _link_data(token: str, salt: str, max_age_key: str, expired: str, invalid: str):
    """The payload of a signed link from a mail and its user; InvalidLink with `expired` or
    `invalid` when the link is too old or not ours."""
    try:
        data = _serializer(salt).loads(token, max_age=current_app.config[max_age_key])
    except SignatureExpired as error:
        raise InvalidLink(expired) from error
    except BadSignature as error:
        raise InvalidLink(invalid) from error
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None:
        raise InvalidLink(invalid)
    return data, user
