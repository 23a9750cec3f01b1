"""/api/v1 endpoints of lessons learned (they call lmb.toolkits.services). The blueprint is
shared with the toolkits built from them (lmb/api/toolkits.py adds its endpoints to it): one
section of the OpenAPI document, lessons first."""

from flask import abort, g
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from lmb.api.schemas import PHASE_KEYS, InputSchema, PageArgsSchema, PageSchema, _text
from lmb.api.views import BEARER_SECURITY, bearer_user, token_required
from lmb.core.pagination import paginate
from lmb.core.permissions import allowed
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.toolkits import services
from lmb.toolkits.models import Lesson
from lmb.toolkits.permissions import can_see_lesson
from lmb.tracks import services as tracks
from lmb.tracks.models import PhaseKey

blueprint = Blueprint(
    "api_toolkits",
    __name__,
    url_prefix="/api/v1",
    description="Lessons learned and the toolkits built from them",
)


# Schemas


class LessonSchema(Schema):
    id = fields.Integer(required=True)
    track = fields.String(required=True, metadata={"description": "The track's slug"})
    title = fields.String(required=True)
    body = fields.String(required=True, metadata={"description": "Markdown as written"})
    body_html = fields.String(required=True, metadata={"description": "Sanitised HTML"})
    phase = fields.String(required=True, metadata={"enum": PHASE_KEYS})
    session_id = fields.Integer(allow_none=True, required=True)
    organization = fields.String(allow_none=True, required=True)
    year = fields.Integer(required=True)
    sdgs = fields.List(fields.Integer(), required=True)
    tags = fields.List(fields.String(), required=True)
    status = fields.String(
        required=True, metadata={"enum": ["draft", "submitted", "approved", "returned"]}
    )
    url = fields.String(required=True)


class LessonPageSchema(PageSchema):
    items = fields.List(fields.Nested(LessonSchema), required=True)


class LessonArgsSchema(PageArgsSchema):
    q = fields.String(validate=[validate.Length(max=200)])
    track = fields.String(validate=validate.Length(max=80), metadata={"description": "A slug"})
    phase = fields.String(validate=validate.OneOf(PHASE_KEYS))
    sdg = fields.Integer(validate=validate.Range(min=1, max=17))
    tag = fields.String(validate=[validate.Length(max=40)])
    organization = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    year = fields.Integer(validate=validate.Range(min=1900, max=2200))


class LessonCreateSchema(InputSchema):
    title = _text(200, required=True, blank=False)
    body = _text(50_000, multiline=True)
    phase = fields.String(required=True, validate=validate.OneOf(PHASE_KEYS))
    session_id = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=2**31 - 1))
    sdgs = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=17)), validate=validate.Length(max=17)
    )
    tags = fields.List(fields.String(validate=[validate.Length(max=40)]))


class ReturnSchema(InputSchema):
    comment = _text(5000, required=True, blank=False, multiline=True)


# Helpers


def _lesson_data(lesson: Lesson) -> dict:
    from lmb.toolkits.markup import to_html

    return {
        "id": lesson.id,
        "track": lesson.track.slug,
        "title": lesson.title,
        "body": lesson.body,
        "body_html": str(to_html(lesson.body)),
        "phase": lesson.phase.name,
        "session_id": lesson.session_id,
        "organization": lesson.organization.name if lesson.organization else None,
        "year": lesson.year,
        "sdgs": lesson.sdgs,
        "tags": lesson.tags,
        "status": lesson.status.name,
        "url": absolute_url("toolkits.lesson", lesson_id=lesson.id),
    }


def _lesson_or_404(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        abort(404, description=_("No lesson with this id."))
    return lesson


def _visible_lesson_or_404(lesson_id: int, user) -> Lesson:
    """The lesson if `user` may see it (`can_see_lesson`); to anyone else there is none."""
    lesson = _lesson_or_404(lesson_id)
    if not allowed(can_see_lesson, user, lesson):
        abort(404, description=_("No lesson with this id."))
    return lesson


# Lessons


@blueprint.route("/lessons")
@blueprint.arguments(LessonArgsSchema, location="query")
@blueprint.response(200, LessonPageSchema)
@blueprint.alt_response(422, schema="Error", description="Invalid arguments")
def list_lessons(args: dict):
    """The lessons library: approved lessons, newest approval first

    Filters: `q` (every word in the title or text), `track` (slug), `phase`, `sdg` (1-17),
    `tag`, `organization` (id), `year`.
    """
    track_id = None
    if "track" in args:
        track = tracks.track_by_slug(args["track"])
        if track is None:
            abort(404, description=_("No track with this slug."))
        track_id = track.id
    filters = services.LessonFilters(
        search=args.get("q", ""),
        track_id=track_id,
        phase=PhaseKey[args["phase"]] if "phase" in args else None,
        sdg=args.get("sdg"),
        tag=args.get("tag", ""),
        organization_id=args.get("organization"),
        year=args.get("year"),
    )
    page = paginate(services.library_query(filters), args["page"], args["per_page"])
    return {
        "items": [_lesson_data(lesson) for lesson in page.items],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
    }


@blueprint.route("/lessons/<id:lesson_id>")
@blueprint.response(200, LessonSchema)
@blueprint.alt_response(404, schema="Error", description="No such lesson (or not visible)")
def get_lesson(lesson_id: int):
    """One lesson: approved ones for anyone; others for their author and coordinators"""
    return _lesson_data(_visible_lesson_or_404(lesson_id, bearer_user()))


@blueprint.route("/tracks/<slug>/lessons", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(LessonCreateSchema)
@blueprint.response(201, LessonSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a participant or coordinator")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid input")
def create_lesson(data: dict, slug: str):
    """Write a lesson learned on a track (a draft; submit it to have it approved)"""
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404, description=_("No track with this slug."))
    session = None
    if data.get("session_id"):
        session = db.session.get(Session, data["session_id"])
        if session is None or session.track_id != track.id:
            abort(422, description=_("Choose a session of this track."))
    lesson = services.create_lesson(
        g.api_user,
        track,
        title=data["title"],
        body=data.get("body", ""),
        phase=PhaseKey[data["phase"]],
        session=session,
        sdgs=data.get("sdgs", []),
        tags=data.get("tags", []),
    )
    return _lesson_data(lesson)


@blueprint.route("/lessons/<id:lesson_id>/submit", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(200, LessonSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not the author")
@blueprint.alt_response(404, schema="Error", description="No lesson with this id")
@blueprint.alt_response(422, schema="Error", description="Already submitted or approved")
def submit_lesson(lesson_id: int):
    """Submit a draft (or sent-back) lesson for approval"""
    lesson = _visible_lesson_or_404(lesson_id, g.api_user)
    services.submit_lesson(lesson, by=g.api_user)
    return _lesson_data(lesson)


@blueprint.route("/lessons/<id:lesson_id>/approve", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(200, LessonSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No lesson with this id")
@blueprint.alt_response(422, schema="Error", description="Not submitted by its author yet")
def approve_lesson(lesson_id: int):
    """Approve a lesson: it becomes public on the track's page and in the library"""
    lesson = _lesson_or_404(lesson_id)
    services.approve_lesson(lesson, by=g.api_user)
    return _lesson_data(lesson)


@blueprint.route("/lessons/<id:lesson_id>/return", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(ReturnSchema)
@blueprint.response(200, LessonSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No lesson with this id")
@blueprint.alt_response(422, schema="Error", description="Not submitted, or no comment")
def return_lesson(data: dict, lesson_id: int):
    """Send a submitted lesson back to its author with a comment (the author is mailed)"""
    lesson = _lesson_or_404(lesson_id)
    services.return_lesson(lesson, by=g.api_user, comment=data["comment"])
    return _lesson_data(lesson)
