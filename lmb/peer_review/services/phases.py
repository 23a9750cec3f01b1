"""The round's phases: what a switch will do, doing it, and the deadlines doing it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from lmb import events
from lmb.accounts.models import User
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.peer_review.allocation import Allocation
from lmb.peer_review.models import (
    NameVisibility,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    RoundPhase,
    Submission,
)
from lmb.peer_review.services.access import require_manager, team
from lmb.peer_review.services.assignments import active_assignments, plan_allocation
from lmb.peer_review.services.reviews import unreleased_of

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
        existing = active_assignments(round_)
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
        assignments = active_assignments(round_)
        done = sum(1 for a in assignments if a.review and a.review.status is ReviewStatus.submitted)
        preview.lines.append(
            _("%(done)s of %(all)s reviews are submitted.", done=done, all=len(assignments))
        )
        preview.lines.append(
            _("Reviews can no longer be changed; drafts that were not submitted are not shown.")
        )
        preview.lines.append(_("Nothing is sent yet: you release the reviews afterwards."))
    elif target is RoundPhase.closed:
        unreleased = unreleased_of(round_.submissions)
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
        require_manager(by, round_)
    preview = preview_switch(round_)
    if preview.target is None:
        raise ServiceError(_("This round is closed."))
    if preview.blockers:
        raise ServiceError(" ".join(preview.blockers))
    old = round_.phase
    round_.phase = preview.target
    round_.phase_changed_at = now or utcnow()
    db.session.flush()
    if preview.target is RoundPhase.assessment and not active_assignments(round_):
        by_org = {s.organization_id: s for s in round_.submissions}
        db.session.add_all(
            ReviewAssignment(submission=by_org[author], reviewer_id=reviewer)
            for author, reviewer in preview.allocation.pairs
        )
        db.session.flush()
    if preview.target is RoundPhase.closed:
        released_at = now or utcnow()
        unreleased = unreleased_of(round_.submissions)
        for submission in unreleased:
            submission.released_at = released_at
        db.session.flush()
        for submission in unreleased:
            events.reviews_released.send(submission)
    events.review_phase_changed.send(round_, old=old)
    db.session.flush()
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
            with db.session.begin_nested():  # a refused switch undoes itself alone
                moved.append((round_, switch_phase(round_, by=None, now=now)))
        except ServiceError:
            pass
    return moved
