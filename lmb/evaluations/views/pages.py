"""Reading: the evaluations, one management response, its follow-up and exports, the report."""

from flask import abort, render_template
from flask_login import current_user

from lmb.core.models import utcnow
from lmb.core.permissions import allowed, guard
from lmb.core.timezones import to_local
from lmb.core.uploads import send_stored
from lmb.core.views import download
from lmb.evaluations import exports, services
from lmb.evaluations.models import Evaluation
from lmb.evaluations.permissions import can_manage, may_read_evaluation
from lmb.evaluations.views import blueprint
from lmb.extensions import db


def readable(evaluation_id: int) -> Evaluation:
    evaluation = db.get_or_404(Evaluation, evaluation_id)
    # A draft is not there for those who may not read it.
    guard(may_read_evaluation, current_user, evaluation, status=404)
    return evaluation


def today():
    return to_local(utcnow()).date()


@blueprint.get("/")
def index():
    drafts = allowed(can_manage, current_user)
    return render_template(
        "evaluations/index.html", evaluations=services.evaluations(include_drafts=drafts)
    )


@blueprint.get("/<id:evaluation_id>")
def evaluation(evaluation_id: int):
    evaluation = readable(evaluation_id)
    return render_template(
        "evaluations/evaluation.html",
        evaluation=evaluation,
        answered={r.id: services.answered_by(r) for r in evaluation.recommendations},
    )


@blueprint.get("/<id:evaluation_id>/follow-up")
def follow_up(evaluation_id: int):
    evaluation = readable(evaluation_id)
    day = today()
    return render_template(
        "evaluations/follow_up.html",
        evaluation=evaluation,
        sections=services.follow_up(evaluation, day),
        today=day,
    )


@blueprint.get("/<id:evaluation_id>/follow-up.<any(xlsx, pdf, docx):fmt>")
def export_follow_up(evaluation_id: int, fmt: str):
    evaluation = readable(evaluation_id)
    sections = services.follow_up(evaluation, today())
    if fmt == "xlsx":
        body = exports.follow_up_xlsx(evaluation, sections, today())
    else:
        body = exports.follow_up_report(evaluation, sections, today(), fmt)
    return download(body, exports.filename(evaluation, fmt), exports.mimetype(fmt))


@blueprint.get("/<id:evaluation_id>/report")
def report(evaluation_id: int):
    evaluation = readable(evaluation_id)
    if not evaluation.report_stored_name:
        abort(404)
    return send_stored(
        evaluation.report_stored_name, evaluation.report_filename, evaluation.report_kind
    )
