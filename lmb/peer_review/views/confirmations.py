"""The pages that ask first in peer review: declining a review, switching a round's phase
(early, before its deadline, says so), removing a criterion or an assignment, storing the
allocation (the reviewers it mails), confirming or removing a conflict. Each is the GET
of the action's own URL; its form POSTs there."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.core import dates
from lmb.core.models import utcnow
from lmb.core.permissions import guard
from lmb.core.views import confirm_page
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.forms import DeclineForm
from lmb.peer_review.models import Conflict, Criterion, ReviewAssignment
from lmb.peer_review.permissions import may_review
from lmb.peer_review.phases import Transition
from lmb.peer_review.teams import team
from lmb.peer_review.views import blueprint, managed_round


def decline_page(assignment: ReviewAssignment, form: DeclineForm, status: int = 200):
    """The question before declining, with the reason to give (again, with its error)."""
    return confirm_page(
        title=_("Decline the review of %(org)s?", org=assignment.submission.organization.name),
        consequences=[
            _("Your organization no longer reviews this work; a draft you started is not used."),
            _("The coordinators are told, with your reason, and may ask another organization."),
        ],
        form=form,
        action=url_for("peer_review.decline", assignment_id=assignment.id),
        button=_("Yes, decline the review"),
        back=url_for("peer_review.review", assignment_id=assignment.id),
        status=status,
    )


@blueprint.get("/review-assignments/<id:assignment_id>/decline")
@login_required
def confirm_decline(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    guard(may_review, current_user, assignment, status=404)
    return decline_page(assignment, DeclineForm())


@blueprint.get("/review-rounds/<id:round_id>/phase")
@login_required
def confirm_switch_phase(round_id: int):
    """The preview of the switch, the mails it sends, and whether it comes before the
    deadline that would make it by itself."""
    round_ = managed_round(round_id)
    back = url_for("peer_review.round_page", round_id=round_.id)
    preview = Transition.next_of(round_).preview()
    if preview.target is None or preview.blockers:
        return confirm_page(
            title=_("This round cannot move on now"),
            consequences=list(preview.blockers) or [_("The round is closed.")],
            action=None,
            button=_("Back to the round"),
            back=back,
            status=409,
        )
    deadline_name = round_.rules.advances_at
    deadline = getattr(round_, deadline_name) if deadline_name else None
    warning = None
    if deadline is not None and deadline > utcnow():
        warning = _(
            "Early: the deadline of this phase is %(when)s and has not passed yet. "
            "Whoever has not finished by now can no longer do so.",
            when=dates.moment(deadline),
        )
    return confirm_page(
        title=_("Move %(round)s to %(phase)s?", round=round_.title, phase=preview.target.label),
        consequences=[
            *preview.lines,
            ngettext("%(num)s mail will be sent.", "%(num)s mails will be sent.", preview.mails),
        ],
        warning=warning,
        hidden={"expected": round_.phase.name},
        action=url_for("peer_review.switch_phase", round_id=round_.id),
        button=_("Yes, move to %(phase)s", phase=preview.target.label),
        back=back,
    )


@blueprint.get("/review-criteria/<id:criterion_id>/delete")
@login_required
def confirm_delete_criterion(criterion_id: int):
    criterion = db.get_or_404(Criterion, criterion_id)
    round_ = managed_round(criterion.round_id)
    return confirm_page(
        title=_("Remove the criterion %(title)s?", title=criterion.title),
        consequences=[
            _("The criterion disappears from the review form of %(round)s.", round=round_.title)
        ],
        action=url_for("peer_review.delete_criterion", criterion_id=criterion.id),
        button=_("Yes, remove the criterion"),
        back=url_for("peer_review.criteria", round_id=round_.id),
    )


@blueprint.get("/review-assignments/<id:assignment_id>/remove")
@login_required
def confirm_unassign(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    round_ = managed_round(assignment.submission.round_id)
    return confirm_page(
        title=_("Remove this assignment?"),
        consequences=[
            _(
                "%(reviewer)s no longer reviews the work of %(org)s.",
                reviewer=assignment.reviewer.name,
                org=assignment.submission.organization.name,
            ),
        ],
        action=url_for("peer_review.unassign", assignment_id=assignment.id),
        button=_("Yes, remove the assignment"),
        back=url_for("peer_review.allocation", round_id=round_.id),
    )


@blueprint.get("/review-rounds/<id:round_id>/release")
@login_required
def confirm_release(round_id: int):
    """Releasing mails the people of each reviewed organization: how many, before it goes."""
    round_ = managed_round(round_id)
    back = url_for("peer_review.round_page", round_id=round_.id)
    hidden = {}
    targets = round_.submissions
    if request.args.get("submission"):
        targets = [s for s in round_.submissions if str(s.id) == request.args["submission"]]
        if not targets:
            abort(404)
        hidden["submission"] = targets[0].id
    released = services.unreleased_of(targets)
    people = sum(len(team(round_, s.organization_id)) for s in released)
    return confirm_page(
        title=_("Release the reviews?"),
        consequences=[
            ngettext(
                "The reviews of %(num)s submission become readable for its organization.",
                "The reviews of %(num)s submissions become readable for their organizations.",
                len(released),
            ),
            ngettext(
                "%(num)s person gets a mail that the reviews are ready.",
                "%(num)s people get a mail that the reviews are ready.",
                people,
            ),
            _("Releasing cannot be undone."),
        ],
        hidden=hidden,
        action=url_for("peer_review.release", round_id=round_.id),
        button=_("Yes, release the reviews"),
        back=back,
    )


@blueprint.get("/review-conflicts/<id:conflict_id>/remove")
@login_required
def confirm_remove_conflict(conflict_id: int):
    conflict = db.get_or_404(Conflict, conflict_id)
    round_ = managed_round(conflict.round_id)
    return confirm_page(
        title=_(
            "Remove the conflict between %(first)s and %(second)s?",
            first=conflict.first.name,
            second=conflict.second.name,
        ),
        consequences=[_("The allocation may then let these organizations review each other.")],
        action=url_for("peer_review.conflict_action", conflict_id=conflict.id, action="remove"),
        button=_("Yes, remove the conflict"),
        back=url_for("peer_review.conflicts", round_id=round_.id),
    )


@blueprint.get("/review-conflicts/<id:conflict_id>/confirm")
@login_required
def confirm_confirm_conflict(conflict_id: int):
    conflict = db.get_or_404(Conflict, conflict_id)
    round_ = managed_round(conflict.round_id)
    pair = {conflict.first_id, conflict.second_id}
    between = [
        a
        for a in services.active_assignments(round_)
        if {a.reviewer_id, a.submission.organization_id} == pair
    ]
    lines = [
        _(
            "%(first)s and %(second)s no longer review each other's work in %(round)s.",
            first=conflict.first.name,
            second=conflict.second.name,
            round=round_.title,
        )
    ]
    if between:
        lines.append(
            ngettext(
                "%(num)s assignment between them stays until you remove it on the allocation page.",
                "%(num)s assignments between them stay until you remove them on the allocation page.",
                len(between),
            )
        )
    return confirm_page(
        title=_(
            "Confirm the conflict between %(first)s and %(second)s?",
            first=conflict.first.name,
            second=conflict.second.name,
        ),
        consequences=lines,
        action=url_for("peer_review.conflict_action", conflict_id=conflict.id, action="confirm"),
        button=_("Yes, confirm the conflict"),
        back=url_for("peer_review.conflicts", round_id=round_.id),
    )


@blueprint.get("/review-rounds/<id:round_id>/allocation/store")
@login_required
def confirm_commit_allocation(round_id: int):
    """Storing the allocation replaces the one nobody started on and, in the assessment
    phase, mails the people of every reviewing organization: how many, before it goes."""
    round_ = managed_round(round_id)
    back = url_for("peer_review.allocation", round_id=round_.id)
    existing = services.active_assignments(round_)
    plan = services.plan_allocation(round_)
    refusal = None
    if not round_.allows("allocate"):
        refusal = _("Reviewers are allocated in the submission or assessment phase.")
    elif any(a.review is not None for a in existing):
        refusal = _("Reviews have started: change single assignments instead of allocating again.")
    elif not plan.pairs:
        refusal = _("Nothing to allocate yet: nothing has been submitted.")
    if refusal:
        return confirm_page(
            title=_("The allocation cannot be stored now"),
            consequences=[refusal],
            action=None,
            button=_("Back to the allocation"),
            back=back,
            status=409,
        )
    reviewers = {reviewer for _author, reviewer in plan.pairs}
    lines = [
        ngettext(
            "%(num)s assignment is stored.",
            "%(num)s assignments are stored.",
            len(plan.pairs),
        ),
        ngettext(
            "%(num)s organization reviews work in this round.",
            "%(num)s organizations review work in this round.",
            len(reviewers),
        ),
    ]
    if existing:
        lines.append(
            ngettext(
                "%(num)s earlier assignment, not started yet, is replaced.",
                "%(num)s earlier assignments, not started yet, are replaced.",
                len(existing),
            )
        )
    if round_.rules.announces_assignments:
        people = sum(len(team(round_, reviewer)) for reviewer in reviewers)
        lines.append(
            ngettext(
                "%(num)s person gets a mail with the work to review.",
                "%(num)s people get a mail with the work to review.",
                people,
            )
        )
    else:
        lines.append(_("Nobody is mailed now: reviewers are told when the assessment starts."))
    return confirm_page(
        title=_("Store the allocation of %(round)s?", round=round_.title),
        consequences=lines,
        action=url_for("peer_review.commit_allocation", round_id=round_.id),
        button=_("Yes, store the allocation"),
        back=back,
    )
