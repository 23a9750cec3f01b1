"""/api/v1/partnerships: SDG partnerships with their activities and budget."""

from flask import abort, url_for
from flask_babel import gettext as _
from marshmallow import Schema, fields

from lmb.api.partnerships import Money, blueprint
from lmb.api.schemas import PageArgsSchema, PageSchema
from lmb.api.views import _page
from lmb.partnerships import services as partnerships
from lmb.partnerships.models import Side


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


def organization_data(organization) -> dict:
    return {"id": organization.id, "name": organization.name, "country": organization.country}


def _partnership_data(partnership) -> dict:
    return {
        "slug": partnership.slug,
        "title": partnership.title,
        "country": partnership.country.name,
        "partner_association": partnership.partner_association,
        "theme": partnership.theme.name,
        "sdgs": list(partnership.sdgs or []),
        "flemish_municipality": organization_data(partnership.flemish_municipality),
        "partner_municipality": organization_data(partnership.partner_municipality),
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
        for a in partnership.confirmed_activities
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
