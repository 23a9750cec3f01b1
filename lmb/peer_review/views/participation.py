"""The participants' pages: my rounds, a round with my tasks, submitting, documents,
reviewing, declining, reading and answering the feedback; conflicts for both."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core import text, uploads
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import allowed, guard
from lmb.core.views import flash_outcome, show_service_error
from lmb.extensions import db
from lmb.peer_review import documents, services
from lmb.peer_review.forms import (
    ConflictForm,
    DeclineForm,
    ResponseForm,
    SubmissionForm,
)
from lmb.peer_review.models import (
    CriterionKind,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    RoundPhase,
    Submission,
    SubmissionVersion,
)
from lmb.peer_review.permissions import (
    acts_for_author,
    may_manage_round,
    may_read_submission,
    may_review,
    may_see_reviews,
    may_take_part,
)
from lmb.peer_review.phases import Transition
from lmb.peer_review.views import blueprint, visible_round


@blueprint.get("/review-rounds/")
@login_required
def mine():
    return render_template("peer_review/mine.html", rounds=services.rounds_for(current_user))


@blueprint.get("/review-rounds/<id:round_id>")
@login_required
def round_page(round_id: int):
    round_ = visible_round(round_id)
    manager = allowed(may_manage_round, current_user, round_)
    organization_id = services.team_organization_id(current_user, round_)
    return render_template(
        "peer_review/round.html",
        round=round_,
        manager=manager,
        tasks=services.tasks_for(current_user, round_),
        preview=Transition.next_of(round_).preview() if manager else None,
        submission=services.submission_of(round_, organization_id) if organization_id else None,
        open_slots=services.open_slots(round_) if manager else {},
        form=ConfirmForm(),
        phases=list(RoundPhase),
    )


@blueprint.route("/review-rounds/<id:round_id>/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(round_id: int):
    round_ = visible_round(round_id)
    manager = allowed(may_manage_round, current_user, round_)
    own = services.team_organization_id(current_user, round_)
    form = ConflictForm()
    everyone = [(o.id, o.name) for o in round_.organizations]
    form.first.choices = everyone if manager else [c for c in everyone if c[0] == own]
    form.other.choices = everyone
    if form.validate_on_submit():
        try:
            services.declare_conflict(
                round_,
                by=current_user,
                first_id=form.first.data,
                second_id=form.other.data,
                reason=form.reason.data,
                note=form.note.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(
                _("The conflict is recorded.")
                if manager
                else _("The conflict is declared; a coordinator will confirm it."),
                "success",
            )
            return redirect(url_for("peer_review.conflicts", round_id=round_.id))
    listed = [
        c for c in services.conflicts_of(round_) if manager or own in (c.first_id, c.second_id)
    ]
    return render_template(
        "peer_review/conflicts.html",
        round=round_,
        form=form,
        conflicts=listed,
        manager=manager,
        button=ConfirmForm(),
    )


@blueprint.route("/review-rounds/<id:round_id>/submission", methods=["GET", "POST"])
@login_required
def submission(round_id: int):
    round_ = visible_round(round_id)
    guard(may_take_part, current_user, round_)
    organization_id = services.team_organization_id(current_user, round_)
    existing = services.submission_of(round_, organization_id)
    form = SubmissionForm(obj=existing)
    colleagues = services.team(round_, organization_id)
    form.contact.choices = [(p.id, p.name) for p in colleagues]
    if request.method == "GET":
        form.contact.data = (
            existing.contact_id if existing and existing.contact_id else current_user.id
        )
    if form.validate_on_submit():
        upload = form.document.data
        has_file = upload is not None and getattr(upload, "filename", "")
        try:
            services.submit(
                round_,
                by=current_user,
                summary=form.summary.data,
                document=upload.stream if has_file else None,
                filename=upload.filename if has_file else None,
                contact=next((p for p in colleagues if p.id == form.contact.data), None),
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("Your submission is saved."), "success")
            return redirect(url_for("peer_review.submission", round_id=round_.id))
    return render_template(
        "peer_review/submission.html",
        round=round_,
        submission=existing,
        form=form,
        max_mb=documents.max_bytes() // (1024 * 1024),
    ), (422 if form.errors else 200)


@blueprint.get("/review-documents/<id:version_id>")
@login_required
def document(version_id: int):
    version = db.get_or_404(SubmissionVersion, version_id)
    guard(may_read_submission, current_user, version.submission, status=404)
    try:
        return uploads.send_stored(version.stored_name, version.filename, version.kind)
    except (OSError, ValueError):
        abort(404)


def _answers(round_: ReviewRound, form_data) -> tuple[dict, list[int]]:
    """The typed answers per criterion, and the criteria whose score is not a number."""
    answers, errors = {}, []
    for criterion in round_.criteria:
        raw = (form_data.get(f"value-{criterion.id}") or "").strip()
        value = None
        if raw and criterion.scored:
            if raw.isascii() and raw.isdigit():
                value = int(raw)
            else:
                errors.append(criterion.id)
        answers[criterion.id] = services.Answer(
            value=value,
            comment=text.line_separators_to_newlines(
                (form_data.get(f"comment-{criterion.id}") or "")[:10000]
            ),
            location=(form_data.get(f"location-{criterion.id}") or "")[:200],
        )
    return answers, errors


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
    status = 200
    invalid = []  # the criteria the error summary lists and marks aria-invalid
    if reviewer and form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        answers, invalid = _answers(round_, request.form)
        summary = text.line_separators_to_newlines((request.form.get("summary") or "")[:10000])
        status = 422
        if not invalid:
            try:
                services.save_review(
                    assignment,
                    by=current_user,
                    answers=answers,
                    summary=summary,
                    submit=submit,
                )
            except services.ScoresRefused as error:
                invalid = error.criteria
            except ServiceError as error:
                flash(error.message, "error")
            else:
                flash(
                    _("Your review is submitted.") if submit else _("Your draft is saved."),
                    "success",
                )
                return redirect(url_for("peer_review.review", assignment_id=assignment.id))
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
        decline_form=DeclineForm(),
        invalid=invalid,
        kinds=CriterionKind,
    ), status


@blueprint.post("/review-assignments/<id:assignment_id>/decline")
@login_required
def decline(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    guard(may_review, current_user, assignment, status=404)
    form = DeclineForm()
    round_id = assignment.submission.round_id
    if form.validate_on_submit():
        if flash_outcome(
            lambda: services.decline(assignment, by=current_user, reason=form.reason.data),
            _("You declined this review. The coordinators are told."),
        ):
            return redirect(url_for("peer_review.round_page", round_id=round_id))
    else:
        flash(_("Please say why you decline."), "error")
    return redirect(url_for("peer_review.review", assignment_id=assignment.id))


@blueprint.route("/review-submissions/<id:submission_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(submission_id: int):
    submission = db.get_or_404(Submission, submission_id)
    round_ = submission.round
    manager = allowed(may_manage_round, current_user, round_)
    own = allowed(acts_for_author, current_user, submission)
    if not manager and not own:
        abort(404)
    guard(may_see_reviews, current_user, submission)
    form = ResponseForm(obj=submission)
    status = 200
    if own and form.validate_on_submit():
        points = {
            c.id: text.line_separators_to_newlines((request.form.get(f"point-{c.id}") or "")[:5000])
            for c in round_.criteria
        }
        try:
            services.respond(
                submission,
                by=current_user,
                response=form.response.data,
                points=points,
                candidate_outcome=form.candidate_outcome.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
            status = 422
        else:
            flash(_("Your response is saved."), "success")
            return redirect(url_for("peer_review.feedback", submission_id=submission.id))
    elif form.errors:
        status = 422
    reviews = services.submitted_reviews(submission)
    return render_template(
        "peer_review/feedback.html",
        round=round_,
        submission=submission,
        reviews=reviews,
        summaries=services.aggregates(round_, reviews),
        totals={r.id: services.total_percent(round_, r) for r in reviews},
        show_names=services.shows_reviewer_names(current_user, submission),
        points={p.criterion_id: p.text for p in submission.point_responses},
        form=form,
        may_respond=own and round_.rules.may_respond,
        manager=manager,
        button=ConfirmForm(),
    ), status


@blueprint.app_context_processor
def review_status():
    return {"ReviewStatus": ReviewStatus}
