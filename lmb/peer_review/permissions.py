"""Who may do what in peer review: each rule is a named predicate `may_…(user, subject)`,
stated once here and asked everywhere else.

Pages ask through `guard` (not allowed: 403 or 404) or `allowed` (a yes or no that shapes the
page); services ask through `require` (not allowed: NotAllowed). The mechanism, with its grants
remembered for one request, is lmb.core.permissions'."""

from __future__ import annotations

from flask_babel import gettext as _

from lmb.accounts.models import Role
from lmb.core.permissions import Predicate, allowed
from lmb.core.permissions import require as core_require
from lmb.peer_review.models import (
    AssignmentStatus,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    Submission,
)
from lmb.peer_review.teams import team_organization_id
from lmb.tracks.models import Track
from lmb.tracks.permissions import may_manage_track


def require(predicate: Predicate, user, subject, message: str | None = None) -> None:
    """lmb.core.permissions.require, with peer review's own words for a refusal."""
    core_require(
        predicate, user, subject, message or _("Only the coordinators of this round can do this.")
    )


# The rules


def may_create_round(user, home) -> bool:
    """A round of a track: its coordinators (and admins); of a programme: every coordinator."""
    if not user or not user.is_authenticated:
        return False
    if isinstance(home, Track):
        return allowed(may_manage_track, user, home)
    return user.role in (Role.admin, Role.coordinator)


def may_manage_round(user, round_: ReviewRound) -> bool:
    """Coordinators of the round's track; for a programme round, any coordinator."""
    return may_create_round(user, round_.track if round_.track is not None else round_.programme)


def may_take_part(user, round_: ReviewRound) -> bool:
    """People who act for an organization taking part: they submit and declare conflicts."""
    return team_organization_id(user, round_) is not None


def may_see_round(user, round_: ReviewRound) -> bool:
    """The round's page and its API: its coordinators and the people taking part."""
    return allowed(may_manage_round, user, round_) or allowed(may_take_part, user, round_)


def standing_towards(user, submission: Submission) -> tuple[str | None, int | None]:
    """("manager", None), ("author", its organization), ("other", the user's organization in
    the round) or (None, None) for someone outside the round."""
    round_ = submission.round
    if allowed(may_manage_round, user, round_):
        return "manager", None
    organization_id = team_organization_id(user, round_)
    if organization_id is None:
        return None, None
    return ("author" if organization_id == submission.organization_id else "other"), organization_id


def may_read_submission(user, submission: Submission) -> bool:
    """Its own organization, its coordinators, and its assigned reviewers once the round lets
    reviewers read the work (from the assessment on)."""
    standing, organization_id = standing_towards(user, submission)
    if standing != "other":
        return standing is not None
    return submission.round.rules.reviewers_read_work and any(
        a.reviewer_id == organization_id and a.status is AssignmentStatus.active
        for a in submission.assignments
    )


def may_see_reviews(user, submission: Submission) -> bool:
    """Coordinators; the reviewed organization once released; a reviewer of the same
    submission once it submitted its own review."""
    standing, organization_id = standing_towards(user, submission)
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


def acts_for_author(user, submission: Submission) -> bool:
    """People acting for the reviewed organization: they read its feedback and answer it."""
    return team_organization_id(user, submission.round) == submission.organization_id


def acts_for_reviewer(user, assignment: ReviewAssignment) -> bool:
    """People acting for the assignment's reviewer organization (declined or not)."""
    return team_organization_id(user, assignment.submission.round) == assignment.reviewer_id


def may_review(user, assignment: ReviewAssignment) -> bool:
    """The reviewer organization of an assignment it has not declined."""
    return assignment.status is AssignmentStatus.active and allowed(
        acts_for_reviewer, user, assignment
    )


def may_read_candidate_outcome(user, submission: Submission) -> bool:
    """A response marked as a candidate outcome is for whoever coordinates its round (admins
    all; a track's round its coordinators; a programme's round every coordinator) and for
    nobody else, on the outcomes page, in its links and wherever it is listed."""
    return bool(
        submission.candidate_outcome
        and submission.responded_at is not None
        and allowed(may_manage_round, user, submission.round)
    )
