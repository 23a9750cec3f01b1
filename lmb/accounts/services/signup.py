"""Sign-up and the verification of an e-mail address."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from lmb import events
from lmb.accounts import membership
from lmb.accounts.auth import hash_password
from lmb.accounts.models import (
    Function,
    Role,
    User,
)
from lmb.accounts.services.login import _check_password
from lmb.accounts.services.people import (
    InvalidLink,
    _link_data,
    check_new_password,
    find_user_by_email,
    normalize_email,
    verification_url,
)
from lmb.core.i18n import BELGIUM, supported_zone
from lmb.core.models import utcnow
from lmb.extensions import db

# Sign-up and verification


def sign_up(
    *,
    email: str,
    name: str,
    password: str,
    organization_name: str,
    function: Function,
    locale: str,
    time_zone: str = BELGIUM,
    next_path: str | None = None,
) -> User | None:
    """Create an unverified account and send the verification link by mail.

    The organization named is only asked for (lmb/accounts/membership/): it is never
    created here, and the person has no organization rights until the request is granted.

    An address that already has an account gets no second one, and the form does not say so
    (that would tell anyone who has an account here): the owner is mailed instead, and the
    answer, like the work done (hashing, one mail), is the same as for a new address. None then.
    """
    email = normalize_email(email)
    check_new_password(password)
    password_hash = hash_password(password)
    existing = find_user_by_email(email)
    if existing is not None:
        events.sign_up_attempted.send(existing)
        db.session.flush()
        return None
    user = User(
        email=email,
        name=name.strip(),
        password_hash=password_hash,
        function=function,
        role=Role.participant,
        locale=locale,
        time_zone=supported_zone(time_zone) or BELGIUM,
    )
    db.session.add(user)
    db.session.flush()
    membership.ask(user, organization_name)
    events.user_registered.send(user, verify_url=verification_url(user, next_path))
    db.session.flush()
    return user


def resend_verification(email: str) -> None:
    """Send a fresh link if an unverified account has that address; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or user.is_verified or not user.active:
        return
    events.verification_requested.send(user, verify_url=verification_url(user))
    db.session.flush()


def verification_link_user(token: str) -> User:
    """The account a verification link is for; InvalidLink when it is not valid (any more)."""
    data, user = _link_data(
        token,
        "verify-email",
        "EMAIL_TOKEN_MAX_AGE",
        expired=_("This verification link has expired. Ask for a new one."),
        invalid=_("This verification link is not valid."),
    )
    if user.email != data.get("email") or not user.active:
        raise InvalidLink(_("This verification link is not valid."))
    return user


def verify_email(
    token: str, password: str, client_address: str | None = None, now: datetime | None = None
) -> User:
    """Verify the address of a link's account with the account's password, and log in.

    The link alone is not enough: someone who signed up with another person's address (and
    chose the password) must not get a verified account, with its organization request
    granted by mail domain, when that person clicks the link out of good faith. The owner
    of the address who did not sign up takes the account over with a password reset.
    """
    now = now or utcnow()
    user = verification_link_user(token)
    _check_password(user, password, client_address, now)
    if not user.is_verified:
        user.email_verified_at = now
        events.email_verified.send(user)
    user.last_login_at = now
    db.session.flush()
    return user
