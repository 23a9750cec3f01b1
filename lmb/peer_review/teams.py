"""Who is who in a review round: the organization a person acts for, and the people who act
for an organization (who may do what: lmb.peer_review.permissions)."""

from __future__ import annotations

from sqlalchemy import func, select

from lmb.accounts.models import User
from lmb.accounts.permissions import member_organization_id
from lmb.extensions import db
from lmb.peer_review.models import ReviewRound
from lmb.tracks.models import Registration, RegistrationStatus


def team_organization_id(user, round_: ReviewRound) -> int | None:
    """The organization `user` acts for in this round: theirs, if it takes part and, for a
    track's round, if they hold a confirmed place in the track. Only a granted membership
    counts: a request awaiting a decision gives nothing."""
    organization_id = member_organization_id(user)
    if organization_id is None:
        return None
    if organization_id not in {o.id for o in round_.organizations}:
        return None
    if round_.track_id is not None:
        confirmed = db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.track_id == round_.track_id,
                Registration.user_id == user.id,
                Registration.status == RegistrationStatus.confirmed,
            )
        )
        if not confirmed:
            return None
    return organization_id


def team(round_: ReviewRound, organization_id: int) -> list[User]:
    """The people who act for an organization in a round (they receive its mail): its
    granted members (users.organization_id holds nothing else)."""
    query = select(User).where(User.organization_id == organization_id, User.active.is_(True))
    if round_.track_id is not None:
        query = query.join(Registration, Registration.user_id == User.id).where(
            Registration.track_id == round_.track_id,
            Registration.status == RegistrationStatus.confirmed,
        )
    return list(db.session.scalars(query.order_by(User.name)))
