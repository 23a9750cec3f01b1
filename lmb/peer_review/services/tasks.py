"""What each person should do now, and the deadlines for their calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.permissions import member_organization_id
from lmb.extensions import db

# The module, not its names: lmb.peer_review.phases imports services in turn.
from lmb.peer_review import phases
from lmb.peer_review.models import (
    ReviewRound,
    ReviewStatus,
    RoundOrganization,
)
from lmb.peer_review.services.assignments import assignments_of
from lmb.peer_review.services.submissions import submission_of
from lmb.peer_review.teams import team_organization_id

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
    rules = round_.rules
    if rules.may_submit:
        tasks.append(
            Task(
                _("Upload %(what)s", what=round_.deliverable),
                "peer_review.submission",
                {"round_id": round_.id},
                round_.submission_deadline,
                done=submission is not None and bool(submission.versions),
            )
        )
    if rules.may_review:
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
    if submission is not None and submission.released_at is not None and rules.may_respond:
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
    member_of = member_organization_id(user)
    if member_of is None:
        return []
    rounds = db.session.scalars(
        select(ReviewRound)
        .join(RoundOrganization, RoundOrganization.round_id == ReviewRound.id)
        .where(
            RoundOrganization.organization_id == member_of,
            ReviewRound.phase.in_(phases.phases_where("review_deadline_ahead")),
        )
    ).all()
    found = []
    for round_ in rounds:
        organization_id = team_organization_id(user, round_)
        if organization_id is None:
            continue
        rules = round_.rules
        if rules.submission_deadline_ahead:
            found.append((round_, "submission", round_.submission_deadline))
        # Once reviewers are assigned, the review deadline is theirs only.
        if not rules.may_review or assignments_of(round_, organization_id):
            found.append((round_, "review", round_.review_deadline))
    return found
