"""The memberships' part of the privacy registry: the person's requests are theirs to download,
and go with the account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from lmb.accounts import privacy
from lmb.accounts.models import Membership, MembershipStatus, User
from lmb.accounts.privacy import Handling
from lmb.extensions import db

personal = privacy.register(
    "memberships",
    _l("Organization memberships and requests"),
    on_erasure=_l(
        "Your requests to join an organization are deleted; the membership you held stays as "
        "an anonymous entry, so that the numbers per organization stay right."
    ),
    covers={
        "memberships.user_id": privacy.Covered(Handling.kept, personal=("requested_name",)),
        "memberships.organization_id": Handling.organization,
        "memberships.decided_by_id": Handling.cleared,
        "organization_domains.organization_id": Handling.organization,
    },
    # Before the account (order 50), which keeps users.organization_id for the same counts.
    order=40,
)


@personal.exporter
def membership_data(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
    )
    # The register's name only where the person was a member: a request shows what they typed
    # (the export must not tell which names the register holds).
    member = (MembershipStatus.granted, MembershipStatus.ended)
    return [
        {
            "organization": m.organization.name
            if m.organization and m.status in member and m.decided_at
            else None,
            "requested_name": m.requested_name,
            "status": m.status.name,
            "contact": m.contact,
            "asked_at": m.created_at.isoformat() if m.created_at else None,
            "decided_at": m.decided_at.isoformat() if m.decided_at else None,
            "ended_at": m.ended_at.isoformat() if m.ended_at else None,
        }
        for m in rows
    ]


@personal.eraser
def forget_memberships_of(erasure: privacy.Erasure) -> None:
    user = erasure.user
    db.session.execute(
        delete(Membership).where(
            Membership.user_id == user.id, Membership.status != MembershipStatus.granted
        )
    )
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == user.id)
        .values(requested_name="", contact=False)
    )
    db.session.execute(
        update(Membership).where(Membership.decided_by_id == user.id).values(decided_by_id=None)
    )
