"""Reviews: drafts and submission, who sees which, aggregates, release and response."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import User
from lmb.core import text
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.peer_review.models import (
    AssignmentStatus,
    Criterion,
    NameVisibility,
    PointResponse,
    Review,
    ReviewAssignment,
    ReviewRound,
    ReviewScore,
    ReviewStatus,
    Submission,
)
from lmb.peer_review.permissions import (
    acts_for_author,
    allowed,
    may_manage_round,
    may_read_candidate_outcome,
    may_review,
    require,
)
from lmb.peer_review.teams import team_organization_id

# Reviews


@dataclass
class Answer:
    value: int | None = None
    comment: str = ""
    location: str = ""


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
    require(may_review, by, assignment, _("This review is not assigned to your organization."))
    if not round_.rules.may_review:
        raise ServiceError(_("Reviews can only be written during the assessment."))
    # Checked before anything changes: these texts reach no form or short column first.
    text.refuse(summary, multiline=True, field="summary")
    for answer in answers.values():
        text.refuse(answer.comment, multiline=True, field="comment")
        text.refuse(answer.location, field="location")
    # A savepoint: a refusal undoes what this call changed, not the caller's work.
    with db.session.begin_nested():
        review = assignment.review or Review(assignment=assignment)
        db.session.add(review)
        errors = []
        for criterion in round_.criteria:
            answer = answers.get(criterion.id, Answer())
            if criterion.scored:
                if answer.value is not None and not 0 <= answer.value <= criterion.max_score:
                    errors.append(criterion)
                    continue
                if submit and answer.value is None:
                    errors.append(criterion)
                    continue
            score = review.score_for(criterion.id) or ReviewScore(criterion=criterion)
            if score not in review.scores:
                review.scores.append(score)
            score.value = answer.value if criterion.scored else None
            score.comment = answer.comment
            score.location = answer.location
        if errors:
            # Leaving the savepoint with the refusal undoes the scores set above.
            raise ScoresRefused(
                _(
                    "Give a score for every scored criterion: %(titles)s.",
                    titles=", ".join(c.title for c in errors),
                ),
                criteria=[c.id for c in errors],
            )
    review.summary = summary
    review.author = by
    if submit and review.status is not ReviewStatus.submitted:
        review.status = ReviewStatus.submitted
        review.submitted_at = now
        review.late = now > round_.review_deadline
        db.session.flush()
        events.review_submitted.send(review)
    db.session.flush()
    return review


def unreleased_of(submissions) -> list[Submission]:
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
    if allowed(may_manage_round, user, round_):
        return True
    if team_organization_id(user, round_) != submission.organization_id:
        # Fellow reviewers see each other: they discuss the same plan at the meeting.
        return round_.names is not NameVisibility.hidden
    if round_.names is NameVisibility.visible:
        return True
    return (
        round_.names is NameVisibility.after_closing and round_.rules.shows_names_held_until_closing
    )


class ScoresRefused(ServiceError):
    """A review without a valid score for some scored criteria (their ids in `criteria`): the
    form marks each of them."""

    def __init__(self, message: str, criteria: list[int]):
        super().__init__(message, field="scores")
        self.criteria = criteria


@dataclass
class CriterionSummary:
    criterion: Criterion
    values: list[int]
    median: float | None
    # Highest minus lowest score: only from two scores on (one score has no spread to show).
    spread: int | None


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
                max(values) - min(values) if len(values) >= 2 else None,
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
    require(may_manage_round, by, round_)
    if not round_.rules.may_release:
        raise ServiceError(_("Reviews can be released once the feedback phase has started."))
    targets = [submission] if submission is not None else round_.submissions
    released = unreleased_of(targets)
    now = utcnow()
    for item in released:
        item.released_at = now
    db.session.flush()
    for item in released:
        events.reviews_released.send(item)
    db.session.flush()
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
    require(
        acts_for_author,
        by,
        submission,
        _("Only people of this organization who take part can do this."),
    )
    if submission.released_at is None:
        raise ServiceError(_("The reviews are not released yet."))
    if not round_.rules.may_respond:
        raise ServiceError(_("This round is closed."))
    for point in points.values():
        text.refuse(point, multiline=True, field="points")
    submission.response = response
    existing = {p.criterion_id: p for p in submission.point_responses}
    valid = {c.id for c in round_.criteria}
    for criterion_id, typed in points.items():
        if criterion_id not in valid:
            continue
        point = existing.get(criterion_id) or PointResponse(criterion_id=criterion_id)
        if point not in submission.point_responses:
            submission.point_responses.append(point)
        point.text = typed
    first = submission.responded_at is None
    submission.responded_at = utcnow()
    submission.candidate_outcome = candidate_outcome
    db.session.flush()
    events.review_response_recorded.send(submission, first=first)
    db.session.flush()


def candidate_outcomes(user) -> list[Submission]:
    """Responses that their organization marked as a candidate outcome, newest first: for
    the coordinators who harvest outcomes, from the rounds they coordinate."""
    candidates = db.session.scalars(
        select(Submission)
        .where(Submission.candidate_outcome.is_(True), Submission.responded_at.is_not(None))
        .order_by(Submission.responded_at.desc())
        .options(
            selectinload(Submission.round).selectinload(ReviewRound.track),
            selectinload(Submission.organization),
        )
    )
    return [s for s in candidates if may_read_candidate_outcome(user, s)]
