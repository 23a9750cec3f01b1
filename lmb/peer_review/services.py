"""The operations of peer review: rounds and their phases, submissions, allocation, reviews,
release and response. Views, the API, the CLI and the scheduler call these."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import Organization, Role, User
from lmb.core.errors import Conflict as ConflictError
from lmb.core.errors import NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.core.permissions import can_manage_track
from lmb.extensions import db
from lmb.peer_review import documents
from lmb.peer_review.allocation import Allocation, allocate
from lmb.peer_review.models import (
    AssignmentStatus,
    Conflict,
    ConflictReason,
    Criterion,
    CriterionKind,
    NameVisibility,
    PointResponse,
    Review,
    ReviewAssignment,
    ReviewRound,
    ReviewScore,
    ReviewStatus,
    RoundOrganization,
    RoundPhase,
    Submission,
    SubmissionVersion,
)
from lmb.tracks.models import Programme, Registration, RegistrationStatus, Session, Track

# Who may do what, per phase.
EDITABLE_SETUP = (RoundPhase.setup, RoundPhase.submission)


# Who is who in a round


def can_manage(user, round_: ReviewRound) -> bool:
    """Coordinators of the round's track; for a programme round, any coordinator."""
    return may_create_round(user, track=round_.track, programme=round_.programme)


def may_create_round(user, *, track: Track | None = None, programme=None) -> bool:
    if not user or not user.is_authenticated:
        return False
    if track is not None:
        return can_manage_track(user, track)
    return user.role in (Role.admin, Role.coordinator)


def team_organization_id(user, round_: ReviewRound) -> int | None:
    """The organization `user` acts for in this round: theirs, if it takes part and, for a
    track's round, if they hold a confirmed place in the track."""
    if not user or not user.is_authenticated or user.organization_id is None:
        return None
    if user.organization_id not in {o.id for o in round_.organizations}:
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
    return user.organization_id


def team(round_: ReviewRound, organization_id: int) -> list[User]:
    """The people who act for an organization in a round (they receive its mail)."""
    query = select(User).where(User.organization_id == organization_id, User.active.is_(True))
    if round_.track_id is not None:
        query = query.join(Registration, Registration.user_id == User.id).where(
            Registration.track_id == round_.track_id,
            Registration.status == RegistrationStatus.confirmed,
        )
    return list(db.session.scalars(query.order_by(User.name)))


def _require_manager(user, round_: ReviewRound) -> None:
    if not can_manage(user, round_):
        raise NotAllowed(_("Only the coordinators of this round can do this."))


def _require_team(user, round_: ReviewRound, organization_id: int) -> None:
    if team_organization_id(user, round_) != organization_id:
        raise NotAllowed(_("Only people of this organization who take part can do this."))


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
    return [r for r in rounds if can_manage(user, r) or team_organization_id(user, r)]


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
    if not may_create_round(by, track=track, programme=programme):
        raise NotAllowed(_("Only the coordinators of this round can do this."))
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
    db.session.commit()
    return round_


def update_round(round_: ReviewRound, *, by: User, **fields) -> None:
    _require_manager(by, round_)
    if round_.phase is RoundPhase.closed:
        raise ServiceError(_("This round is closed."))
    locked = {"reviews_per_submission", "ring", "allocation_seed", "comments_only"}
    if round_.phase not in EDITABLE_SETUP:
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
    db.session.commit()


def set_organizations(round_: ReviewRound, organization_ids: list[int], *, by: User) -> None:
    _require_manager(by, round_)
    if round_.phase not in EDITABLE_SETUP:
        raise ServiceError(_("Who takes part can only change before the assessment starts."))
    submitted = {s.organization_id for s in round_.submissions}
    if submitted - set(organization_ids):
        raise ServiceError(_("An organization that already submitted cannot be removed."))
    round_.organizations = list(
        db.session.scalars(select(Organization).where(Organization.id.in_(organization_ids)))
    )
    db.session.commit()


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
    _require_manager(by, round_)
    if round_.phase not in EDITABLE_SETUP:
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
    db.session.commit()
    return criterion


def delete_criterion(criterion: Criterion, *, by: User) -> None:
    round_ = criterion.round
    _require_manager(by, round_)
    if round_.phase not in EDITABLE_SETUP:
        raise ServiceError(_("The review form can only change before the assessment starts."))
    db.session.delete(criterion)
    db.session.commit()


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
    manager = can_manage(by, round_)
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
    db.session.commit()
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
    _require_manager(by, get_round(conflict.round_id))
    conflict.confirmed_at = conflict.confirmed_at or utcnow()
    db.session.commit()


def remove_conflict(conflict: Conflict, *, by: User) -> None:
    _require_manager(by, get_round(conflict.round_id))
    db.session.delete(conflict)
    db.session.commit()


def _confirmed_pairs(round_: ReviewRound) -> set[frozenset]:
    return {
        frozenset((c.first_id, c.second_id))
        for c in conflicts_of(round_)
        if c.confirmed_at is not None
    }


# Submissions


def submission_of(round_: ReviewRound, organization_id: int) -> Submission | None:
    return db.session.scalar(
        select(Submission).where(
            Submission.round_id == round_.id, Submission.organization_id == organization_id
        )
    )


def submit(
    round_: ReviewRound,
    *,
    by: User,
    summary: str,
    document: BinaryIO | None = None,
    filename: str | None = None,
    contact: User | None = None,
    now: datetime | None = None,
) -> Submission:
    """A new version of the organization's submission; late ones (after the deadline, while
    the phase is still open) are marked."""
    now = now or utcnow()
    organization_id = team_organization_id(by, round_)
    if organization_id is None:
        raise NotAllowed(_("Only organizations that take part in this round can submit."))
    if round_.phase is not RoundPhase.submission:
        raise ServiceError(_("Submitting is only possible while the submission phase is open."))
    submission = submission_of(round_, organization_id)
    if submission is None and document is None:
        raise ServiceError(_("Choose a file to upload."), field="document")
    stored = documents.store(document, filename) if document is not None else None
    try:
        if submission is None:
            submission = Submission(round=round_, organization_id=organization_id, contact=by)
            db.session.add(submission)
        submission.summary = summary
        if contact is not None and contact.id != submission.contact_id:
            if team_organization_id(contact, round_) != organization_id:
                raise ServiceError(
                    _("The contact must take part for this organization."), field="contact"
                )
            submission.contact = contact
        if stored is not None:
            number = len(submission.versions) + 1
            submission.versions.append(
                SubmissionVersion(
                    number=number,
                    filename=stored.filename,
                    stored_name=stored.stored_name,
                    kind=stored.kind,
                    size=stored.size,
                    sha256=stored.sha256,
                    uploaded_by=by,
                    uploaded_at=now,
                    late=now > round_.submission_deadline,
                )
            )
        db.session.commit()
    except BaseException:
        db.session.rollback()
        if stored is not None:
            documents.discard(stored.stored_name)
        raise
    return submission


def _standing(user, submission: Submission) -> tuple[str | None, int | None]:
    """("manager", None), ("author", its organization), ("other", the user's organization in
    the round) or (None, None) for someone outside the round."""
    round_ = submission.round
    if can_manage(user, round_):
        return "manager", None
    organization_id = team_organization_id(user, round_)
    if organization_id is None:
        return None, None
    return ("author" if organization_id == submission.organization_id else "other"), organization_id


def may_read_submission(user, submission: Submission) -> bool:
    """Its own organization, its coordinators, and its assigned reviewers once assessment began."""
    standing, organization_id = _standing(user, submission)
    if standing != "other":
        return standing is not None
    return submission.round.phase not in EDITABLE_SETUP and any(
        a.reviewer_id == organization_id and a.status is AssignmentStatus.active
        for a in submission.assignments
    )


# Allocation


def plan_allocation(round_: ReviewRound) -> Allocation:
    """What the allocation would be now, for the organizations that submitted."""
    submitters = [s.organization_id for s in round_.submissions if s.versions]
    return allocate(
        submitters,
        [o.id for o in round_.organizations],
        k=round_.reviews_per_submission,
        conflicts=_confirmed_pairs(round_),
        seed=round_.allocation_seed,
        ring=round_.ring,
    )


def _active_assignments(round_: ReviewRound) -> list[ReviewAssignment]:
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
        _require_manager(by, round_)
    if round_.phase not in (RoundPhase.submission, RoundPhase.assessment):
        raise ServiceError(_("Reviewers are allocated in the submission or assessment phase."))
    existing = _active_assignments(round_)
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
    if round_.phase is RoundPhase.assessment:
        events.reviewers_assigned.send(round_, assignments=created)
    db.session.commit()
    return created


def _check_pair(round_: ReviewRound, submission: Submission, reviewer_id: int) -> None:
    if reviewer_id == submission.organization_id:
        raise ServiceError(_("An organization cannot review its own submission."), field="reviewer")
    if frozenset((reviewer_id, submission.organization_id)) in _confirmed_pairs(round_):
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
        _require_manager(by, round_)
    if round_.phase not in (RoundPhase.submission, RoundPhase.assessment):
        raise ServiceError(_("Reviewers are allocated in the submission or assessment phase."))
    _check_pair(round_, submission, reviewer_id)
    assignment = ReviewAssignment(submission=submission, reviewer_id=reviewer_id, manual=True)
    db.session.add(assignment)
    db.session.flush()
    if round_.phase is RoundPhase.assessment:
        events.reviewers_assigned.send(round_, assignments=[assignment])
    db.session.commit()
    return assignment


def unassign(assignment: ReviewAssignment, *, by: User) -> None:
    _require_manager(by, assignment.submission.round)
    if assignment.review is not None and assignment.review.status is ReviewStatus.submitted:
        raise ServiceError(_("This review is submitted; it cannot be taken away."))
    db.session.delete(assignment)
    db.session.commit()


def _fill_slot(submission: Submission) -> ReviewAssignment | None:
    """The least loaded eligible organization that has not declined this submission."""
    round_ = submission.round
    load = dict.fromkeys((o.id for o in round_.organizations), 0)
    for assignment in _active_assignments(round_):
        load[assignment.reviewer_id] = load.get(assignment.reviewer_id, 0) + 1
    involved = {a.reviewer_id for a in submission.assignments}
    blocked = _confirmed_pairs(round_)
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
    _require_team(by, round_, assignment.reviewer_id)
    if assignment.status is not AssignmentStatus.active:
        raise ServiceError(_("This assignment was already declined."))
    if round_.phase is not RoundPhase.assessment:
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
    db.session.commit()
    return replacement


def open_slots(round_: ReviewRound) -> dict[int, int]:
    """Submission id → reviews still missing to reach k."""
    active: dict[int, int] = {}
    for assignment in _active_assignments(round_):
        active[assignment.submission_id] = active.get(assignment.submission_id, 0) + 1
    return {
        s.id: round_.reviews_per_submission - active.get(s.id, 0)
        for s in round_.submissions
        if s.versions and active.get(s.id, 0) < round_.reviews_per_submission
    }


def assignments_of(round_: ReviewRound, organization_id: int) -> list[ReviewAssignment]:
    return [a for a in _active_assignments(round_) if a.reviewer_id == organization_id]


# Reviews


@dataclass
class Answer:
    value: int | None = None
    comment: str = ""
    location: str = ""


def may_review(user, assignment: ReviewAssignment) -> bool:
    return (
        assignment.status is AssignmentStatus.active
        and team_organization_id(user, assignment.submission.round) == assignment.reviewer_id
    )


def save_review(
    assignment: ReviewAssignment,
    *,
    by: User,
    answers: dict[int, Answer],
    summary: str,
    submit: bool,
    now: datetime | None = None,
) -> Review:
    """Save a draft, or submit; a submitted review can be edited until the phase ends."""
    now = now or utcnow()
    round_ = assignment.submission.round
    if not may_review(by, assignment):
        raise NotAllowed(_("This review is not assigned to your organization."))
    if round_.phase is not RoundPhase.assessment:
        raise ServiceError(_("Reviews can only be written during the assessment."))
    review = assignment.review or Review(assignment=assignment)
    db.session.add(review)
    errors = []
    for criterion in round_.criteria:
        answer = answers.get(criterion.id, Answer())
        if criterion.scored:
            if answer.value is not None and not 0 <= answer.value <= criterion.max_score:
                errors.append(criterion.title)
                continue
            if submit and answer.value is None:
                errors.append(criterion.title)
                continue
        score = review.score_for(criterion.id) or ReviewScore(criterion=criterion)
        if score not in review.scores:
            review.scores.append(score)
        score.value = answer.value if criterion.scored else None
        score.comment = answer.comment
        score.location = answer.location
    if errors:
        db.session.rollback()
        raise ServiceError(
            _("Give a score for every scored criterion: %(titles)s.", titles=", ".join(errors))
        )
    review.summary = summary
    review.author = by
    if submit and review.status is not ReviewStatus.submitted:
        review.status = ReviewStatus.submitted
        review.submitted_at = now
        review.late = now > round_.review_deadline
        db.session.flush()
        events.review_submitted.send(review)
    db.session.commit()
    return review


def may_see_reviews(user, submission: Submission) -> bool:
    """Coordinators; the reviewed organization once released; a reviewer of the same
    submission once it submitted its own review."""
    standing, organization_id = _standing(user, submission)
    if standing == "author":
        return submission.released_at is not None
    if standing != "other":
        return standing == "manager"
    return any(
        a.reviewer_id == organization_id
        and a.status is AssignmentStatus.active
        and a.review is not None
        and a.review.status is ReviewStatus.submitted
        for a in submission.assignments
    )


def _unreleased(submissions) -> list[Submission]:
    """Submissions with submitted reviews their organization cannot read yet."""
    return [s for s in submissions if s.released_at is None and submitted_reviews(s)]


def submitted_reviews(submission: Submission) -> list[Review]:
    return [
        a.review
        for a in sorted(submission.assignments, key=lambda a: a.id)
        if a.status is AssignmentStatus.active
        and a.review is not None
        and a.review.status is ReviewStatus.submitted
    ]


def shows_reviewer_names(user, submission: Submission) -> bool:
    round_ = submission.round
    if can_manage(user, round_):
        return True
    if team_organization_id(user, round_) != submission.organization_id:
        # Fellow reviewers see each other: they discuss the same plan at the meeting.
        return round_.names is not NameVisibility.hidden
    if round_.names is NameVisibility.visible:
        return True
    return round_.names is NameVisibility.after_closing and round_.phase is RoundPhase.closed


@dataclass
class CriterionSummary:
    criterion: Criterion
    values: list[int]
    median: float | None
    spread: int | None  # highest minus lowest score


def aggregates(round_: ReviewRound, reviews: list[Review]) -> list[CriterionSummary]:
    result = []
    for criterion in round_.criteria:
        values = [
            score.value
            for review in reviews
            if (score := review.score_for(criterion.id)) is not None and score.value is not None
        ]
        result.append(
            CriterionSummary(
                criterion,
                values,
                statistics.median(values) if values else None,
                max(values) - min(values) if values else None,
            )
        )
    return result


def total_percent(round_: ReviewRound, review: Review) -> float | None:
    """Weighted share of the maximum, over the scored criteria that count in the total."""
    earned = possible = 0.0
    for criterion in round_.criteria:
        score = review.score_for(criterion.id)
        if not criterion.scored or criterion.independent or not criterion.max_score:
            continue
        if score is None or score.value is None:
            continue
        earned += criterion.weight * score.value / criterion.max_score
        possible += criterion.weight
    return round(100 * earned / possible, 1) if possible else None


# Release and response


def release(
    round_: ReviewRound, *, by: User, submission: Submission | None = None
) -> list[Submission]:
    """Let reviewed organizations read their reviews: all at once, or one submission."""
    _require_manager(by, round_)
    if round_.phase not in (RoundPhase.feedback, RoundPhase.closed):
        raise ServiceError(_("Reviews can be released once the feedback phase has started."))
    targets = [submission] if submission is not None else round_.submissions
    released = _unreleased(targets)
    now = utcnow()
    for item in released:
        item.released_at = now
    db.session.flush()
    for item in released:
        events.reviews_released.send(item)
    db.session.commit()
    return released


def respond(
    submission: Submission,
    *,
    by: User,
    response: str,
    points: dict[int, str],
    candidate_outcome: bool,
) -> None:
    round_ = submission.round
    _require_team(by, round_, submission.organization_id)
    if submission.released_at is None:
        raise ServiceError(_("The reviews are not released yet."))
    if round_.phase is RoundPhase.closed:
        raise ServiceError(_("This round is closed."))
    submission.response = response
    existing = {p.criterion_id: p for p in submission.point_responses}
    valid = {c.id for c in round_.criteria}
    for criterion_id, text in points.items():
        if criterion_id not in valid:
            continue
        point = existing.get(criterion_id) or PointResponse(criterion_id=criterion_id)
        if point not in submission.point_responses:
            submission.point_responses.append(point)
        point.text = text
    first = submission.responded_at is None
    submission.responded_at = utcnow()
    submission.candidate_outcome = candidate_outcome
    db.session.flush()
    events.review_response_recorded.send(submission, first=first)
    db.session.commit()


# Phases


@dataclass
class Preview:
    """What switching to the next phase will do, before it is done."""

    target: RoundPhase | None
    lines: list[str] = field(default_factory=list)
    mails: int = 0
    blockers: list[str] = field(default_factory=list)
    allocation: Allocation | None = None


def _with_documents(round_: ReviewRound) -> list[Submission]:
    return [s for s in round_.submissions if s.versions]


def preview_switch(round_: ReviewRound) -> Preview:
    target = round_.phase.next
    preview = Preview(target)
    if target is None:
        return preview
    if target is RoundPhase.submission:
        if not round_.organizations:
            preview.blockers.append(_("No organization takes part yet."))
        if not round_.comments_only and not round_.criteria:
            preview.blockers.append(_("The review form has no criteria yet."))
        people = sum(len(team(round_, o.id)) for o in round_.organizations)
        preview.mails = people
        preview.lines.append(
            ngettext(
                "%(num)s organization will be invited to submit.",
                "%(num)s organizations will be invited to submit.",
                len(round_.organizations),
            )
        )
    elif target is RoundPhase.assessment:
        submissions = _with_documents(round_)
        if not submissions:
            preview.blockers.append(_("Nothing has been submitted yet."))
        existing = _active_assignments(round_)
        if existing:
            reviewer_ids = {a.reviewer_id for a in existing}
            preview.lines.append(
                ngettext(
                    "The %(num)s assignment already made will be kept.",
                    "The %(num)s assignments already made will be kept.",
                    len(existing),
                )
            )
        else:
            preview.allocation = plan_allocation(round_)
            reviewer_ids = {r for _, r in preview.allocation.pairs}
            preview.lines.append(
                ngettext(
                    "%(num)s submission will be allocated",
                    "%(num)s submissions will be allocated",
                    len(submissions),
                )
                + " "
                + ngettext(
                    "(%(num)s review in all).",
                    "(%(num)s reviews in all).",
                    len(preview.allocation.pairs),
                )
            )
        preview.mails = sum(len(team(round_, org_id)) for org_id in reviewer_ids)
        missing = len(round_.organizations) - len(submissions)
        if missing:
            preview.lines.append(
                ngettext(
                    "%(num)s organization has not submitted; it can still review.",
                    "%(num)s organizations have not submitted; they can still review.",
                    missing,
                )
            )
    elif target is RoundPhase.feedback:
        assignments = _active_assignments(round_)
        done = sum(1 for a in assignments if a.review and a.review.status is ReviewStatus.submitted)
        preview.lines.append(
            _("%(done)s of %(all)s reviews are submitted.", done=done, all=len(assignments))
        )
        preview.lines.append(
            _("Reviews can no longer be changed; drafts that were not submitted are not shown.")
        )
        preview.lines.append(_("Nothing is sent yet: you release the reviews afterwards."))
    elif target is RoundPhase.closed:
        unreleased = _unreleased(round_.submissions)
        if unreleased:
            preview.lines.append(
                ngettext(
                    "%(num)s submission has reviews that were not released; they will be released now.",
                    "%(num)s submissions have reviews that were not released; they will be released now.",
                    len(unreleased),
                )
            )
            preview.mails = sum(len(team(round_, s.organization_id)) for s in unreleased)
        if round_.names is NameVisibility.after_closing:
            preview.lines.append(_("Reviewer names become visible to the reviewed organizations."))
        preview.lines.append(_("Responses can no longer be changed."))
    return preview


def switch_phase(
    round_: ReviewRound, *, by: User | None, now: datetime | None = None
) -> RoundPhase:
    """Move the round to its next phase and do what the preview said."""
    if by is not None:
        _require_manager(by, round_)
    preview = preview_switch(round_)
    if preview.target is None:
        raise ServiceError(_("This round is closed."))
    if preview.blockers:
        raise ServiceError(" ".join(preview.blockers))
    old = round_.phase
    round_.phase = preview.target
    round_.phase_changed_at = now or utcnow()
    db.session.flush()
    if preview.target is RoundPhase.assessment and not _active_assignments(round_):
        by_org = {s.organization_id: s for s in round_.submissions}
        db.session.add_all(
            ReviewAssignment(submission=by_org[author], reviewer_id=reviewer)
            for author, reviewer in preview.allocation.pairs
        )
        db.session.flush()
    if preview.target is RoundPhase.closed:
        released_at = now or utcnow()
        unreleased = _unreleased(round_.submissions)
        for submission in unreleased:
            submission.released_at = released_at
        db.session.flush()
        for submission in unreleased:
            events.reviews_released.send(submission)
    events.review_phase_changed.send(round_, old=old)
    db.session.commit()
    return round_.phase


def advance_rounds(now: datetime) -> list[tuple[ReviewRound, RoundPhase]]:
    """The timeline: deadlines move rounds that let them from submission to assessment and
    from assessment to feedback. A round that cannot move (nothing submitted) stays."""
    moved = []
    due = db.session.scalars(
        select(ReviewRound).where(
            ReviewRound.advance_by_dates.is_(True),
            (
                (ReviewRound.phase == RoundPhase.submission)
                & (ReviewRound.submission_deadline <= now)
            )
            | ((ReviewRound.phase == RoundPhase.assessment) & (ReviewRound.review_deadline <= now)),
        )
    ).all()
    for round_ in due:
        try:
            moved.append((round_, switch_phase(round_, by=None, now=now)))
        except ServiceError:
            db.session.rollback()
    return moved


# Tasks: what each person should do now


@dataclass
class Task:
    text: str
    url_endpoint: str
    url_args: dict
    due: datetime | None = None
    done: bool = False


def tasks_for(user, round_: ReviewRound) -> list[Task]:
    organization_id = team_organization_id(user, round_)
    tasks: list[Task] = []
    if organization_id is None:
        return tasks
    submission = submission_of(round_, organization_id)
    if round_.phase is RoundPhase.submission:
        tasks.append(
            Task(
                _("Upload %(what)s", what=round_.deliverable),
                "peer_review.submission",
                {"round_id": round_.id},
                round_.submission_deadline,
                done=submission is not None and bool(submission.versions),
            )
        )
    if round_.phase is RoundPhase.assessment:
        for assignment in assignments_of(round_, organization_id):
            review = assignment.review
            tasks.append(
                Task(
                    _("Review the work of %(org)s", org=assignment.submission.organization.name),
                    "peer_review.review",
                    {"assignment_id": assignment.id},
                    round_.review_deadline,
                    done=review is not None and review.status is ReviewStatus.submitted,
                )
            )
    if (
        submission is not None
        and submission.released_at is not None
        and round_.phase is not RoundPhase.closed
    ):
        tasks.append(
            Task(
                _("Read your reviews and respond"),
                "peer_review.feedback",
                {"submission_id": submission.id},
                None,
                done=submission.responded_at is not None,
            )
        )
    return tasks


def my_deadlines(user, now: datetime) -> list[tuple[ReviewRound, str, datetime]]:
    """(round, "submission" or "review", when) for the person's calendar feed."""
    if user.organization_id is None:
        return []
    rounds = db.session.scalars(
        select(ReviewRound)
        .join(RoundOrganization, RoundOrganization.round_id == ReviewRound.id)
        .where(
            RoundOrganization.organization_id == user.organization_id,
            ReviewRound.phase.in_([RoundPhase.setup, RoundPhase.submission, RoundPhase.assessment]),
        )
    ).all()
    found = []
    for round_ in rounds:
        organization_id = team_organization_id(user, round_)
        if organization_id is None:
            continue
        if round_.phase is not RoundPhase.assessment:
            found.append((round_, "submission", round_.submission_deadline))
        if round_.phase is not RoundPhase.assessment or assignments_of(round_, organization_id):
            found.append((round_, "review", round_.review_deadline))
    return found
