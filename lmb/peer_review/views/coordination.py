"""The coordinator's pages: a round's settings, rubric, who takes part, conflicts, phases,
allocation, release and exports."""

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
from flask_babel import ngettext
from flask_login import current_user, login_required

from lmb.core.errors import ServiceError
from lmb.core.forms import ConfirmForm
from lmb.core.permissions import guard
from lmb.core.timezones import local_datetime, to_local
from lmb.core.views import asks_first, download, flash_outcome, show_service_error
from lmb.extensions import db
from lmb.peer_review import exports, services
from lmb.peer_review.forms import (
    AssignForm,
    CriterionForm,
    OrganizationsForm,
    RoundForm,
)
from lmb.peer_review.models import (
    Conflict,
    Criterion,
    ReviewAssignment,
    ReviewRound,
    RoundPhase,
    Submission,
)
from lmb.peer_review.permissions import may_create_round
from lmb.peer_review.phases import Transition
from lmb.peer_review.views import blueprint, managed_round
from lmb.tracks import services as tracks


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
        "submission_deadline": local_datetime(form.submission_day.data, form.submission_time.data),
        "review_deadline": local_datetime(form.review_day.data, form.review_time.data),
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
    guard(may_create_round, current_user, track or programme)
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
    round_ = managed_round(round_id)
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


@blueprint.post("/review-rounds/<id:round_id>/phase")
@asks_first
@login_required
def switch_phase(round_id: int):
    """The switch the coordinator saw previewed (the phase it was previewed in comes along):
    refused if the round moved on meanwhile."""
    round_ = managed_round(round_id)
    expected = request.form.get("expected")
    if ConfirmForm().validate_on_submit():
        if expected not in RoundPhase.__members__:
            flash(_("The round changed in the meantime. Check the preview again."), "error")
        else:
            transition = Transition.after(round_, RoundPhase[expected])
            flash_outcome(
                lambda: transition.apply(by=current_user),
                _("The round moved to the next phase."),
            )
    return redirect(url_for("peer_review.round_page", round_id=round_.id))


def _levels(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@blueprint.route("/review-rounds/<id:round_id>/criteria", methods=["GET", "POST"])
@login_required
def criteria(round_id: int):
    round_ = managed_round(round_id)
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
@asks_first
@login_required
def delete_criterion(criterion_id: int):
    criterion = db.get_or_404(Criterion, criterion_id)
    round_ = managed_round(criterion.round_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.delete_criterion(criterion, by=current_user),
            _("The criterion is removed."),
        )
    return redirect(url_for("peer_review.criteria", round_id=round_.id))


@blueprint.route("/review-rounds/<id:round_id>/organizations", methods=["GET", "POST"])
@login_required
def organizations(round_id: int):
    round_ = managed_round(round_id)
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


@blueprint.post("/review-conflicts/<id:conflict_id>/<any(confirm, remove):action>")
@asks_first
@login_required
def conflict_action(conflict_id: int, action: str):
    conflict = db.get_or_404(Conflict, conflict_id)
    round_ = managed_round(conflict.round_id)
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
    round_ = managed_round(round_id)
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
    )


@blueprint.post("/review-rounds/<id:round_id>/allocation/store")
@asks_first
@login_required
def commit_allocation(round_id: int):
    round_ = managed_round(round_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.commit_allocation(round_, by=current_user),
            _("The allocation is stored."),
        )
    return redirect(url_for("peer_review.allocation", round_id=round_.id))


@blueprint.post("/review-rounds/<id:round_id>/assign")
@login_required
def assign(round_id: int):
    round_ = managed_round(round_id)
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
@asks_first
@login_required
def unassign(assignment_id: int):
    assignment = db.get_or_404(ReviewAssignment, assignment_id)
    round_ = managed_round(assignment.submission.round_id)
    if ConfirmForm().validate_on_submit():
        flash_outcome(
            lambda: services.unassign(assignment, by=current_user),
            _("The assignment is removed."),
        )
    return redirect(url_for("peer_review.allocation", round_id=round_.id))


@blueprint.post("/review-rounds/<id:round_id>/release")
@asks_first
@login_required
def release(round_id: int):
    round_ = managed_round(round_id)
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
            flash(
                ngettext(
                    "Released the reviews of %(num)s submission.",
                    "Released the reviews of %(num)s submissions.",
                    len(released),
                ),
                "success",
            )
    return redirect(url_for("peer_review.round_page", round_id=round_.id))


@blueprint.get("/review-rounds/<id:round_id>/export.<any(csv, xlsx):fmt>")
@login_required
def export(round_id: int, fmt: str):
    round_ = managed_round(round_id)
    body = exports.as_csv(round_) if fmt == "csv" else exports.as_xlsx(round_)
    return download(body, f"peer-review-{round_.id}.{fmt}")
