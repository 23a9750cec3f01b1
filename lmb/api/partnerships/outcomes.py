"""/api/v1/outcomes: outcome records (outcome harvesting), for the association's staff."""

from flask import g
from marshmallow import Schema, fields, validate

from lmb.api.partnerships import blueprint
from lmb.api.partnerships.partnerships import MunicipalitySchema, organization_data
from lmb.api.schemas import PageArgsSchema, PageSchema
from lmb.api.views import BEARER_SECURITY, _page, token_required
from lmb.partnerships import services as partnerships
from lmb.partnerships.permissions import can_manage, require
from lmb.tracks import services as tracks


class OutcomeArgsSchema(PageArgsSchema):
    sdg = fields.Integer(validate=validate.Range(min=1, max=17))
    municipality = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    partnership = fields.String(validate=validate.Length(max=80), metadata={"description": "Slug"})
    track = fields.String(validate=validate.Length(max=80), metadata={"description": "Slug"})
    year = fields.Integer(validate=validate.Range(min=1900, max=2999))
    substantiated = fields.Boolean()
    q = fields.String(validate=validate.Length(max=200))


class OutcomeSchema(Schema):
    id = fields.Integer(required=True)
    visited_on = fields.Date(required=True)
    municipality = fields.Nested(MunicipalitySchema, allow_none=True, required=True)
    partnership = fields.String(allow_none=True, required=True, metadata={"description": "Slug"})
    track = fields.String(allow_none=True, required=True, metadata={"description": "Slug"})
    actor = fields.String(required=True, metadata={"description": "Who changed"})
    change = fields.String(required=True, metadata={"description": "What changed"})
    occurred_on = fields.Date(required=True)
    place = fields.String(required=True)
    significance = fields.String(required=True)
    contribution = fields.String(required=True)
    sources = fields.String(required=True)
    substantiation = fields.String(required=True)
    confirmed_by = fields.String(required=True)
    sdgs = fields.List(fields.Integer(), required=True)


class OutcomePageSchema(PageSchema):
    items = fields.List(fields.Nested(OutcomeSchema), required=True)


@blueprint.route("/outcomes")
@blueprint.doc(security=BEARER_SECURITY)
@token_required
@blueprint.arguments(OutcomeArgsSchema, location="query")
@blueprint.response(200, OutcomePageSchema)
@blueprint.alt_response(401, schema="Error", description="No valid token")
@blueprint.alt_response(403, schema="Error", description="Not a coordinator or admin")
@blueprint.alt_response(422, schema="Error", description="Invalid filters")
def list_outcomes(args: dict):
    """Outcome records (outcome harvesting), newest visit first; coordinators and admins"""
    require(can_manage, g.api_user, None)
    filters = partnerships.OutcomeFilters(
        sdg=args.get("sdg"),
        municipality_id=args.get("municipality"),
        year=args.get("year"),
        substantiated=args.get("substantiated"),
        text=args.get("q", ""),
    )
    if "partnership" in args:
        partnership = partnerships.partnership_by_slug(args["partnership"])
        filters.partnership_id = partnership.id if partnership else -1
    if "track" in args:
        track = tracks.track_by_slug(args["track"])
        filters.track_id = track.id if track else -1
    page = _page(partnerships.outcomes(filters), args)
    page["items"] = [
        {
            "id": r.id,
            "visited_on": r.visited_on,
            "municipality": organization_data(r.municipality) if r.municipality else None,
            "partnership": r.partnership.slug if r.partnership else None,
            "track": r.track.slug if r.track else None,
            "actor": r.actor,
            "change": r.change,
            "occurred_on": r.occurred_on,
            "place": r.place,
            "significance": r.significance,
            "contribution": r.contribution,
            "sources": r.sources,
            "substantiation": r.substantiation,
            "confirmed_by": r.confirmed_by,
            "sdgs": list(r.sdgs or []),
        }
        for r in page["items"]
    ]
    return page
