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

from lmb.core import text
from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import allowed, guard
from lmb.core.views import show_service_error
from lmb.extensions import db
from lmb.peer_review import documents, services
from lmb.peer_review.forms import (
    ConflictForm,
    ResponseForm,
    SubmissionForm,
)
from lmb.peer_review.models import (
    ReviewStatus,
    RoundPhase,
    Submission,
)
from lmb.peer_review.permissions import (
    acts_for_author,
    may_manage_round,
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
