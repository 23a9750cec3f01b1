"""Mail of the accounts domain: the verification and reset links, notices about the password,
a lockout, a sign-up attempt and a reset for an unknown address; membership requests to the
person who asked and to whoever decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lmb import events
from lmb.accounts import membership as memberships
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.notifications.outbox import Draft, enqueue, enqueue_many, key_digest

# Mail with a link that anyone can make us send to an account by typing its address (reset;
# the verification link again, also sent when an unverified account logs in): at most this
# many of a kind an hour per account, so that the limit per client address is not the
# owner's only protection. A person who asks again still gets a fresh link; a double click
# (the same link, within one second) is one mail by its key.
ACCOUNT_LINKS_PER_HOUR = 3


def _may_send_another(user, kind: str) -> bool:
    written = db.session.scalar(
        select(func.count())
        .select_from(OutboundMessage)
        .where(
            OutboundMessage.recipient_user_id == user.id,
            OutboundMessage.kind == kind,
            OutboundMessage.created_at >= utcnow() - timedelta(hours=1),
        )
    )
    return written < ACCOUNT_LINKS_PER_HOUR


@events.user_registered.connect
@events.verification_requested.connect
def send_verification_link(user, verify_url: str, **_):
    if not _may_send_another(user, "account/verify"):
        return
    enqueue(
        key=f"account:verify:user:{user.id}:{key_digest(verify_url)}",
        kind="account/verify",
        template="accounts/mail/account/verify",
        recipient=user,
        subject=_l("Confirm your e-mail address for LMB Leertrajecten"),
        context={"verify_url": verify_url},
    )


@events.password_reset_requested.connect
def send_reset_link(user, reset_url: str, **_):
    if not _may_send_another(user, "account/reset"):
        return
    enqueue(
        key=f"account:reset:user:{user.id}:{key_digest(reset_url)}",
        kind="account/reset",
        template="accounts/mail/account/reset",
        recipient=user,
        subject=_l("Reset your password for LMB Leertrajecten"),
        context={"reset_url": reset_url},
    )


@dataclass(frozen=True)
class _Address:
    """A recipient without an account: only an address and a language."""

    email: str
    locale: str
    id: None = None
    name: str = ""


def _hour() -> str:
    return utcnow().strftime("%Y%m%d%H")


@events.password_reset_unknown.connect
def send_no_account_notice(email, locale: str, **_):
    # At most one an hour per address, so the form cannot be used to flood someone's inbox.
    enqueue(
        key=f"account:reset-unknown:{key_digest(email)}:{_hour()}",
        kind="account/reset_unknown",
        template="accounts/mail/account/reset_unknown",
        recipient=_Address(email=email, locale=locale, name=email),
        subject=_l("Reset your password for LMB Leertrajecten"),
        context={
            "signup_url": absolute_url("accounts.signup"),
            "reset_url": absolute_url("accounts.request_reset"),
        },
    )


@events.sign_up_attempted.connect
def send_sign_up_attempt_notice(user, **_):
    enqueue(
        key=f"account:signup-attempt:user:{user.id}:{_hour()}",
        kind="account/signup_attempt",
        template="accounts/mail/account/signup_attempt",
        recipient=user,
        subject=_l("Someone tried to sign up with your address on LMB Leertrajecten"),
        context={
            "login_url": absolute_url("accounts.login"),
            "reset_url": absolute_url("accounts.request_reset"),
        },
    )


@events.password_changed.connect
def send_password_changed_notice(user, revoked_tokens: int = 0, **_):
    enqueue(
        key=f"account:password-changed:user:{user.id}:v{user.auth_version}",
        kind="account/password_changed",
        template="accounts/mail/account/password_changed",
        recipient=user,
        subject=_l("Your password for LMB Leertrajecten was changed"),
        context={
            "revoked_tokens": revoked_tokens,
            "agenda_url": absolute_url("calendar.agenda"),
            "tokens_url": absolute_url("accounts.tokens"),
            "reset_url": absolute_url("accounts.request_reset"),
        },
    )


@events.account_locked.connect
def send_lockout_notice(user, locked_until, **_):
    enqueue(
        # One notice an hour at most, however many addresses a stranger tries from.
        key=f"account:locked:user:{user.id}:{_hour()}",
        kind="account/locked",
        template="accounts/mail/account/locked",
        recipient=user,
        subject=_l("Your LMB Leertrajecten account is temporarily locked"),
        context={"locked_until": locked_until},
    )


# Membership requests


def _organization_name(membership) -> str:
    # What the person typed while no organization is known, so the mail tells nothing of
    # the register; the register's name once it is granted or refused.
    if membership.organization is not None and membership.status.name == "granted":
        return membership.organization.name
    return membership.requested_name or (
        membership.organization.name if membership.organization else ""
    )


def _to_person(membership, kind: str, subject) -> Draft:
    return Draft(
        key=f"membership:{kind}:{membership.id}:user:{membership.user_id}",
        kind=f"membership/{kind}",
        template=f"accounts/mail/membership/{kind}",
        recipient=membership.user,
        subject=subject,
        context={
            "organization_name": _organization_name(membership),
            "profile_url": absolute_url("accounts.profile"),
        },
    )


@events.membership_asked.connect
def tell_request_received(membership, **_):
    person = membership.user
    if not person.active:
        return
    drafts = [_to_person(membership, "asked", _l("Your request to join an organization"))]
    context = {
        "person_name": person.name,
        "person_email": person.email,
        "organization_name": membership.requested_name
        or (membership.organization.name if membership.organization else ""),
        "requests_url": absolute_url("accounts.membership_requests"),
    }
    subject = _l("%(person)s asks to join an organization", person=person.name)
    # One mail a day to each decider per person asking, whatever they ask for: switching the
    # profile back and forth, or through ever new names and organizations without contacts
    # (whose requests all go to the admins), cannot flood anyone. The requests page lists
    # every request all the same.
    day = membership.created_at.date().isoformat() if membership.created_at else "now"
    drafts.extend(
        Draft(
            key=f"membership:to-decide:user:{person.id}:{day}:to:{decider.id}",
            kind="membership/to_decide",
            template="accounts/mail/membership/to_decide",
            recipient=decider,
            subject=subject,
            context=context,
        )
        for decider in memberships.deciders(membership)
    )
    enqueue_many(drafts)


@events.membership_granted.connect
def tell_request_granted(membership, **_):
    if membership.user.active:
        enqueue_many(
            [_to_person(membership, "granted", _l("You are now a member of your organization"))]
        )


@events.membership_refused.connect
def tell_request_refused(membership, **_):
    if membership.user.active:
        enqueue_many(
            [
                _to_person(
                    membership, "refused", _l("Your request to join an organization was refused")
                )
            ]
        )
