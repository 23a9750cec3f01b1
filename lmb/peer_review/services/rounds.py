"""Rounds and their settings, the rubric, who takes part, and conflicts of interest."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb.accounts.models import Organization, User
from lmb.core.errors import Conflict as ConflictError
from lmb.core.errors import NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.peer_review.models import (
    Conflict,
    ConflictReason,
    Criterion,
    CriterionKind,
    ReviewRound,
)
from lmb.peer_review.permissions import (
    allowed,
    may_create_round,
    may_manage_round,
    may_see_round,
    require,
)
from lmb.peer_review.teams import team_organization_id
from lmb.scheduling.models import Session
from lmb.tracks.models import Programme, Registration, RegistrationStatus, Track

# Rounds


def get_round(round_id: int) -> ReviewRound | None:
    return db.session.get(ReviewRound, round_id)


def rounds_of_track(track: Track) -> list[ReviewRound]:
    return list(
        db.session.scalars(
            select(ReviewRound).where(ReviewRound.track_id == track.id).order_by(ReviewRound.id)
        )
    )


def rounds_for(user) -> list[ReviewRound]:
    """The rounds a person takes part in or coordinates."""
    rounds = db.session.scalars(select(ReviewRound).order_by(ReviewRound.submission_deadline))
    return [r for r in rounds if allowed(may_see_round, user, r)]


def _check_deadlines(submission_deadline: datetime, review_deadline: datetime) -> None:
    if review_deadline <= submission_deadline:
        raise ServiceError(
            _("The review deadline must come after the submission deadline."),
            field="review_deadline",
        )


def _check_k(k: int) -> None:
    if not 1 <= k <= 10:
        raise ServiceError(
            _("Each submission needs between 1 and 10 reviews."), field="reviews_per_submission"
        )


def create_round(
    *, by: User, track: Track | None = None, programme: Programme | None = None, **fields
) -> ReviewRound:
    """A new round in setup; the organizations of the track's confirmed participants take part."""
    if (track is None) == (programme is None):
        raise ServiceError(_("A round belongs to a track or to a programme."))
    require(may_create_round, by, track or programme)
    round_ = ReviewRound(track=track, programme=programme, **fields)
    _check_deadlines(round_.submission_deadline, round_.review_deadline)
    _check_k(round_.reviews_per_submission or 2)
    if track is not None:
        round_.organizations = list(
            db.session.scalars(
                select(Organization)
                .join(User, User.organization_id == Organization.id)
                .join(Registration, Registration.user_id == User.id)
                .where(
                    Registration.track_id == track.id,
                    Registration.status == RegistrationStatus.confirmed,
                )
                .distinct()
            )
        )
    db.session.add(round_)
    db.session.flush()
    return round_


def update_round(round_: ReviewRound, *, by: User, **fields) -> None:
    require(may_manage_round, by, round_)
    if not round_.rules.may_change_settings:
        raise ServiceError(_("This round is closed."))
    locked = {"reviews_per_submission", "ring", "allocation_seed", "comments_only"}
    if not round_.rules.may_change_setup:
        for name in locked & fields.keys():
            if fields[name] != getattr(round_, name):
                raise ServiceError(
                    _("This can only change before the assessment starts."), field=name
                )
    _check_deadlines(
        fields.get("submission_deadline", round_.submission_deadline),
        fields.get("review_deadline", round_.review_deadline),
    )
    _check_k(fields.get("reviews_per_submission", round_.reviews_per_submission))
    meeting = fields.get("meeting_session_id")
    if meeting is not None:
        session = db.session.get(Session, meeting)
        if session is None or session.track_id != round_.track_id:
            raise ServiceError(
                _("Choose a session of this round's track."), field="meeting_session_id"
            )
    for name, value in fields.items():
        setattr(round_, name, value)
    db.session.flush()


def set_organizations(round_: ReviewRound, organization_ids: list[int], *, by: User) -> None:
    require(may_manage_round, by, round_)
    if not round_.rules.may_change_setup:
        raise ServiceError(_("Who takes part can only change before the assessment starts."))
    submitted = {s.organization_id for s in round_.submissions}
    if submitted - set(organization_ids):
        raise ServiceError(_("An organization that already submitted cannot be removed."))
    round_.organizations = list(
        db.session.scalars(select(Organization).where(Organization.id.in_(organization_ids)))
    )
    db.session.flush()


def candidate_organizations(round_: ReviewRound) -> list[Organization]:
    """Organizations a coordinator can add: those of the track's participants, or all."""
    query = select(Organization).order_by(Organization.name)
    if round_.track_id is not None:
        query = (
            query.join(User, User.organization_id == Organization.id)
            .join(Registration, Registration.user_id == User.id)
            .where(
                Registration.track_id == round_.track_id,
                Registration.status != RegistrationStatus.cancelled,
            )
            .distinct()
        )
    return list(db.session.scalars(query))


# The rubric


def save_criterion(
    round_: ReviewRound, *, by: User, criterion: Criterion | None = None, **fields
) -> Criterion:
    require(may_manage_round, by, round_)
    if not round_.rules.may_change_setup:
        raise ServiceError(_("The review form can only change before the assessment starts."))
    levels = [level.strip() for level in fields.get("levels", []) if level and level.strip()]
    if fields.get("kind", CriterionKind.levels) is CriterionKind.levels and len(levels) < 2:
        raise ServiceError(
            _("A criterion with levels needs at least two level descriptions."), field="levels"
        )
    fields["levels"] = levels if fields.get("kind") is CriterionKind.levels else []
    if criterion is None:
        position = max((c.position for c in round_.criteria), default=0) + 1
        criterion = Criterion(round=round_, position=position)
        db.session.add(criterion)
    for name, value in fields.items():
        setattr(criterion, name, value)
    db.session.flush()
    return criterion


def delete_criterion(criterion: Criterion, *, by: User) -> None:
    round_ = criterion.round
    require(may_manage_round, by, round_)
    if not round_.rules.may_change_setup:
        raise ServiceError(_("The review form can only change before the assessment starts."))
    db.session.delete(criterion)
    db.session.flush()


# Conflicts of interest


def declare_conflict(
    round_: ReviewRound,
    *,
    by: User,
    first_id: int,
    second_id: int,
    reason: ConflictReason,
    note: str = "",
) -> Conflict:
    """Declared by either organization (waits for a coordinator) or by a coordinator."""
    manager = allowed(may_manage_round, by, round_)
    if not manager and team_organization_id(by, round_) not in (first_id, second_id):
        raise NotAllowed(_("You can only declare a conflict that concerns your organization."))
    if first_id == second_id:
        raise ServiceError(_("Choose two different organizations."), field="other")
    members = {o.id for o in round_.organizations}
    if not {first_id, second_id} <= members:
        raise ServiceError(_("Both organizations must take part in the round."), field="other")
    low, high = sorted((first_id, second_id))
    existing = db.session.scalar(
        select(Conflict).where(
            Conflict.round_id == round_.id, Conflict.first_id == low, Conflict.second_id == high
        )
    )
    if existing is not None:
        raise ConflictError(_("This conflict is already declared."))
    conflict = Conflict(
        round_id=round_.id,
        first_id=low,
        second_id=high,
        reason=reason,
        note=note,
        declared_by_id=by.id,
        confirmed_at=utcnow() if manager else None,
    )
    db.session.add(conflict)
    db.session.flush()
    return conflict


def conflicts_of(round_: ReviewRound) -> list[Conflict]:
    return list(
        db.session.scalars(
            select(Conflict)
            .where(Conflict.round_id == round_.id)
            .options(selectinload(Conflict.first), selectinload(Conflict.second))
            .order_by(Conflict.id)
        )
    )


def confirm_conflict(conflict: Conflict, *, by: User) -> None:
    require(may_manage_round, by, get_round(conflict.round_id))
    conflict.confirmed_at = conflict.confirmed_at or utcnow()
    db.session.flush()


def remove_conflict(conflict: Conflict, *, by: User) -> None:
    require(may_manage_round, by, get_round(conflict.round_id))
    db.session.delete(conflict)
    db.session.flush()


def confirmed_pairs(round_: ReviewRound) -> set[frozenset]:
    return {
        frozenset((c.first_id, c.second_id))
        for c in conflicts_of(round_)
        if c.confirmed_at is not None
    }
