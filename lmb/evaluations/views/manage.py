"""The staff's pages: record an evaluation, its recommendations with their responses, and the
actions of its plan."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lmb.core.errors import ServiceError
from lmb.core.views import show_service_error, status_of
from lmb.evaluations import services
from lmb.evaluations.forms import ActionForm, AnswerForm, EvaluationForm, RecommendationForm
from lmb.evaluations.models import Action, Evaluation, EvidenceKind, Recommendation
from lmb.evaluations.permissions import manager_required
from lmb.evaluations.views import blueprint
from lmb.extensions import db
from lmb.tracks import services as tracks

EVALUATION_FIELDS = (
    "title",
    "evaluator",
    "period",
    "period_starts_on",
    "period_ends_on",
    "summary",
    "budget",
    "funded_by",
    "responded_on",
    "signed_by",
    "plan_summary",
    "published",
)


def _evaluation_page(evaluation: Evaluation | None):
    form = EvaluationForm(obj=evaluation if request.method == "GET" else None)
    programmes = tracks.programmes()
    form.programme_id.choices = [(p.id, p.title) for p in programmes]
    if form.validate_on_submit():
        upload = form.report.data
        try:
            saved = services.save_evaluation(
                evaluation,
                by=current_user,
                programme=next(p for p in programmes if p.id == form.programme_id.data),
                report=upload.stream if upload else None,
                report_filename=upload.filename if upload else "",
                **{name: _value(form, name) for name in EVALUATION_FIELDS},
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The evaluation is saved."), "success")
            return redirect(url_for("evaluations.evaluation", evaluation_id=saved.id))
    return render_template(
        "evaluations/evaluation_form.html", form=form, evaluation=evaluation
    ), status_of(form)


def _value(form, name: str):
    value = form[name].data
    return (
        ""
        if value is None and name in ("period", "summary", "funded_by", "signed_by", "plan_summary")
        else value
    )


@blueprint.route("/new", methods=["GET", "POST"])
@manager_required
def new_evaluation():
    return _evaluation_page(None)


@blueprint.route("/<id:evaluation_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_evaluation(evaluation_id: int):
    return _evaluation_page(db.get_or_404(Evaluation, evaluation_id))


def _recommendation_page(evaluation: Evaluation, recommendation: Recommendation | None):
    form = RecommendationForm(obj=recommendation if request.method == "GET" else None)
    if request.method == "GET" and recommendation is not None:
        form.position.data = recommendation.position.name if recommendation.position else ""
    if form.validate_on_submit():
        try:
            services.save_recommendation(
                evaluation,
                recommendation,
                by=current_user,
                number=form.number.data,
                title=form.title.data,
                text=form.text.data or "",
                position=form.position.data,
                response=form.response.data or "",
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The recommendation is saved."), "success")
            return redirect(url_for("evaluations.evaluation", evaluation_id=evaluation.id))
    return render_template(
        "evaluations/recommendation_form.html",
        form=form,
        evaluation=evaluation,
        recommendation=recommendation,
    ), status_of(form)


@blueprint.route("/<id:evaluation_id>/recommendations/new", methods=["GET", "POST"])
@manager_required
def new_recommendation(evaluation_id: int):
    return _recommendation_page(db.get_or_404(Evaluation, evaluation_id), None)


@blueprint.route("/recommendations/<id:recommendation_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_recommendation(recommendation_id: int):
    recommendation = db.get_or_404(Recommendation, recommendation_id)
    return _recommendation_page(recommendation.evaluation, recommendation)


def _action_page(evaluation: Evaluation, action: Action | None):
    form = ActionForm(obj=action if request.method == "GET" else None)
    form.priority_id.choices = [(0, "—")] + [(p.id, p.title) for p in evaluation.priorities]
    people = services.possible_owners()
    form.owners.choices = [(p.id, p.name) for p in people]
    if request.method == "GET" and action is not None:
        form.owners.data = [o.id for o in action.owners]
    if form.validate_on_submit():
        try:
            saved = _save_action(evaluation, action, form, people)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The action is saved."), "success")
            return redirect(url_for("evaluations.action", action_id=saved.id))
    return render_template(
        "evaluations/action_form.html", form=form, evaluation=evaluation, action=action
    ), status_of(form)


def _save_action(evaluation, action, form, people):
    priority = next((p for p in evaluation.priorities if p.id == form.priority_id.data), None)
    if form.new_priority.data:
        priority = services.add_priority(
            evaluation, by=current_user, title=form.new_priority.data, recommendation=None
        )
    if priority is None:
        raise ServiceError(_("Choose a heading or write a new one."), "priority_id")
    chosen = set(form.owners.data or [])
    return services.save_action(
        priority,
        action,
        by=current_user,
        text=form.text.data,
        who=form.who.data or "",
        when_text=form.when_text.data or "",
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        owners=[p for p in people if p.id in chosen],
    )


@blueprint.route("/<id:evaluation_id>/actions/new", methods=["GET", "POST"])
@manager_required
def new_action(evaluation_id: int):
    return _action_page(db.get_or_404(Evaluation, evaluation_id), None)


@blueprint.route("/actions/<id:action_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_action(action_id: int):
    action = db.get_or_404(Action, action_id)
    return _action_page(action.priority.evaluation, action)


@blueprint.route("/recommendations/<id:recommendation_id>/answers", methods=["GET", "POST"])
@manager_required
def add_answer(recommendation_id: int):
    """A lesson or an outcome names this recommendation as the one it answers (its own page:
    a form per recommendation on the evaluation's page would repeat the fields' ids)."""
    recommendation = db.get_or_404(Recommendation, recommendation_id)
    form = AnswerForm()
    if request.method == "GET":
        return render_template(
            "evaluations/answer_form.html", form=form, recommendation=recommendation
        )
    if form.validate_on_submit():
        try:
            services.link_recommendation(
                recommendation,
                by=current_user,
                kind=EvidenceKind[form.kind.data],
                target_id=form.target_id.data,
            )
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(_("The recommendation names what answers it."), "success")
            return redirect(
                url_for("evaluations.evaluation", evaluation_id=recommendation.evaluation_id)
                + f"#aanbeveling-{recommendation.number}"
            )
    return render_template(
        "evaluations/answer_form.html", form=form, recommendation=recommendation
    ), 422
