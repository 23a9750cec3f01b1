"""What Mijn overzicht shows of peer review, in a fixed number of statements however many
rounds, submissions and assignments there are: a person's reviews to write, and for a
coordinator the rounds they run with what needs them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from lmb.accounts.models import Role
from lmb.accounts.permissions import member_organization_id
from lmb.extensions import db
from lmb.peer_review import phases
from lmb.peer_review.models import (
    AssignmentStatus,
    Review,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    RoundPhase,
    Submission,
)
from lmb.tracks.models import Registration, RegistrationStatus, track_coordinators


@dataclass(frozen=True)
class ReviewTask:
    assignment_id: int
    round_title: str
    organization: str
    deadline: datetime
    status: ReviewStatus | None
    overdue: bool


def review_tasks_of(user, now: datetime) -> list[ReviewTask]:
    """The reviews the person's organization is to write in rounds that take reviews now,
    soonest deadline first (one statement). As in lmb.peer_review.teams: a track's round
    counts only for people with a confirmed place in the track."""
    organization_id = member_organization_id(user)
    if organization_id is None:
        return []
    confirmed = exists().where(
        Registration.track_id == ReviewRound.track_id,
        Registration.user_id == user.id,
        Registration.status == RegistrationStatus.confirmed,
    )
    rows = db.session.scalars(
        select(ReviewAssignment)
        .join(ReviewAssignment.submission)
        .join(Submission.round)
        .where(
            ReviewAssignment.reviewer_id == organization_id,
            ReviewAssignment.status == AssignmentStatus.active,
            ReviewRound.phase.in_(phases.phases_where("may_review")),
            or_(ReviewRound.track_id.is_(None), confirmed),
        )
        .options(
            contains_eager(ReviewAssignment.submission).contains_eager(Submission.round),
            contains_eager(ReviewAssignment.submission).joinedload(Submission.organization),
            joinedload(ReviewAssignment.review),
        )
        .order_by(ReviewRound.review_deadline, ReviewAssignment.id)
    ).unique()
    return [
        ReviewTask(
            assignment_id=a.id,
            round_title=a.submission.round.title,
            organization=a.submission.organization.name,
            deadline=a.submission.round.review_deadline,
            status=a.review.status if a.review else None,
            overdue=a.submission.round.review_deadline < now
            and not (a.review and a.review.status is ReviewStatus.submitted),
        )
        for a in rows
    ]


@dataclass(frozen=True)
class RoundNeeds:
    round: ReviewRound
    overdue_reviews: int
    # The deadline that ends the current phase, and whether it has passed.
    phase_deadline: datetime | None
    phase_due: bool


def rounds_needing(user, now: datetime) -> list[RoundNeeds]:
    """The open rounds a coordinator runs (those of their tracks; programme rounds for every
    coordinator, as lmb.peer_review.permissions.may_manage_round says), with the reviews
    overdue in each and whether its phase is due to switch (two statements)."""
    if user.role not in (Role.admin, Role.coordinator):
        return []
    mine = select(track_coordinators.c.track_id).where(track_coordinators.c.user_id == user.id)
    rounds = list(
        db.session.scalars(
            select(ReviewRound)
            .where(
                ReviewRound.phase != RoundPhase.closed,
                or_(ReviewRound.track_id.in_(mine), ReviewRound.programme_id.is_not(None)),
            )
            .options(joinedload(ReviewRound.track), joinedload(ReviewRound.programme))
            .order_by(ReviewRound.review_deadline, ReviewRound.id)
        )
    )
    if not rounds:
        return []
    overdue = dict(
        db.session.execute(
            select(Submission.round_id, func.count(ReviewAssignment.id))
            .join(ReviewAssignment, ReviewAssignment.submission_id == Submission.id)
            .join(ReviewRound, ReviewRound.id == Submission.round_id)
            .outerjoin(
                Review,
                and_(
                    Review.assignment_id == ReviewAssignment.id,
                    Review.status == ReviewStatus.submitted,
                ),
            )
            .where(
                Submission.round_id.in_([r.id for r in rounds]),
                ReviewRound.phase.in_(phases.phases_where("may_review")),
                ReviewRound.review_deadline < now,
                ReviewAssignment.status == AssignmentStatus.active,
                Review.id.is_(None),
            )
            .group_by(Submission.round_id)
        ).all()
    )
    found = []
    for round_ in rounds:
        name = round_.rules.advances_at
        deadline = getattr(round_, name) if name else None
        found.append(
            RoundNeeds(
                round=round_,
                overdue_reviews=overdue.get(round_.id, 0),
                phase_deadline=deadline,
                phase_due=deadline is not None and deadline < now,
            )
        )
    return found
