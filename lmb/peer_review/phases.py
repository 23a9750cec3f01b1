"""A round's phases as data: one table says what each phase allows, and one `Transition`
both previews and applies a switch to the next phase, under a row lock on the round.

Services, pages and templates ask the round (`round_.rules.may_submit`, in templates
`round.allows("submit")`) instead of comparing phase names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import or_, select

from lmb import events
from lmb.accounts.models import User
from lmb.core.errors import Conflict, ServiceError
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
from lmb.peer_review.permissions import may_manage_round, require
from lmb.peer_review.services.assignments import active_assignments, plan_allocation
from lmb.peer_review.services.reviews import unreleased_of
from lmb.peer_review.teams import team

# What each phase allows


@dataclass(frozen=True)
class PhaseRules:
    """What a round allows while it is in one phase."""

    # Who may do what, in words, for the round's page.
    summary: str
    # The coordinators change the round's settings (deadlines, names, meeting, …).
    may_change_settings: bool
    # The coordinators change the review form, who takes part, and how reviewers are
    # allocated (reviews per submission, ring, seed, comments only).
    may_change_setup: bool
    # The organizations taking part upload (new versions of) their work.
    may_submit: bool
    # The coordinators store an allocation or add an assignment by hand.
    may_allocate: bool
    # New assignments are announced to their reviewers at once (else when the assessment starts).
    announces_assignments: bool
    # Reviewers write, submit and decline their reviews.
    may_review: bool
    # Assigned reviewers read the work they review.
    reviewers_read_work: bool
    # The coordinators release reviews to the reviewed organizations.
    may_release: bool
    # The round's page offers the coordinators the release buttons.
    offers_release: bool
    # Reviewed organizations respond to their released feedback.
    may_respond: bool
    # Reviewer names held back "until the round closes" are shown.
    shows_names_held_until_closing: bool
    # The deadlines still ahead of the people taking part, for their calendar: the submission
    # deadline; the review deadline (for everyone until reviewers are assigned, then for the
    # organizations with an assignment).
    submission_deadline_ahead: bool
    review_deadline_ahead: bool
    # The deadline that moves the round on to the next phase, if it lets its dates do so.
    advances_at: str | None = None


PHASES: dict[RoundPhase, PhaseRules] = {
    RoundPhase.setup: PhaseRules(
        summary=_l(
            "The coordinators prepare the review form and who takes part. Nobody submits or reviews yet."
        ),
        may_change_settings=True,
        may_change_setup=True,
        may_submit=False,
        may_allocate=False,
        announces_assignments=False,
        may_review=False,
        reviewers_read_work=False,
        may_release=False,
        offers_release=False,
        may_respond=True,
        shows_names_held_until_closing=False,
        submission_deadline_ahead=True,
        review_deadline_ahead=True,
    ),
    RoundPhase.submission: PhaseRules(
        summary=_l(
            "Organizations that take part upload their work. New versions are possible until the phase closes; versions after the deadline are marked as late."
        ),
        may_change_settings=True,
        may_change_setup=True,
        may_submit=True,
        may_allocate=True,
        announces_assignments=False,
        may_review=False,
        reviewers_read_work=False,
        may_release=False,
        offers_release=False,
        may_respond=True,
        shows_names_held_until_closing=False,
        submission_deadline_ahead=True,
        review_deadline_ahead=True,
        advances_at="submission_deadline",
    ),
    RoundPhase.assessment: PhaseRules(
        summary=_l(
            "Reviewers read the work allocated to their organization and submit a review before the deadline. They see the other reviews of the same work once theirs is in."
        ),
        may_change_settings=True,
        may_change_setup=False,
        may_submit=False,
        may_allocate=True,
        announces_assignments=True,
        may_review=True,
        reviewers_read_work=True,
        may_release=False,
        offers_release=False,
        may_respond=True,
        shows_names_held_until_closing=False,
        submission_deadline_ahead=False,
        review_deadline_ahead=True,
        advances_at="review_deadline",
    ),
    RoundPhase.feedback: PhaseRules(
        summary=_l(
            "Reviews can no longer change. The coordinators release them; each organization reads the reviews of its own work and responds."
        ),
        may_change_settings=True,
        may_change_setup=False,
        may_submit=False,
        may_allocate=False,
        announces_assignments=False,
        may_review=False,
        reviewers_read_work=True,
        may_release=True,
        offers_release=True,
        may_respond=True,
        shows_names_held_until_closing=False,
        submission_deadline_ahead=False,
        review_deadline_ahead=False,
    ),
    RoundPhase.closed: PhaseRules(
        summary=_l("The round is over. Everything stays readable."),
        may_change_settings=False,
        may_change_setup=False,
        may_submit=False,
        may_allocate=False,
        announces_assignments=False,
        may_review=False,
        reviewers_read_work=True,
        may_release=True,
        offers_release=False,
        may_respond=False,
        shows_names_held_until_closing=True,
        submission_deadline_ahead=False,
        review_deadline_ahead=False,
    ),
}


def phases_where(rule: str) -> list[RoundPhase]:
    """The phases in which `rule` (a PhaseRules field) holds, in order: for queries."""
    return [phase for phase, rules in PHASES.items() if getattr(rules, rule)]


# Switching to the next phase


@dataclass
class Preview:
    """What switching to the next phase will do, before it is done; `Transition.apply` does
    exactly this: it creates `allocation`'s assignments and releases `releases`."""

    target: RoundPhase | None
    lines: list[str] = field(default_factory=list)
    mails: int = 0
    blockers: list[str] = field(default_factory=list)
    allocation: Allocation | None = None
    releases: list[Submission] = field(default_factory=list)


def _with_documents(round_: ReviewRound) -> list[Submission]:
    return [s for s in round_.submissions if s.versions]


def _into_submission(round_: ReviewRound, preview: Preview) -> None:
    if not round_.organizations:
        preview.blockers.append(_("No organization takes part yet."))
    if not round_.comments_only and not round_.criteria:
        preview.blockers.append(_("The review form has no criteria yet."))
    preview.mails = sum(len(team(round_, o.id)) for o in round_.organizations)
    preview.lines.append(
        ngettext(
            "%(num)s organization will be invited to submit.",
            "%(num)s organizations will be invited to submit.",
            len(round_.organizations),
        )
    )


def _into_assessment(round_: ReviewRound, preview: Preview) -> None:
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


def _into_feedback(round_: ReviewRound, preview: Preview) -> None:
    assignments = active_assignments(round_)
    done = sum(1 for a in assignments if a.review and a.review.status is ReviewStatus.submitted)
    preview.lines.append(
        ngettext(
            "%(num)s of %(all)s reviews is submitted.",
            "%(num)s of %(all)s reviews are submitted.",
            done,
            all=len(assignments),
        )
    )
    preview.lines.append(
        _("Reviews can no longer be changed; drafts that were not submitted are not shown.")
    )
    preview.lines.append(_("Nothing is sent yet: you release the reviews afterwards."))


def _into_closed(round_: ReviewRound, preview: Preview) -> None:
    preview.releases = unreleased_of(round_.submissions)
    if preview.releases:
        preview.lines.append(
            ngettext(
                "%(num)s submission has reviews that were not released; they will be released now.",
                "%(num)s submissions have reviews that were not released; they will be released now.",
                len(preview.releases),
            )
        )
        preview.mails = sum(len(team(round_, s.organization_id)) for s in preview.releases)
    if round_.names is NameVisibility.after_closing:
        preview.lines.append(_("Reviewer names become visible to the reviewed organizations."))
    preview.lines.append(_("Responses can no longer be changed."))


_ENTERING = {
    RoundPhase.submission: _into_submission,
    RoundPhase.assessment: _into_assessment,
    RoundPhase.feedback: _into_feedback,
    RoundPhase.closed: _into_closed,
}


@dataclass
class Transition:
    """A switch of `round` to `target` (its next phase; None for a closed round): what it
    will do (`preview`), and doing it (`apply`)."""

    round: ReviewRound
    target: RoundPhase | None

    @classmethod
    def next_of(cls, round_: ReviewRound) -> Transition:
        return cls(round_, round_.phase.next)

    @classmethod
    def after(cls, round_: ReviewRound, expected: RoundPhase) -> Transition:
        """The switch someone saw previewed while the round was in `expected`."""
        return cls(round_, expected.next)

    def preview(self) -> Preview:
        preview = Preview(self.target)
        if self.target is not None and self.round.phase.next is self.target:
            _ENTERING[self.target](self.round, preview)
        return preview

    def _lock(self) -> None:
        """The round as stored now, locked until the transaction ends (PostgreSQL: SELECT …
        FOR UPDATE; SQLite serialises writers): of two switches at once, the second waits and
        then sees the phase the first one set."""
        db.session.flush()
        db.session.refresh(self.round, with_for_update=True)

    def apply(self, *, by: User | None, now: datetime | None = None) -> Preview:
        """Move the round to `target` and do what the preview says; refused when the round is
        no longer in the phase before `target` (another switch got there first)."""
        round_ = self.round
        if by is not None:
            require(may_manage_round, by, round_)
        self._lock()
        old = round_.phase
        if old.next is not self.target:
            raise Conflict(_("The round changed in the meantime. Check the preview again."))
        if self.target is None:
            raise ServiceError(_("This round is closed."))
        preview = self.preview()
        if preview.blockers:
            raise ServiceError(" ".join(preview.blockers))
        round_.phase = self.target
        round_.phase_changed_at = now or utcnow()
        db.session.flush()
        if preview.allocation is not None:
            by_org = {s.organization_id: s for s in round_.submissions}
            db.session.add_all(
                ReviewAssignment(submission=by_org[author], reviewer_id=reviewer)
                for author, reviewer in preview.allocation.pairs
            )
            db.session.flush()
        if preview.releases:
            released_at = now or utcnow()
            for submission in preview.releases:
                submission.released_at = released_at
            db.session.flush()
            for submission in preview.releases:
                events.reviews_released.send(submission)
        events.review_phase_changed.send(round_, old=old)
        db.session.flush()
        return preview


def advance_rounds(now: datetime) -> list[tuple[ReviewRound, RoundPhase]]:
    """The timeline: rounds that let their dates move them go on to the next phase once the
    deadline of their phase passed (PHASES[…].advances_at). A round that cannot move
    (nothing submitted), or that someone else moved meanwhile, stays."""
    moved = []
    due = db.session.scalars(
        select(ReviewRound).where(
            ReviewRound.advance_by_dates.is_(True),
            or_(
                *(
                    (ReviewRound.phase == phase) & (getattr(ReviewRound, rules.advances_at) <= now)
                    for phase, rules in PHASES.items()
                    if rules.advances_at
                )
            ),
        )
    ).all()
    for round_ in due:
        try:
            with db.session.begin_nested():  # a refused switch undoes itself alone
                Transition.next_of(round_).apply(by=None, now=now)
        except ServiceError:
            pass
        else:
            moved.append((round_, round_.phase))
    return moved
