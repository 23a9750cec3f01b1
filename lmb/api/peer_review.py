"""/api/v1 endpoints of peer review: rounds, my tasks, assignments and released reviews.
Each answers only what the same person could see on the pages."""

from flask import abort, g
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from lmb.api.schemas import PageArgsSchema, PageSchema
from lmb.api.views import BEARER_SECURITY, _page, token_required
from lmb.core.permissions import allowed, guard
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import ReviewRound, Submission
from lmb.peer_review.permissions import may_manage_round, may_see_reviews, may_see_round

blueprint = Blueprint(
    "api_peer_review", __name__, url_prefix="/api/v1", description="Peer review rounds"
)


class TaskSchema(Schema):
    text = fields.String(required=True)
    due = fields.DateTime(allow_none=True, required=True)
    done = fields.Boolean(required=True)


class RoundSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    deliverable = fields.String(required=True)
    track = fields.String(allow_none=True, required=True, metadata={"description": "Track slug"})
    phase = fields.String(
        required=True,
        metadata={"enum": ["setup", "submission", "assessment", "feedback", "closed"]},
    )
    submission_deadline = fields.DateTime(required=True)
    review_deadline = fields.DateTime(required=True)
    reviews_per_submission = fields.Integer(required=True)
    my_organization = fields.String(allow_none=True, required=True)
    tasks = fields.List(fields.Nested(TaskSchema), required=True)


class RoundPageSchema(PageSchema):
    items = fields.List(fields.Nested(RoundSchema), required=True)


class AssignmentSchema(Schema):
    id = fields.Integer(required=True)
    submission_id = fields.Integer(required=True)
    submission_of = fields.String(required=True)
    reviewer = fields.String(required=True)
    review_status = fields.String(allow_none=True, required=True)


class AssignmentPageSchema(PageSchema):
    items = fields.List(fields.Nested(AssignmentSchema), required=True)


class ScoreSchema(Schema):
    criterion = fields.String(required=True)
    value = fields.Integer(allow_none=True, required=True)
    comment = fields.String(required=True)
    location = fields.String(required=True)


class ReviewSchema(Schema):
    reviewer = fields.String(
        allow_none=True, required=True, metadata={"description": "null while names are hidden"}
    )
    submitted_at = fields.DateTime(required=True)
    late = fields.Boolean(required=True)
    total_percent = fields.Float(allow_none=True, required=True)
    summary = fields.String(required=True)
    scores = fields.List(fields.Nested(ScoreSchema), required=True)


class ReviewListSchema(Schema):
    submission_of = fields.String(required=True)
    released_at = fields.DateTime(allow_none=True, required=True)
    items = fields.List(fields.Nested(ReviewSchema), required=True)


def _visible_round(round_id: int) -> ReviewRound:
    round_ = db.session.get(ReviewRound, round_id)
    if round_ is None:
        abort(404)
    guard(may_see_round, g.api_user, round_)
    return round_


def _round_data(round_: ReviewRound) -> dict:
    user = g.api_user
    organization_id = services.team_organization_id(user, round_)
    return {
        "id": round_.id,
        "title": round_.title,
        "deliverable": round_.deliverable,
        "track": round_.track.slug if round_.track else None,
        "phase": round_.phase.name,
        "submission_deadline": round_.submission_deadline,
        "review_deadline": round_.review_deadline,
        "reviews_per_submission": round_.reviews_per_submission,
        "my_organization": user.organization.name if organization_id else None,
        "tasks": [
            {"text": t.text, "due": t.due, "done": t.done} for t in services.tasks_for(user, round_)
        ],
    }


@blueprint.route("/review-rounds")
@blueprint.doc(security=BEARER_SECURITY)
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, RoundPageSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@token_required
def list_rounds(args):
    """The review rounds the token's user takes part in or coordinates, with their tasks"""
    return _page([_round_data(r) for r in services.rounds_for(g.api_user)], args)


@blueprint.route("/review-rounds/<id:round_id>")
@blueprint.doc(security=BEARER_SECURITY)
@blueprint.response(200, RoundSchema)
@blueprint.alt_response(403, schema="Error", description="Not taking part")
@blueprint.alt_response(404, schema="Error", description="No such round")
@token_required
def get_round(round_id: int):
    """One review round"""
    return _round_data(_visible_round(round_id))


@blueprint.route("/review-rounds/<id:round_id>/assignments")
@blueprint.doc(security=BEARER_SECURITY)
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, AssignmentPageSchema)
@blueprint.alt_response(403, schema="Error", description="Not taking part")
@token_required
def list_assignments(args, round_id: int):
    """Coordinators: every active assignment; participants: their organization's"""
    round_ = _visible_round(round_id)
    assignments = services.active_assignments(round_)
    if not allowed(may_manage_round, g.api_user, round_):
        own = services.team_organization_id(g.api_user, round_)
        assignments = [a for a in assignments if a.reviewer_id == own]
    items = [
        {
            "id": a.id,
            "submission_id": a.submission_id,
            "submission_of": a.submission.organization.name,
            "reviewer": a.reviewer.name,
            "review_status": a.review.status.name if a.review else None,
        }
        for a in sorted(assignments, key=lambda a: a.id)
    ]
    return _page(items, args)


@blueprint.route("/review-submissions/<id:submission_id>/reviews")
@blueprint.doc(security=BEARER_SECURITY)
@blueprint.response(200, ReviewListSchema)
@blueprint.alt_response(403, schema="Error", description="Not released, or not yours to see")
@blueprint.alt_response(404, schema="Error", description="No such submission")
@token_required
def submission_reviews(submission_id: int):
    """The submitted reviews of a submission: for its organization once released, for its
    reviewers once they submitted their own, for coordinators always"""
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        abort(404)
    user = g.api_user
    guard(may_see_reviews, user, submission)
    round_ = submission.round
    names = services.shows_reviewer_names(user, submission)
    return {
        "submission_of": submission.organization.name,
        "released_at": submission.released_at,
        "items": [
            {
                "reviewer": r.assignment.reviewer.name if names else None,
                "submitted_at": r.submitted_at,
                "late": r.late,
                "total_percent": services.total_percent(round_, r),
                "summary": r.summary,
                "scores": [
                    {
                        "criterion": s.criterion.title,
                        "value": s.value,
                        "comment": s.comment,
                        "location": s.location,
                    }
                    for s in sorted(r.scores, key=lambda s: s.criterion.position)
                ],
            }
            for r in services.submitted_reviews(submission)
        ],
    }
