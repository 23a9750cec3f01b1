"""Mail about membership requests: to the person who asked, and to whoever decides."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from lmb import events
from lmb.accounts import membership as memberships
from lmb.core.urls import absolute_url
from lmb.notifications.services import Draft, enqueue_many


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
