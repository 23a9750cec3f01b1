"""Peer review mail: phase opened, allocation, declined, released; reminders of review and
submission deadlines (3 days before, and once when overdue)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lmb import events
from lmb.core.dates import ReaderTime
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.notifications.sweep import reminder_rules
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import ReviewRound, ReviewStatus, RoundPhase

DEADLINE_NOTICE = timedelta(days=3)


def _when(moment: datetime) -> ReaderTime:
    # Written when the mail is rendered: the recipient's language and zone, Brussels beside.
    return ReaderTime(moment)


def _round_url(round_: ReviewRound) -> str:
    return absolute_url("peer_review.round_page", round_id=round_.id)


def _drafts(
    people,
    *,
    key: str,
    subject,
    lines,
    items=(),
    url: str,
    label,
    about=None,
    version=None,
    unsubscribe=None,
):
    # One context for all: the outbox renders a shared context once per language.
    context = {"lines": lines, "items": list(items), "action_url": url, "action_label": label}
    return [
        Draft(
            key=f"{key}:user:{person.id}",
            kind="review/notice",
            template="peer_review/mail/review/notice",
            recipient=person,
            subject=subject,
            context=context,
            about=about,
            about_version=version,
            unsubscribe_scope=unsubscribe,
        )
        for person in people
    ]


@events.review_phase_changed.connect
def tell_phase_opened(round_: ReviewRound, old, **_):
    if round_.phase is RoundPhase.submission:
        drafts = []
        for organization in round_.organizations:
            drafts += _drafts(
                peer_review.team(round_, organization.id),
                key=f"review:{round_.id}:phase:submission:org:{organization.id}",
                subject=_l("Peer review: upload %(what)s", what=round_.deliverable),
                lines=[
                    _l(
                        "The peer review round “%(round)s” of %(context)s is open for submissions.",
                        round=round_.title,
                        context=round_.context_title,
                    ),
                    _l(
                        "Upload %(what)s for %(org)s before %(when)s.",
                        what=round_.deliverable,
                        org=organization.name,
                        when=_when(round_.submission_deadline),
                    ),
                ],
                url=absolute_url("peer_review.submission", round_id=round_.id),
                label=_l("Upload your work"),
            )
        enqueue_many(drafts)
    elif round_.phase is RoundPhase.assessment:
        _tell_assignments(round_, peer_review.active_assignments(round_), tag="start")


@events.reviewers_assigned.connect
def tell_new_assignments(round_: ReviewRound, assignments, **_):
    tag = "added:" + "-".join(str(a.id) for a in sorted(assignments, key=lambda a: a.id))
    _tell_assignments(round_, assignments, tag=tag)


def _tell_assignments(round_: ReviewRound, assignments, *, tag: str) -> None:
    by_reviewer: dict[int, list] = {}
    for assignment in assignments:
        by_reviewer.setdefault(assignment.reviewer_id, []).append(assignment)
    drafts = []
    for reviewer_id, theirs in by_reviewer.items():
        drafts += _drafts(
            peer_review.team(round_, reviewer_id),
            key=f"review:{round_.id}:assigned:{tag}:org:{reviewer_id}",
            subject=_l("Peer review: the work you review in “%(round)s”", round=round_.title),
            lines=[
                _l(
                    "Your organization reviews the following work in “%(round)s”. Please submit your reviews before %(when)s.",
                    round=round_.title,
                    when=_when(round_.review_deadline),
                )
            ],
            items=[a.submission.organization.name for a in theirs],
            url=_round_url(round_),
            label=_l("Open the round"),
        )
    enqueue_many(drafts)


@events.review_declined.connect
def tell_coordinators_of_decline(assignment, replacement, **_):
    round_ = assignment.submission.round
    coordinators = round_.track.coordinators if round_.track else []
    lines = [
        _l(
            "%(reviewer)s declined to review the work of %(org)s. Reason: %(reason)s",
            reviewer=assignment.reviewer.name,
            org=assignment.submission.organization.name,
            reason=assignment.decline_reason,
        ),
        _l("%(reviewer)s took over the review.", reviewer=replacement.reviewer.name)
        if replacement
        else _l("No other organization could take it over: the slot is open."),
    ]
    enqueue_many(
        _drafts(
            coordinators,
            key=f"review:declined:{assignment.id}",
            subject=_l("Peer review: an assignment was declined"),
            lines=lines,
            url=absolute_url("peer_review.allocation", round_id=round_.id),
            label=_l("See the allocation"),
        )
    )


@events.reviews_released.connect
def tell_feedback_released(submission, **_):
    round_ = submission.round
    enqueue_many(
        _drafts(
            peer_review.team(round_, submission.organization_id),
            key=f"review:released:{submission.id}",
            subject=_l("Peer review: your reviews are ready"),
            lines=[
                _l(
                    "The reviews of %(org)s's work in “%(round)s” are released. Read them and tell what you will do with each point.",
                    org=submission.organization.name,
                    round=round_.title,
                )
            ],
            url=absolute_url("peer_review.feedback", submission_id=submission.id),
            label=_l("Read the reviews"),
        )
    )


# Reminders


@versions.under("review-round")
def round_versions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(
            ReviewRound.id,
            ReviewRound.phase,
            ReviewRound.submission_deadline,
            ReviewRound.review_deadline,
        ).where(ReviewRound.id.in_(ids))
    )
    return {
        round_id: _version(phase, submission_deadline, review_deadline)
        for round_id, phase, submission_deadline, review_deadline in rows
    }


def _version(phase, submission_deadline, review_deadline) -> str:
    deadline = submission_deadline if phase is RoundPhase.submission else review_deadline
    return f"{phase.name}:{deadline.isoformat()}"


@reminder_rules
def review_deadlines(now: datetime) -> list[Draft]:
    rounds = db.session.scalars(
        select(ReviewRound).where(
            ReviewRound.phase.in_([RoundPhase.submission, RoundPhase.assessment])
        )
    ).all()
    drafts: list[Draft] = []
    for round_ in rounds:
        submitting = round_.phase is RoundPhase.submission
        deadline = round_.submission_deadline if submitting else round_.review_deadline
        if now < deadline - DEADLINE_NOTICE:
            continue
        stage = "overdue" if now >= deadline else "due"
        version = _version(round_.phase, round_.submission_deadline, round_.review_deadline)
        for organization_id, what in _unfinished(round_, submitting):
            drafts += _drafts(
                peer_review.team(round_, organization_id),
                key=f"reminder:review-round:{round_.id}:{version}:{stage}:org:{organization_id}",
                subject=_reminder_subject(submitting, stage, round_),
                lines=[_reminder_line(submitting, stage, round_, deadline)],
                items=what,
                url=_round_url(round_),
                label=_l("Open the round"),
                about=f"review-round:{round_.id}",
                version=version,
                unsubscribe="reminders",
            )
    return drafts


def _unfinished(round_: ReviewRound, submitting: bool) -> list[tuple[int, list[str]]]:
    if submitting:
        submitted = {s.organization_id for s in round_.submissions if s.versions}
        return [(o.id, []) for o in round_.organizations if o.id not in submitted]
    open_work: dict[int, list[str]] = {}
    for assignment in peer_review.active_assignments(round_):
        review = assignment.review
        if review is None or review.status is not ReviewStatus.submitted:
            open_work.setdefault(assignment.reviewer_id, []).append(
                assignment.submission.organization.name
            )
    return list(open_work.items())


def _reminder_subject(submitting: bool, stage: str, round_: ReviewRound):
    if submitting:
        if stage == "due":
            return _l("Reminder: submit your work for “%(round)s”", round=round_.title)
        return _l("Overdue: your work for “%(round)s”", round=round_.title)
    if stage == "due":
        return _l("Reminder: your reviews for “%(round)s” are due", round=round_.title)
    return _l("Overdue: your reviews for “%(round)s”", round=round_.title)


def _reminder_line(submitting: bool, stage: str, round_: ReviewRound, deadline: datetime):
    when = _when(deadline)
    if submitting:
        if stage == "due":
            return _l("Please upload %(what)s before %(when)s.", what=round_.deliverable, when=when)
        return _l(
            "The deadline of %(when)s has passed and we have not received %(what)s yet. Late work is still accepted while the round is open, and marked as late.",
            when=when,
            what=round_.deliverable,
        )
    if stage == "due":
        return _l("Please submit your reviews of the following work before %(when)s:", when=when)
    return _l(
        "The review deadline of %(when)s has passed. These reviews are still missing:",
        when=when,
    )
