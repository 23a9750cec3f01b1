"""Receivers that turn domain events into outbox messages, in the sender's transaction."""

import hashlib

from flask_babel import lazy_gettext as _l

from lmb import events
from lmb.notifications.services import enqueue


def _link_digest(url: str) -> str:
    # Each link is its own message: a second request for a link sends a second mail.
    return hashlib.sha256(url.encode()).hexdigest()[:16]


@events.user_registered.connect
@events.verification_requested.connect
def send_verification_link(user, verify_url: str, **_):
    enqueue(
        key=f"account:verify:user:{user.id}:{_link_digest(verify_url)}",
        kind="account/verify",
        recipient=user,
        subject=_l("Confirm your e-mail address for LMB Leertrajecten"),
        context={"verify_url": verify_url},
    )


@events.password_reset_requested.connect
def send_reset_link(user, reset_url: str, **_):
    enqueue(
        key=f"account:reset:user:{user.id}:{_link_digest(reset_url)}",
        kind="account/reset",
        recipient=user,
        subject=_l("Reset your password for LMB Leertrajecten"),
        context={"reset_url": reset_url},
    )


@events.password_changed.connect
def send_password_changed_notice(user, **_):
    enqueue(
        key=f"account:password-changed:user:{user.id}:v{user.auth_version}",
        kind="account/password_changed",
        recipient=user,
        subject=_l("Your password for LMB Leertrajecten was changed"),
    )


@events.account_locked.connect
def send_lockout_notice(user, locked_until, **_):
    enqueue(
        key=f"account:locked:user:{user.id}:until:{locked_until.isoformat()}",
        kind="account/locked",
        recipient=user,
        subject=_l("Your LMB Leertrajecten account is temporarily locked"),
        context={"locked_until": locked_until},
    )
