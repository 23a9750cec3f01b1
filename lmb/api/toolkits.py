"""/api/v1 endpoints of lessons learned and toolkits (they call lmb.toolkits.services)."""

from flask import abort, g
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from lmb.api.schemas import PHASE_KEYS, InputSchema, PageArgsSchema, PageSchema, _text
from lmb.api.views import BEARER_SECURITY, bearer_user, token_required
from lmb.core.pagination import paginate
from lmb.core.urls import absolute_url
from lmb.core.views import download
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.toolkits import exports, services
from lmb.toolkits.models import Lesson, Toolkit, ToolkitKind
from lmb.tracks import services as tracks
from lmb.tracks.models import PhaseKey
from lmb.tracks.permissions import may_manage_track

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


class ToolkitSchema(Schema):
    id = fields.Integer(required=True)
    track = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": [k.name for k in ToolkitKind]})
    title = fields.String(required=True)
    language = fields.String(required=True, metadata={"enum": ["nl", "en"]})
    versions = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "Published versions: number, published_at and download links"},
    )
    url = fields.String(required=True)


class ToolkitPageSchema(PageSchema):
    items = fields.List(fields.Nested(ToolkitSchema), required=True)


class ToolkitCreateSchema(InputSchema):
    kind = fields.String(required=True, validate=validate.OneOf([k.name for k in ToolkitKind]))
    title = _text(200, required=True, blank=False)
    summary = _text(20_000, multiline=True, metadata={"description": "Introduction (Markdown)"})
    language = fields.String(load_default="nl", validate=validate.OneOf(["nl", "en"]))


class ToolkitItemCreateSchema(InputSchema):
    title = _text(300, required=True, blank=False)
    body = _text(
        50_000, multiline=True, metadata={"description": "Chapter text, what to do (Markdown)"}
    )
    group = _text(200, metadata={"description": "Checklist: the group it is listed under"})
    who = _text(300, metadata={"description": "Step plan: who does it"})
    resources = _text(
        20_000, multiline=True, metadata={"description": "Step plan: what helps (Markdown)"}
    )
    lessons = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
        validate=validate.Length(max=1000),
        metadata={"description": "Ids of the approved lessons it comes from"},
    )


class ToolkitItemSchema(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    title = fields.String(required=True)
    group = fields.String(required=True)
    who = fields.String(required=True)
    lessons = fields.List(fields.Integer(), required=True)


class ExportArgsSchema(InputSchema):
    format = fields.String(required=True, validate=validate.OneOf(list(exports.FORMATS)))
    version = fields.Integer(
        validate=validate.Range(min=1, max=100_000),
        metadata={"description": "A published version; the latest by default"},
    )


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


def _toolkit_data(toolkit: Toolkit) -> dict:
    return {
        "id": toolkit.id,
        "track": toolkit.track.slug,
        "kind": toolkit.kind.name,
        "title": toolkit.title,
        "language": toolkit.language,
        "versions": [
            {
                "number": v.number,
                "published_at": v.published_at.isoformat(),
                "downloads": {
                    fmt: absolute_url(
                        "toolkits.download_version", toolkit_id=toolkit.id, number=v.number, fmt=fmt
                    )
                    for fmt in exports.FORMATS
                },
            }
            for v in toolkit.versions
        ],
        "url": absolute_url("toolkits.toolkit", toolkit_id=toolkit.id),
    }


def _lesson_or_404(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        abort(404, description=_("No lesson with this id."))
    return lesson


def _toolkit_or_404(toolkit_id: int) -> Toolkit:
    toolkit = db.session.get(Toolkit, toolkit_id)
    if toolkit is None:
        abort(404, description=_("No toolkit with this id."))
    return toolkit


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
    lesson = _lesson_or_404(lesson_id)
    if not services.can_see_lesson(bearer_user(), lesson):
        abort(404, description=_("No lesson with this id."))
    return _lesson_data(lesson)


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
    lesson = _lesson_or_404(lesson_id)
    if not services.can_see_lesson(g.api_user, lesson):
        abort(404, description=_("No lesson with this id."))
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


# Toolkits


@blueprint.route("/toolkits")
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, ToolkitPageSchema)
def list_toolkits(args: dict):
    """The uitrol library: published toolkits of every track, most recently published first"""
    toolkits = services.published_toolkits()
    page, per_page = args["page"], args["per_page"]
    return {
        "items": [_toolkit_data(t) for t in toolkits[(page - 1) * per_page : page * per_page]],
        "total": len(toolkits),
        "page": page,
        "per_page": per_page,
    }


@blueprint.route("/toolkits/<id:toolkit_id>")
@blueprint.response(200, ToolkitSchema)
@blueprint.alt_response(404, schema="Error", description="No published toolkit with this id")
def get_toolkit(toolkit_id: int):
    """One toolkit with its published versions (drafts for the track's coordinators)"""
    toolkit = _toolkit_or_404(toolkit_id)
    if not toolkit.versions and not may_manage_track(bearer_user(), toolkit.track):
        abort(404, description=_("No toolkit with this id."))
    return _toolkit_data(toolkit)


@blueprint.route("/toolkits/<id:toolkit_id>/export")
@blueprint.arguments(ExportArgsSchema, location="query")
@blueprint.response(
    200,
    description="The file (text/html, text/markdown, application/pdf or DOCX), as an attachment",
)
@blueprint.alt_response(404, schema="Error", description="No such toolkit or version")
@blueprint.alt_response(422, schema="Error", description="Unknown format")
def export_toolkit(args: dict, toolkit_id: int):
    """Download a published version of a toolkit as html, md, pdf or docx"""
    toolkit = _toolkit_or_404(toolkit_id)
    version = (
        services.find_version(toolkit, args["version"])
        if "version" in args
        else services.latest_version(toolkit)
    )
    if version is None:
        abort(404, description=_("This toolkit has no such published version."))
    body, mimetype, filename = services.export(services.version_document(version), args["format"])
    return download(body, filename, mimetype)


@blueprint.route("/tracks/<slug>/toolkits", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(ToolkitCreateSchema)
@blueprint.response(201, ToolkitSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No track with this slug")
@blueprint.alt_response(422, schema="Error", description="Invalid input")
def create_toolkit(data: dict, slug: str):
    """Start a toolkit (manual, step_plan or checklist) on a track; publish it when it is ready"""
    track = tracks.track_by_slug(slug)
    if track is None:
        abort(404, description=_("No track with this slug."))
    toolkit = services.create_toolkit(
        track,
        by=g.api_user,
        kind=ToolkitKind[data["kind"]],
        title=data["title"],
        summary=data.get("summary", ""),
        language=data["language"],
    )
    return _toolkit_data(toolkit)


@blueprint.route("/toolkits/<id:toolkit_id>/items", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(ToolkitItemCreateSchema)
@blueprint.response(201, ToolkitItemSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No toolkit with this id")
@blueprint.alt_response(422, schema="Error", description="Invalid input, or a lesson not approved")
def add_toolkit_item(data: dict, toolkit_id: int):
    """Add a chapter, step or checklist item at the end, citing approved lessons"""
    toolkit = _toolkit_or_404(toolkit_id)
    item = services.add_item(
        toolkit,
        by=g.api_user,
        title=data["title"],
        body=data.get("body", ""),
        group=data.get("group", ""),
        who=data.get("who", ""),
        resources=data.get("resources", ""),
        lesson_ids=data.get("lessons", []),
    )
    return {
        "id": item.id,
        "position": item.position,
        "title": item.title,
        "group": item.group,
        "who": item.who,
        "lessons": [lesson.id for lesson in item.lessons],
    }


@blueprint.route("/toolkits/<id:toolkit_id>/publish", methods=["POST"])
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.response(201, ToolkitSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator of the track")
@blueprint.alt_response(404, schema="Error", description="No toolkit with this id")
@blueprint.alt_response(422, schema="Error", description="The toolkit has no items")
def publish_toolkit(toolkit_id: int):
    """Publish the toolkit as its next version; subscribers of the theme are told"""
    toolkit = _toolkit_or_404(toolkit_id)
    services.publish(toolkit, by=g.api_user)
    return _toolkit_data(toolkit)
