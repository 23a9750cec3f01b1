"""Allocation of reviewer organizations: planned, stored, changed by hand, declined."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import User
from lmb.core.errors import Conflict as ConflictError
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.peer_review.allocation import Allocation, allocate
from lmb.peer_review.models import (
    AssignmentStatus,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    Submission,
)
from lmb.peer_review.permissions import acts_for_reviewer, may_manage_round, require
from lmb.peer_review.services.rounds import confirmed_pairs

# Allocation


def plan_allocation(round_: ReviewRound) -> Allocation:
    """What the allocation would be now, for the organizations that submitted."""
    submitters = [s.organization_id for s in round_.submissions if s.versions]
    return allocate(
        submitters,
        [o.id for o in round_.organizations],
        k=round_.reviews_per_submission,
        conflicts=confirmed_pairs(round_),
        seed=round_.allocation_seed,
        ring=round_.ring,
    )


def active_assignments(round_: ReviewRound) -> list[ReviewAssignment]:
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .join(Submission)
            .where(
                Submission.round_id == round_.id,
                ReviewAssignment.status == AssignmentStatus.active,
            )
            .options(selectinload(ReviewAssignment.review))
        )
    )


def commit_allocation(round_: ReviewRound, *, by: User | None) -> list[ReviewAssignment]:
    """Store the planned allocation, replacing allocated assignments nobody started on."""
    if by is not None:
        require(may_manage_round, by, round_)
    if not round_.rules.may_allocate:
        raise ServiceError(_("Reviewers are allocated in the submission or assessment phase."))
    existing = active_assignments(round_)
    if any(a.review is not None for a in existing):
        raise ServiceError(
            _("Reviews have started: change single assignments instead of allocating again.")
        )
    for assignment in existing:
        db.session.delete(assignment)
    db.session.flush()
    by_org = {s.organization_id: s for s in round_.submissions}
    created = [
        ReviewAssignment(submission=by_org[author], reviewer_id=reviewer)
        for author, reviewer in plan_allocation(round_).pairs
    ]
    db.session.add_all(created)
    db.session.flush()
    if round_.rules.announces_assignments:
        events.reviewers_assigned.send(round_, assignments=created)
    db.session.flush()
    return created


def _check_pair(round_: ReviewRound, submission: Submission, reviewer_id: int) -> None:
    if reviewer_id == submission.organization_id:
        raise ServiceError(_("An organization cannot review its own submission."), field="reviewer")
    if frozenset((reviewer_id, submission.organization_id)) in confirmed_pairs(round_):
        raise ServiceError(
            _("These organizations declared a conflict of interest."), field="reviewer"
        )
    if reviewer_id not in {o.id for o in round_.organizations}:
        raise ServiceError(_("The reviewer must take part in the round."), field="reviewer")
    if any(
        a.reviewer_id == reviewer_id and a.status is AssignmentStatus.active
        for a in submission.assignments
    ):
        raise ConflictError(_("This organization already reviews this submission."))


def assign(submission: Submission, reviewer_id: int, *, by: User | None) -> ReviewAssignment:
    """Add one assignment by hand (or, with `by` None, to fill a declined slot)."""
    round_ = submission.round
    if by is not None:
        require(may_manage_round, by, round_)
    if not round_.rules.may_allocate:
        raise ServiceError(_("Reviewers are allocated in the submission or assessment phase."))
    _check_pair(round_, submission, reviewer_id)
    assignment = ReviewAssignment(submission=submission, reviewer_id=reviewer_id, manual=True)
    db.session.add(assignment)
    db.session.flush()
    if round_.rules.announces_assignments:
        events.reviewers_assigned.send(round_, assignments=[assignment])
    db.session.flush()
    return assignment


def unassign(assignment: ReviewAssignment, *, by: User) -> None:
    require(may_manage_round, by, assignment.submission.round)
    if assignment.review is not None and assignment.review.status is ReviewStatus.submitted:
        raise ServiceError(_("This review is submitted; it cannot be taken away."))
    db.session.delete(assignment)
    db.session.flush()


def _fill_slot(submission: Submission) -> ReviewAssignment | None:
    """The least loaded eligible organization that has not declined this submission."""
    round_ = submission.round
    load = dict.fromkeys((o.id for o in round_.organizations), 0)
    for assignment in active_assignments(round_):
        load[assignment.reviewer_id] = load.get(assignment.reviewer_id, 0) + 1
    involved = {a.reviewer_id for a in submission.assignments}
    blocked = confirmed_pairs(round_)
    candidates = [
        org_id
        for org_id in sorted(load, key=lambda o: (load[o], o))
        if org_id != submission.organization_id
        and org_id not in involved
        and frozenset((org_id, submission.organization_id)) not in blocked
    ]
    if not candidates:
        return None
    assignment = ReviewAssignment(submission=submission, reviewer_id=candidates[0])
    db.session.add(assignment)
    db.session.flush()
    return assignment


def decline(assignment: ReviewAssignment, *, by: User, reason: str) -> ReviewAssignment | None:
    """A reviewer declines with a reason; the slot goes to the least loaded eligible
    organization, if there is one (returned), else it stays open for the coordinator."""
    submission = assignment.submission
    round_ = submission.round
    require(
        acts_for_reviewer,
        by,
        assignment,
        _("Only people of this organization who take part can do this."),
    )
    if assignment.status is not AssignmentStatus.active:
        raise ServiceError(_("This assignment was already declined."))
    if not round_.rules.may_review:
        raise ServiceError(_("Assignments can only be declined during the assessment."))
    if assignment.review is not None and assignment.review.status is ReviewStatus.submitted:
        raise ServiceError(_("You already submitted this review."))
    if not reason.strip():
        raise ServiceError(_("Please say why you decline."), field="reason")
    assignment.status = AssignmentStatus.declined
    assignment.decline_reason = reason.strip()
    assignment.declined_at = utcnow()
    db.session.flush()
    replacement = _fill_slot(submission)
    events.review_declined.send(assignment, replacement=replacement)
    if replacement is not None:
        events.reviewers_assigned.send(round_, assignments=[replacement])
    db.session.flush()
    return replacement


def open_slots(round_: ReviewRound) -> dict[int, int]:
    """Submission id → reviews still missing to reach k."""
    active: dict[int, int] = {}
    for assignment in active_assignments(round_):
        active[assignment.submission_id] = active.get(assignment.submission_id, 0) + 1
    return {
        s.id: round_.reviews_per_submission - active.get(s.id, 0)
        for s in round_.submissions
        if s.versions and active.get(s.id, 0) < round_.reviews_per_submission
    }


def assignments_of(round_: ReviewRound, organization_id: int) -> list[ReviewAssignment]:
    return [a for a in active_assignments(round_) if a.reviewer_id == organization_id]
