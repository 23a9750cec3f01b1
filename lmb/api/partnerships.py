"""/api/v1 endpoints of the keuzemenu (modalities and their ranking), SDG partnerships and
outcome records. Amounts are exact decimal strings ("17500.00"), never floats."""

from flask import abort, g, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from lmb.api.schemas import PageArgsSchema, PageSchema
from lmb.api.views import BEARER_SECURITY, _page, token_required
from lmb.core.errors import NotAllowed
from lmb.core.models import utcnow
from lmb.modalities import ranking
from lmb.modalities import services as modalities
from lmb.modalities.models import CHARACTERISTIC_KEYS, SCORE_SYMBOLS
from lmb.partnerships import services as partnerships
from lmb.partnerships.models import Side
from lmb.tracks import services as tracks

blueprint = Blueprint(
    "api_partnerships",
    __name__,
    url_prefix="/api/v1",
    description="Keuzemenu, SDG partnerships, outcome harvesting",
)

Money = fields.String  # exact decimals as text, e.g. "35000.00"


# Modalities


class ModalityArgsSchema(PageArgsSchema):
    weights = fields.String(
        validate=validate.Length(max=400),
        metadata={
            "description": "Rank by weights per characteristic, each -3 to 3 (negative: less is "
            "better, e.g. budget:-2 for a low budget): " + ", ".join(CHARACTERISTIC_KEYS),
            "example": "governance:3,reciprocity:3,budget:-1",
        },
    )


class ModalitySchema(Schema):
    slug = fields.String(required=True)
    position = fields.Integer(required=True, metadata={"description": "Order in the keuzemenu"})
    name = fields.String(required=True)
    table_label = fields.String(required=True)
    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "Wegwijzer scores: -1 (-), 1 (+), 2 (++), 3 (+++)"},
    )
    symbols = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    examples = fields.List(fields.String(), required=True, metadata={"description": "Titles"})
    url = fields.String(required=True)
    rank = fields.Integer(metadata={"description": "With ?weights=: 1 is the best fit"})
    points = fields.Integer(metadata={"description": "With ?weights=: sum of weight × score"})
    reasons = fields.List(fields.String(), metadata={"description": "Why this rank, in words"})


class ModalityPageSchema(PageSchema):
    weights = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    items = fields.List(fields.Nested(ModalitySchema), required=True)


def _modality_data(modality) -> dict:
    return {
        "slug": modality.slug,
        "position": modality.position,
        "name": modality.name,
        "table_label": modality.table_label,
        "scores": modality.scores,
        "symbols": {key: SCORE_SYMBOLS[score] for key, score in modality.scores.items()},
        "examples": [example["title"] for example in modality.examples],
        "url": url_for("modalities.modality", slug=modality.slug, _external=True),
    }


@blueprint.route("/modalities")
@blueprint.arguments(ModalityArgsSchema, location="query")
@blueprint.response(200, ModalityPageSchema)
@blueprint.alt_response(422, schema="Error", description="Invalid weights (code `invalid_weights`)")
def list_modalities(args: dict):
    """The 8 modalities of the keuzemenu with their Wegwijzer scores; `?weights=` ranks them"""
    found = modalities.modalities()
    if "weights" not in args:
        page = _page([_modality_data(m) for m in found], args)
        page["weights"] = None
        return page
    weights = ranking.parse_weights(args["weights"])
    items = []
    for ranked in ranking.rank(found, weights):
        data = _modality_data(ranked.modality)
        data.update(rank=ranked.rank, points=ranked.points, reasons=ranked.reasons)
        items.append(data)
    page = _page(items, args)
    page["weights"] = weights
    return page


# Partnerships


class MunicipalitySchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)


class PartnershipSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    country = fields.String(required=True, metadata={"enum": ["benin", "rwanda"]})
    partner_association = fields.String(required=True, metadata={"enum": ["ANCB", "RALGA"]})
    theme = fields.String(
        required=True, metadata={"enum": ["citizen_participation", "local_prosperity"]}
    )
    sdgs = fields.List(fields.Integer(), required=True)
    flemish_municipality = fields.Nested(MunicipalitySchema, required=True)
    partner_municipality = fields.Nested(MunicipalitySchema, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    budget_total = Money(required=True)
    stedenband_since = fields.Date(allow_none=True, required=True)
    stedenband_url = fields.String(required=True)
    url = fields.String(required=True)


class PartnershipPageSchema(PageSchema):
    items = fields.List(fields.Nested(PartnershipSchema), required=True)


class ActivitySchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    side = fields.String(required=True, metadata={"enum": ["flemish", "partner"]})
    planned_amount = Money(required=True)
    spent_amount = Money(required=True)
    session_id = fields.Integer(
        allow_none=True, required=True, metadata={"description": "The meeting's session, if any"}
    )


class BudgetRowSchema(Schema):
    year = fields.String(required=True, metadata={"description": "A year, or the total"})
    planned_flemish = Money(required=True)
    planned_partner = Money(required=True)
    spent_flemish = Money(required=True)
    spent_partner = Money(required=True)
    planned_total = Money(required=True)
    spent_total = Money(required=True)


class BudgetSchema(Schema):
    budget_flemish = Money(required=True)
    budget_partner = Money(required=True)
    budget_total = Money(required=True)
    remaining_total = Money(required=True)
    years = fields.List(fields.Nested(BudgetRowSchema), required=True)
    total = fields.Nested(BudgetRowSchema, required=True)


class PartnershipDetailSchema(PartnershipSchema):
    summary = fields.String(required=True)
    activities = fields.List(fields.Nested(ActivitySchema), required=True)
    budget = fields.Nested(BudgetSchema, required=True)


def _organization(organization) -> dict:
    return {"id": organization.id, "name": organization.name, "country": organization.country}


def _partnership_data(partnership) -> dict:
    return {
        "slug": partnership.slug,
        "title": partnership.title,
        "country": partnership.country.name,
        "partner_association": partnership.partner_association,
        "theme": partnership.theme.name,
        "sdgs": list(partnership.sdgs or []),
        "flemish_municipality": _organization(partnership.flemish_municipality),
        "partner_municipality": _organization(partnership.partner_municipality),
        "starts_on": partnership.starts_on,
        "ends_on": partnership.ends_on,
        "budget_total": str(partnership.budget_total),
        "stedenband_since": partnership.stedenband_since,
        "stedenband_url": partnership.stedenband_url,
        "url": url_for("partnerships.partnership", slug=partnership.slug, _external=True),
    }


def _budget_row(row) -> dict:
    return {
        "year": row.label,
        "planned_flemish": str(row.planned[Side.flemish]),
        "planned_partner": str(row.planned[Side.partner]),
        "spent_flemish": str(row.spent[Side.flemish]),
        "spent_partner": str(row.spent[Side.partner]),
        "planned_total": str(row.planned_total),
        "spent_total": str(row.spent_total),
    }


@blueprint.route("/partnerships")
@blueprint.arguments(PageArgsSchema, location="query")
@blueprint.response(200, PartnershipPageSchema)
@blueprint.alt_response(422, schema="Error", description="Invalid paging arguments")
def list_partnerships(args: dict):
    """SDG partnerships, earliest start first"""
    page = _page(partnerships.partnerships(), args)
    page["items"] = [_partnership_data(p) for p in page["items"]]
    return page


@blueprint.route("/partnerships/<slug>")
@blueprint.response(200, PartnershipDetailSchema)
@blueprint.alt_response(404, schema="Error", description="No partnership with this slug")
def get_partnership(slug: str):
    """One partnership with its activities and its budget: planned and spent per side and year"""
    partnership = partnerships.partnership_by_slug(slug)
    if partnership is None:
        abort(404, description=_("No partnership with this slug."))
    overview = partnerships.budget_overview(partnership)
    data = _partnership_data(partnership)
    data["summary"] = partnership.summary
    data["activities"] = [
        {
            "id": a.id,
            "title": a.title,
            "starts_on": a.starts_on,
            "ends_on": a.ends_on,
            "side": a.side.name,
            "planned_amount": str(a.planned_amount),
            "spent_amount": str(a.spent_amount),
            "session_id": a.session_id,
        }
        for a in partnership.activities
    ]
    data["budget"] = {
        "budget_flemish": str(partnership.budget_flemish),
        "budget_partner": str(partnership.budget_partner),
        "budget_total": str(partnership.budget_total),
        "remaining_total": str(overview.remaining_total),
        "years": [_budget_row(row) for row in overview.years],
        "total": _budget_row(overview.total),
    }
    return data


# Outcome records


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
    if not partnerships.can_manage(g.api_user):
        raise NotAllowed(_("Only the association's coordinators and administrators can do this."))
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
            "municipality": _organization(r.municipality) if r.municipality else None,
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


# The steering group


class MemberSchema(Schema):
    name = fields.String(required=True)
    organization = fields.String(allow_none=True, required=True)


class SeatSchema(Schema):
    kind = fields.String(
        required=True,
        metadata={"enum": ["politician", "global_policy_officer", "general_director"]},
    )
    label = fields.String(required=True)
    description = fields.String(required=True)
    places = fields.Integer(required=True)
    members = fields.List(fields.Nested(MemberSchema), required=True)


class CandidateCallSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    opens_at = fields.DateTime(allow_none=True, required=True)
    closes_at = fields.DateTime(required=True, metadata={"description": "The deadline"})
    open = fields.Boolean(required=True)
    seats = fields.List(fields.String(), required=True, metadata={"description": "Seat kinds"})


class MeetingSchema(Schema):
    year = fields.Integer(required=True)
    session_id = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    location = fields.String(required=True)
    online_url = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["scheduled", "cancelled"]})
    sequence = fields.Integer(required=True)


class SteeringGroupSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    meets_from = fields.Integer(required=True)
    meets_until = fields.Integer(required=True)
    seats = fields.List(fields.Nested(SeatSchema), required=True)
    calls = fields.List(fields.Nested(CandidateCallSchema), required=True)
    meetings = fields.List(fields.Nested(MeetingSchema), required=True)
    url = fields.String(required=True)


@blueprint.route("/steering-groups/<slug>")
@blueprint.response(200, SteeringGroupSchema)
@blueprint.alt_response(404, schema="Error", description="No steering group with this slug")
def get_steering_group(slug: str):
    """The steering group: its seats with their members, its calls for candidates (with their
    deadline) and its yearly meetings"""
    group = partnerships.steering_group_by_slug(slug)
    if group is None:
        abort(404, description=_("No steering group with this slug."))
    members = partnerships.members(group)
    now = utcnow()
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "meets_from": group.meets_from,
        "meets_until": group.meets_until,
        "seats": [
            {
                "kind": seat.kind.name,
                "label": seat.label,
                "description": seat.description,
                "places": seat.places,
                "members": [
                    {
                        "name": m.user.name,
                        "organization": m.user.organization.name if m.user.organization else None,
                    }
                    for m in members
                    if m.seat_id == seat.id
                ],
            }
            for seat in group.seats
        ],
        "calls": [
            {
                "slug": call.slug,
                "title": call.title,
                "opens_at": call.opens_at,
                "closes_at": call.closes_at,
                "open": call.is_open(now),
                "seats": [seat.kind.name for seat in call.seats],
            }
            for call in partnerships.calls_of(group)
        ],
        "meetings": [
            {
                "year": meeting.year,
                "session_id": meeting.session.id,
                "title": meeting.session.title,
                "starts_at": meeting.session.starts_at,
                "ends_at": meeting.session.ends_at,
                "location": meeting.session.location,
                "online_url": meeting.session.online_url,
                "status": meeting.session.status.name,
                "sequence": meeting.session.sequence,
            }
            for meeting in group.meetings
        ],
        "url": url_for("partnerships.steering_group", slug=group.slug, _external=True),
    }
