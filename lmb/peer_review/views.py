"""Peer review pages: a round with its task list, the coordinator's set-up, allocation and
release, submitting, reviewing, and reading and answering the feedback."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.timezones import local_datetime, to_local
from lmb.core.views import flash_outcome, show_service_error
from lmb.extensions import db
from lmb.peer_review import documents, exports, services
from lmb.peer_review.forms import (
    AssignForm,
    ConflictForm,
    CriterionForm,
    DeclineForm,
    OrganizationsForm,
    ResponseForm,
    RoundForm,
    SubmissionForm,
)
from lmb.peer_review.models import (
    Conflict,
    Criterion,
    CriterionKind,
    ReviewAssignment,
    ReviewRound,
    ReviewStatus,
    RoundPhase,
    Submission,
    SubmissionVersion,
)
from lmb.tracks import services as tracks

blueprint = Blueprint("peer_review", __name__)


def _round(round_id: int) -> ReviewRound:
    round_ = db.get_or_404(ReviewRound, round_id)
    if not services.can_manage(current_user, round_) and not services.team_organization_id(
        current_user, round_
    ):
        abort(403)
    return round_


def _managed(round_id: int) -> ReviewRound:
    round_ = db.get_or_404(ReviewRound, round_id)
    if not services.can_manage(current_user, round_):
        abort(403)
    return round_


@blueprint.get("/review-rounds/")
@login_required
def mine():
    return render_template("peer_review/mine.html", rounds=services.rounds_for(current_user))


def _deadline(day, time) -> datetime:
    return local_datetime(day, time)


def _meeting_choices(form: RoundForm, round_: ReviewRound | None, track) -> None:
    sessions = track.sessions if track is not None else []
    form.meeting_session_id.choices = [(0, _("No meeting yet"))] + [
        (s.id, f"{to_local(s.starts_at):%d-%m-%Y %H:%M} · {s.title}") for s in sessions
    ]


def _round_fields(form: RoundForm) -> dict:
    return {
        "title": form.title.data,
        "deliverable": form.deliverable.data,
        "instructions": form.instructions.data or "",
        "submission_deadline": _deadline(form.submission_day.data, form.submission_time.data),
        "review_deadline": _deadline(form.review_day.data, form.review_time.data),
        "reviews_per_submission": form.reviews_per_submission.data,
        "ring": form.ring.data,
        "allocation_seed": form.allocation_seed.data,
        "names": form.names.data,
        "comments_only": form.comments_only.data,
        "advance_by_dates": form.advance_by_dates.data,
        "meeting_session_id": form.meeting_session_id.data or None,
    }


@blueprint.route("/tracks/<slug>/review-rounds/new", methods=["GET", "POST"])
@login_required
def new_round(slug: str):
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404)
    return _new_round(track=track)


@blueprint.route("/programmes/<slug>/review-rounds/new", methods=["GET", "POST"])
@login_required
def new_programme_round(slug: str):
    """A round of a whole programme (the SDG partnerships): the coordinator picks who takes part."""
    programme = next((p for p in tracks.programmes() if p.slug == slug), None)
    if programme is None:
        abort(404)
    return _new_round(programme=programme)


def _new_round(*, track=None, programme=None):
    if not services.may_create_round(current_user, track=track, programme=programme):
        abort(403)
    form = RoundForm()
    _meeting_choices(form, None, track)
    if form.validate_on_submit():
        try:
            round_ = services.create_round(
                by=current_user, track=track, programme=programme, **_round_fields(form)
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The round is created. Add the review form's criteria next."), "success")
            return redirect(url_for("peer_review.criteria", round_id=round_.id))
    return render_template(
        "peer_review/round_form.html", form=form, round=None, track=track, programme=programme
    )


@blueprint.route("/review-rounds/<id:round_id>/settings", methods=["GET", "POST"])
@login_required
def settings(round_id: int):
    round_ = _managed(round_id)
    form = RoundForm(obj=round_)
    _meeting_choices(form, round_, round_.track)
    if request.method == "GET":
        for name, moment in (
            ("submission", round_.submission_deadline),
            ("review", round_.review_deadline),
        ):
            local = to_local(moment)
            form[f"{name}_day"].data = local.date()
            form[f"{name}_time"].data = local.time()
        form.meeting_session_id.data = round_.meeting_session_id or 0
    if form.validate_on_submit():
        try:
            services.update_round(round_, by=current_user, **_round_fields(form))
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The round is saved."), "success")
            return redirect(url_for("peer_review.round_page", round_id=round_.id))
    return render_template(
        "peer_review/round_form.html", form=form, round=round_, track=round_.track
    )


@blueprint.get("/review-rounds/<id:round_id>")
@login_required
def round_page(round_id: int):
    round_ = _round(round_id)
    manager = services.can_manage(current_user, round_)
    organization_id = services.team_organization_id(current_user, round_)
    return render_template(
        "peer_review/round.html",
        round=round_,
        manager=manager,
        tasks=services.tasks_for(current_user, round_),
        preview=services.preview_switch(round_) if manager else None,
        submission=services.submission_of(round_, organization_id) if organization_id else None,
        open_slots=services.open_slots(round_) if manager else {},
        form=ConfirmForm(),
        phases=list(RoundPhase),
    )


@blueprint.post("/review-rounds/<id:round_id>/phase")
@login_required
def switch_phase(round_id: int):
    round_ = _managed(round_id)
    expected = request.form.get("expected")
    if ConfirmForm().validate_on_submit():
        if expected != round_.phase.name:
            flash(_("The round changed in the meantime. Check the preview again."), "error")
        else:
            flash_outcome(
                lambda: services.switch_phase(round_, by=current_user),
                _("The round moved to the next phase."),
            )
    return redirect(url_for("peer_review.round_page", round_id=round_.id))


# The rubric and who takes part


def _levels(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@blueprint.route("/review-rounds/<id:round_id>/criteria", methods=["GET", "POST"])
@login_required
def criteria(round_id: int):
    round_ = _managed(round_id)
    form = CriterionForm()
    if form.validate_on_submit():
        try:
            services.save_criterion(
                round_,
                by=current_user,
                title=form.title.data,
                description=form.description.data or "",
                kind=form.kind.data,
                levels=_levels(form.levels.data),
                weight=form.weight.data,
                independent=form.independent.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The criterion is added."), "success")
            return redirect(url_for("peer_review.criteria", round_id=round_.id))
    return render_template(
        "peer_review/criteria.html", round=round_, form=form, delete_form=ConfirmForm()
    )


@blueprint.post("/review-criteria/<id:criterion_id>/delete")
@login_required
def delete_criterion(criterion_id: int):
    criterion = db.get_or_404(Criterion, criterion_id)
    round_ = _managed(criterion.round_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.delete_criterion(criterion, by=current_user),
            _("The criterion is removed."),
        )
    return redirect(url_for("peer_review.criteria", round_id=round_.id))


@blueprint.route("/review-rounds/<id:round_id>/organizations", methods=["GET", "POST"])
@login_required
def organizations(round_id: int):
    round_ = _managed(round_id)
    form = OrganizationsForm()
    candidates = {o.id: o for o in services.candidate_organizations(round_)}
    candidates.update({o.id: o for o in round_.organizations})
    form.organizations.choices = [
        (o.id, o.name) for o in sorted(candidates.values(), key=lambda o: o.name)
    ]
    if request.method == "GET":
        form.organizations.data = [o.id for o in round_.organizations]
    if form.validate_on_submit():
        try:
            services.set_organizations(round_, form.organizations.data, by=current_user)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The organizations are saved."), "success")
            return redirect(url_for("peer_review.round_page", round_id=round_.id))
    return render_template("peer_review/organizations.html", round=round_, form=form)


@blueprint.route("/review-rounds/<id:round_id>/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(round_id: int):
    round_ = _round(round_id)
    manager = services.can_manage(current_user, round_)
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


@blueprint.post("/review-conflicts/<id:conflict_id>/<any(confirm, remove):action>")
@login_required
def conflict_action(conflict_id: int, action: str):
    conflict = db.get_or_404(Conflict, conflict_id)
    round_ = _managed(conflict.round_id)
    if ConfirmForm().validate_on_submit():
        if action == "confirm":
            flash_outcome(
                lambda: services.confirm_conflict(conflict, by=current_user),
                _("The conflict is confirmed: these organizations will not review each other."),
            )
        else:
            flash_outcome(
                lambda: services.remove_conflict(conflict, by=current_user),
                _("The conflict is removed."),
            )
    return redirect(url_for("peer_review.conflicts", round_id=round_.id))


# Allocation


def _assign_form(round_: ReviewRound) -> AssignForm:
    form = AssignForm()
    form.submission.choices = [
        (s.id, s.organization.name) for s in round_.submissions if s.versions
    ]
    form.reviewer.choices = [(o.id, o.name) for o in round_.organizations]
    return form


@blueprint.get("/review-rounds/<id:round_id>/allocation")
@login_required
def allocation(round_id: int):
    round_ = _managed(round_id)
    names = {o.id: o.name for o in round_.organizations}
    for submission in round_.submissions:
        names.setdefault(submission.organization_id, submission.organization.name)
    assignments = services.active_assignments(round_)
    return render_template(
        "peer_review/allocation.html",
        round=round_,
        plan=services.plan_allocation(round_) if not assignments else None,
        assignments=sorted(
            assignments, key=lambda a: (a.submission.organization.name, a.reviewer.name)
        ),
        declined=[
            a for s in round_.submissions for a in s.assignments if a.status.name == "declined"
        ],
        open_slots=services.open_slots(round_),
        names=names,
        form=_assign_form(round_),
        button=ConfirmForm(),
    )


@blueprint.post("/review-rounds/<id:round_id>/allocation")
@login_required
def commit_allocation(round_id: int):
    round_ = _managed(round_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.commit_allocation(round_, by=current_user),
            _("The allocation is stored."),
        )
    return redirect(url_for("peer_review.allocation", round_id=round_.id))


@blueprint.post("/review-rounds/<id:round_id>/assign")
@login_required
def assign(round_id: int):
    round_ = _managed(round_id)
    form = _assign_form(round_)
    if form.validate_on_submit():
        submission = db.session.get(Submission, form.submission.data)
        flash_outcome(
            lambda: services.assign(submission, form.reviewer.data, by=current_user),
            _("The assignment is added."),
        )
    else:
        flash(_("Choose a submission and a reviewer organization."), "error")
    return redirect(url_for("peer_review.allocation", round_id=round_.id))


@blueprint.post("/review-assignments/<id:assignment_id>/remove")
@login_required
def unassign(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    round_ = _managed(assignment.submission.round_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.unassign(assignment, by=current_user),
            _("The assignment is removed."),
        )
    return redirect(url_for("peer_review.allocation", round_id=round_.id))


# Submitting


@blueprint.route("/review-rounds/<id:round_id>/submission", methods=["GET", "POST"])
@login_required
def submission(round_id: int):
    round_ = _round(round_id)
    organization_id = services.team_organization_id(current_user, round_)
    if organization_id is None:
        abort(403)
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
    if not services.may_read_submission(current_user, version.submission):
        abort(404)
    try:
        path = documents.path_of(version.stored_name)
        handle = open(path, "rb")  # noqa: SIM115 - send_file closes it
    except OSError:
        abort(404)
    response = send_file(
        handle,
        mimetype=documents.KINDS[version.kind],
        as_attachment=True,
        download_name=version.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Reviewing


def _answers(round_: ReviewRound, form_data) -> tuple[dict, list[str]]:
    answers, errors = {}, []
    for criterion in round_.criteria:
        raw = (form_data.get(f"value-{criterion.id}") or "").strip()
        value = None
        if raw and criterion.scored:
            if raw.isascii() and raw.isdigit():
                value = int(raw)
            else:
                errors.append(criterion.title)
        answers[criterion.id] = services.Answer(
            value=value,
            comment=(form_data.get(f"comment-{criterion.id}") or "")[:10000],
            location=(form_data.get(f"location-{criterion.id}") or "")[:200],
        )
    return answers, errors


@blueprint.route("/review-assignments/<id:assignment_id>/review", methods=["GET", "POST"])
@login_required
def review(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    submission = assignment.submission
    round_ = submission.round
    manager = services.can_manage(current_user, round_)
    if not services.may_review(current_user, assignment) and not manager:
        abort(404)
    form = ConfirmForm()
    status = 200
    if services.may_review(current_user, assignment) and form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        answers, errors = _answers(round_, request.form)
        if errors:
            flash(_("Choose one of the levels for: %(titles)s.", titles=", ".join(errors)), "error")
            status = 422
        elif flash_outcome(
            lambda: services.save_review(
                assignment,
                by=current_user,
                answers=answers,
                summary=(request.form.get("summary") or "")[:10000],
                submit=submit,
            ),
            _("Your review is submitted.") if submit else _("Your draft is saved."),
        ):
            return redirect(url_for("peer_review.review", assignment_id=assignment.id))
        else:
            status = 422
    others = []
    if services.may_see_reviews(current_user, submission):
        others = [
            r for r in services.submitted_reviews(submission) if r.assignment_id != assignment.id
        ]
    return render_template(
        "peer_review/review.html",
        round=round_,
        assignment=assignment,
        submission=submission,
        review=assignment.review,
        editable=round_.phase is RoundPhase.assessment
        and services.may_review(current_user, assignment),
        others=others,
        show_names=services.shows_reviewer_names(current_user, submission),
        form=form,
        decline_form=DeclineForm(),
        kinds=CriterionKind,
    ), status


@blueprint.post("/review-assignments/<id:assignment_id>/decline")
@login_required
def decline(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    if not services.may_review(current_user, assignment):
        abort(404)
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


# Feedback: release, read, respond


@blueprint.post("/review-rounds/<id:round_id>/release")
@login_required
def release(round_id: int):
    round_ = _managed(round_id)
    if ConfirmForm().validate_on_submit():
        submission = None
        if request.form.get("submission"):
            submission = next(
                (s for s in round_.submissions if str(s.id) == request.form["submission"]), None
            )
            if submission is None:
                abort(404)
        try:
            released = services.release(round_, by=current_user, submission=submission)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("Released the reviews of %(num)s submissions.", num=len(released)), "success")
    return redirect(url_for("peer_review.round_page", round_id=round_.id))


@blueprint.route("/review-submissions/<id:submission_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(submission_id: int):
    submission = db.get_or_404(Submission, submission_id)
    round_ = submission.round
    manager = services.can_manage(current_user, round_)
    own = services.team_organization_id(current_user, round_) == submission.organization_id
    if not manager and not own:
        abort(404)
    if not services.may_see_reviews(current_user, submission):
        abort(403)
    form = ResponseForm(obj=submission)
    status = 200
    if own and form.validate_on_submit():
        points = {c.id: (request.form.get(f"point-{c.id}") or "")[:5000] for c in round_.criteria}
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
        may_respond=own and round_.phase is not RoundPhase.closed,
        manager=manager,
        button=ConfirmForm(),
    ), status


@blueprint.get("/review-rounds/<id:round_id>/export.<any(csv, xlsx):fmt>")
@login_required
def export(round_id: int, fmt: str):
    round_ = _managed(round_id)
    name = f"peer-review-{round_.id}"
    if fmt == "csv":
        return Response(
            exports.as_csv(round_),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(
        exports.as_xlsx(round_),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@blueprint.app_context_processor
def review_status():
    return {"ReviewStatus": ReviewStatus}
