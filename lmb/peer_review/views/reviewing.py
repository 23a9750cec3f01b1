"""Reviewing: the submitted document (to download, or inline beside the review form), the
review form that keeps every typed text on an error and marks the field that is missing, its
draft saved by a button or every so often by lmb/static/review-draft.js, and declining."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core import dates, text, uploads
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.models import utcnow
from lmb.core.permissions import allowed, guard
from lmb.core.uploads import content_disposition
from lmb.core.views import asks_first
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.forms import DeclineForm
from lmb.peer_review.models import (
    CriterionKind,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    SubmissionVersion,
)
from lmb.peer_review.permissions import (
    may_manage_round,
    may_read_submission,
    may_review,
    may_see_reviews,
)
from lmb.peer_review.views import blueprint
from lmb.peer_review.views.confirmations import decline_page

# The inline document: a PDF in a frame of the review page, and in nothing else.
INLINE_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"


def _readable_version(version_id: int) -> SubmissionVersion:
    version = db.get_or_404(SubmissionVersion, version_id)
    guard(may_read_submission, current_user, version.submission, status=404)
    return version


@blueprint.get("/review-documents/<id:version_id>")
@login_required
def document(version_id: int):
    version = _readable_version(version_id)
    try:
        return uploads.send_stored(version.stored_name, version.filename, version.kind)
    except (OSError, ValueError):
        abort(404)


@blueprint.get("/review-documents/<id:version_id>/inline")
@login_required
def document_inline(version_id: int):
    """A PDF shown inside the review page: only PDFs (a browser shows them without running
    anything of ours), framed only by this site's own pages."""
    version = _readable_version(version_id)
    if version.kind != "pdf":
        abort(404)
    try:
        response = uploads.send_stored(version.stored_name, version.filename, version.kind)
    except (OSError, ValueError):
        abort(404)
    response.headers["Content-Disposition"] = content_disposition(
        version.filename, "inline", default="document.pdf"
    )
    response.headers["Content-Security-Policy"] = INLINE_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _answers(round_: ReviewRound, form_data, *, submit: bool) -> tuple[dict, dict[int, str]]:
    """What the form says per criterion, and per criterion what is wrong with it: a level that
    is not one, or (to submit) none chosen."""
    answers, problems = {}, {}
    for criterion in round_.criteria:
        raw = (form_data.get(f"value-{criterion.id}") or "").strip()
        value = None
        if raw and criterion.scored:
            if raw.isascii() and raw.isdigit() and int(raw) <= criterion.max_score:
                value = int(raw)
            else:
                problems[criterion.id] = _("Choose one of the levels.")
        elif criterion.scored and submit:
            problems[criterion.id] = _("Choose a score for this criterion.")
        answers[criterion.id] = services.Answer(
            value=value,
            comment=text.line_separators_to_newlines(
                (form_data.get(f"comment-{criterion.id}") or "")[:10000]
            ),
            location=(form_data.get(f"location-{criterion.id}") or "")[:200],
        )
    return answers, problems


def _typed(round_: ReviewRound, form_data) -> dict:
    """Every text the reviewer sent, as sent, to show again after an error."""
    return {
        "summary": form_data.get("summary") or "",
        **{
            c.id: {
                "value": form_data.get(f"value-{c.id}") or "",
                "comment": form_data.get(f"comment-{c.id}") or "",
                "location": form_data.get(f"location-{c.id}") or "",
            }
            for c in round_.criteria
        },
    }


def _autosave(assignment: ReviewAssignment, round_: ReviewRound):
    """The draft the page's script sends every so often: stored without the checks of a
    submission; a submitted review is only changed by its own button."""
    if assignment.review is not None and assignment.review.status is ReviewStatus.submitted:
        return jsonify(saved=False, message=_("The review is submitted already.")), 409
    answers, _problems = _answers(round_, request.form, submit=False)
    try:
        services.save_review(
            assignment,
            by=current_user,
            answers=answers,
            summary=text.line_separators_to_newlines((request.form.get("summary") or "")[:10000]),
            submit=False,
        )
    except ServiceError as error:
        return jsonify(saved=False, message=error.message), 422
    return jsonify(saved=True, message=_("Draft saved at %(time)s.", time=dates.moment(utcnow())))


@blueprint.route("/review-assignments/<id:assignment_id>/review", methods=["GET", "POST"])
@login_required
def review(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    submission = assignment.submission
    round_ = submission.round
    reviewer = allowed(may_review, current_user, assignment)
    if not reviewer:  # the round's coordinators read along
        guard(may_manage_round, current_user, round_, status=404)
    form = ConfirmForm()
    status, typed, problems = 200, None, {}
    if reviewer and form.validate_on_submit():
        if request.form.get("autosave"):
            return _autosave(assignment, round_)
        submit = request.form.get("action") == "submit"
        answers, problems = _answers(round_, request.form, submit=submit)
        summary = text.line_separators_to_newlines((request.form.get("summary") or "")[:10000])
        if problems:
            titles = ", ".join(c.title for c in round_.criteria if c.id in problems)
            flash(_("Give a score for every scored criterion: %(titles)s.", titles=titles), "error")
        else:
            try:
                services.save_review(
                    assignment, by=current_user, answers=answers, summary=summary, submit=submit
                )
            except services.ScoresRefused as error:  # the service's own check, the same rule
                problems = {c: _("Choose a score for this criterion.") for c in error.criteria}
                flash(error.message, "error")
            except ServiceError as error:
                flash(error.message, "error")
            else:
                flash(
                    _("Your review is submitted.") if submit else _("Your draft is saved."),
                    "success",
                )
                return redirect(url_for("peer_review.review", assignment_id=assignment.id))
        status, typed = 422, _typed(round_, request.form)
    elif reviewer and form.is_submitted():
        # The token expired (a long read): nothing is stored, nothing typed is lost.
        status, typed = 422, _typed(round_, request.form)
        flash(_("The form expired. Please send it again."), "error")
    others = []
    if allowed(may_see_reviews, current_user, submission):
        others = [
            r for r in services.submitted_reviews(submission) if r.assignment_id != assignment.id
        ]
    return render_template(
        "peer_review/review.html",
        round=round_,
        assignment=assignment,
        submission=submission,
        review=assignment.review,
        editable=round_.rules.may_review and reviewer,
        others=others,
        show_names=services.shows_reviewer_names(current_user, submission),
        form=form,
        typed=typed,
        problems=problems,
        kinds=CriterionKind,
    ), status


@blueprint.post("/review-assignments/<id:assignment_id>/decline")
@asks_first
@login_required
def decline(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    guard(may_review, current_user, assignment, status=404)
    form = DeclineForm()
    round_id = assignment.submission.round_id
    if form.validate_on_submit():
        try:
            services.decline(assignment, by=current_user, reason=form.reason.data)
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("peer_review.review", assignment_id=assignment.id))
        flash(_("You declined this review. The coordinators are told."), "success")
        return redirect(url_for("peer_review.round_page", round_id=round_id))
    # The question again, with the reason on its field.
    return decline_page(assignment, form, status=422)
