"""/api/v1 endpoints of toolkits (they call lmb.toolkits.services), on the blueprint they
share with the lessons they are built from (lmb/api/lessons.py)."""

from flask import abort, g
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from lmb.api.lessons import blueprint
from lmb.api.schemas import InputSchema, PageArgsSchema, PageSchema, _text
from lmb.api.views import BEARER_SECURITY, bearer_user, token_required
from lmb.core.permissions import allowed
from lmb.core.urls import absolute_url
from lmb.core.views import download
from lmb.extensions import db
from lmb.toolkits import exports, services
from lmb.toolkits.models import Toolkit, ToolkitKind
from lmb.toolkits.permissions import can_edit_toolkit
from lmb.tracks import services as tracks

# Schemas


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


def _toolkit_or_404(toolkit_id: int) -> Toolkit:
    toolkit = db.session.get(Toolkit, toolkit_id)
    if toolkit is None:
        abort(404, description=_("No toolkit with this id."))
    return toolkit


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
    if not toolkit.versions and not allowed(can_edit_toolkit, bearer_user(), toolkit):
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
