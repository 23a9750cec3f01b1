"""Who is who in a review round: its coordinators and the organizations that take part."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from lmb.accounts.models import Role, User
from lmb.accounts.permissions import member_organization_id
from lmb.core.errors import NotAllowed
from lmb.extensions import db
from lmb.peer_review.models import (
    ReviewRound,
    RoundPhase,
)
from lmb.tracks.models import Registration, RegistrationStatus, Track
from lmb.tracks.permissions import may_manage_track

# Who may do what, per phase.
EDITABLE_SETUP = (RoundPhase.setup, RoundPhase.submission)


# Who is who in a round


def can_manage(user, round_: ReviewRound) -> bool:
    """Coordinators of the round's track; for a programme round, any coordinator."""
    return may_create_round(user, track=round_.track, programme=round_.programme)


def may_read_candidate_outcome(user, submission) -> bool:
    """A response marked as a candidate outcome is for whoever coordinates its round (admins
    all; a track's round its coordinators; a programme's round every coordinator) and for
    nobody else, on the outcomes page, in its links and wherever it is listed."""
    return (
        submission.candidate_outcome
        and submission.responded_at is not None
        and can_manage(user, submission.round)
    )


def may_create_round(user, *, track: Track | None = None, programme=None) -> bool:
    if not user or not user.is_authenticated:
        return False
    if track is not None:
        return may_manage_track(user, track)
    return user.role in (Role.admin, Role.coordinator)


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


def require_manager(user, round_: ReviewRound) -> None:
    if not can_manage(user, round_):
        raise NotAllowed(_("Only the coordinators of this round can do this."))


def require_team(user, round_: ReviewRound, organization_id: int) -> None:
    if team_organization_id(user, round_) != organization_id:
        raise NotAllowed(_("Only people of this organization who take part can do this."))
