"""/api/v1 endpoints of evaluations: published management responses with their
recommendations and action plan, and a report on an action by its owner or a coordinator
(they call lmb.evaluations.services, as the pages do)."""

from flask import abort, g
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from lmb.api.schemas import InputSchema, _text, web_address
from lmb.api.views import BEARER_SECURITY, bearer_user, token_required
from lmb.core.permissions import allowed
from lmb.core.urls import absolute_url
from lmb.evaluations import services
from lmb.evaluations.models import Action, ActionStatus, Evaluation, EvidenceKind
from lmb.evaluations.permissions import can_manage, may_read_action, may_read_evaluation
from lmb.extensions import db

blueprint = Blueprint(
    "api_evaluations",
    __name__,
    url_prefix="/api/v1",
    description="Evaluations, the responses to their recommendations, and action plans",
)
STATUSES = [s.name for s in ActionStatus]
POSITIONS = ["agree", "partly_agree", "disagree", "out_of_scope"]
LINKED_KINDS = [k.name for k in EvidenceKind if k is not EvidenceKind.file]


class EvidenceSchema(Schema):
    kind = fields.String(required=True, metadata={"enum": [k.name for k in EvidenceKind]})
    target_id = fields.Integer(allow_none=True, required=True)
    url = fields.String(required=True)
    label = fields.String(required=True)


class ActionSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    who = fields.String(required=True, metadata={"description": "As the plan words it"})
    when = fields.String(required=True, metadata={"description": "As the plan words it"})
    starts_on = fields.Date(allow_none=True, required=True)
    ends_on = fields.Date(allow_none=True, required=True, metadata={"description": "None: open"})
    status = fields.String(required=True, metadata={"enum": STATUSES})
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)
    url = fields.String(required=True)


class PrioritySchema(Schema):
    title = fields.String(required=True)
    recommendation = fields.Integer(allow_none=True, required=True)
    actions = fields.List(fields.Nested(ActionSchema), required=True)


class RecommendationSchema(Schema):
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True)
    position = fields.String(allow_none=True, required=True, metadata={"enum": POSITIONS})
    response = fields.String(required=True)


class EvaluationSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    programme = fields.String(required=True, metadata={"description": "The programme's slug"})
    evaluator = fields.String(required=True)
    period = fields.String(required=True)
    budget = fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "The evaluated programme's budget in euros",
            "example": "520146.00",
        },
    )
    funded_by = fields.String(required=True)
    responded_on = fields.Date(allow_none=True, required=True)
    signed_by = fields.List(fields.String(), required=True)
    published = fields.Boolean(required=True)
    url = fields.String(required=True)


class EvaluationDetailSchema(EvaluationSchema):
    recommendations = fields.List(fields.Nested(RecommendationSchema), required=True)
    plan = fields.List(fields.Nested(PrioritySchema), required=True)


class EvaluationListSchema(Schema):
    items = fields.List(fields.Nested(EvaluationSchema), required=True)
    total = fields.Integer(required=True)


class EvidenceInputSchema(InputSchema):
    kind = fields.String(required=True, validate=validate.OneOf(LINKED_KINDS))
    target_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    url = fields.String(validate=[validate.Length(max=2000), web_address])
    label = _text(300)


class ActionUpdateSchema(InputSchema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = _text(5000, multiline=True)
    evidence = fields.List(fields.Nested(EvidenceInputSchema), validate=validate.Length(max=10))


def _evaluation_data(evaluation: Evaluation) -> dict:
    return {
        "id": evaluation.id,
        "title": evaluation.title,
        "programme": evaluation.programme.slug,
        "evaluator": evaluation.evaluator,
        "period": evaluation.period,
        "budget": None if evaluation.budget is None else str(evaluation.budget),
        "funded_by": evaluation.funded_by,
        "responded_on": evaluation.responded_on,
        "signed_by": evaluation.signed_by.splitlines(),
        "published": evaluation.published,
        "url": absolute_url("evaluations.evaluation", evaluation_id=evaluation.id),
    }


def _action_data(action: Action) -> dict:
    return {
        "id": action.id,
        "text": action.text,
        "who": action.who,
        "when": action.when_text,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "status": action.status.name,
        "evidence": [
            {"kind": e.kind.name, "target_id": e.target_id, "url": e.url, "label": e.label}
            for e in action.evidence
        ],
        "url": absolute_url("evaluations.action", action_id=action.id),
    }


@blueprint.route("/evaluations")
@blueprint.response(200, EvaluationListSchema)
def list_evaluations():
    """Evaluations with a published management response (drafts too for coordinators)"""
    user = bearer_user()
    items = services.evaluations(include_drafts=allowed(can_manage, user))
    return {"items": [_evaluation_data(e) for e in items], "total": len(items)}


@blueprint.route("/evaluations/<id:evaluation_id>")
@blueprint.response(200, EvaluationDetailSchema)
@blueprint.alt_response(404, schema="Error", description="No such evaluation (or a draft)")
def get_evaluation(evaluation_id: int):
    """One evaluation: its recommendations with the response to each, and its action plan"""
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None or not allowed(may_read_evaluation, bearer_user(), evaluation):
        abort(404, description=_("No evaluation with this id."))
    return {
        **_evaluation_data(evaluation),
        "recommendations": [
            {
                "number": r.number,
                "title": r.title,
                "text": r.text,
                "position": r.position.name if r.position else None,
                "response": r.response,
            }
            for r in evaluation.recommendations
        ],
        "plan": [
            {
                "title": p.title,
                "recommendation": p.recommendation.number if p.recommendation else None,
                "actions": [_action_data(a) for a in p.actions],
            }
            for p in services.load_plan(evaluation)
        ],
    }


@blueprint.route("/evaluation-actions/<id:action_id>/updates", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(ActionUpdateSchema)
@blueprint.response(201, ActionSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(
    403, schema="Error", description="Not an owner of the action or a coordinator"
)
@blueprint.alt_response(404, schema="Error", description="No such action")
@blueprint.alt_response(422, schema="Error", description="Invalid input")
def report_on_action(data: dict, action_id: int):
    """Report on an action: its status from now on, a note, evidence (a lesson, toolkit,
    review round or outcome by id, or a web address); owners, coordinators and (when the
    status moved) the programme's subscribers are told"""
    action = db.session.get(Action, action_id)
    if action is None or not allowed(may_read_action, g.api_user, action):
        abort(404, description=_("No action with this id."))
    services.update_action(
        action,
        by=g.api_user,
        status=ActionStatus[data["status"]],
        note=data.get("note", ""),
        evidence=[
            services.EvidenceInput(
                kind=EvidenceKind[item["kind"]],
                target_id=item.get("target_id"),
                url=item.get("url", ""),
                label=item.get("label", ""),
            )
            for item in data.get("evidence", [])
        ],
    )
    return _action_data(action)
