"""/api/v1/steering-groups: the steering group, its seats and members, calls and meetings."""

from flask import abort, url_for
from flask_babel import gettext as _
from marshmallow import Schema, fields

from lmb.api.partnerships import blueprint
from lmb.core.models import utcnow
from lmb.partnerships import services as partnerships


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
    title_fr = fields.String(required=True, metadata={"description": "In French; may be empty"})
    published_on = fields.Date(allow_none=True, required=True)
    opens_at = fields.DateTime(allow_none=True, required=True)
    closes_at = fields.DateTime(
        required=True,
        metadata={"description": "The deadline: candidacies from this moment on are refused"},
    )
    last_day = fields.Date(
        required=True, metadata={"description": "The last day a candidacy is accepted (local)"}
    )
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
    description_fr = fields.String(
        required=True, metadata={"description": "In French; may be empty"}
    )
    description_en = fields.String(
        required=True, metadata={"description": "In English; may be empty"}
    )
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
        "description_fr": group.description_fr,
        "description_en": group.description_en,
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
                "title_fr": call.title_fr,
                "published_on": call.published_on,
                "opens_at": call.opens_at,
                "closes_at": call.closes_at,
                "last_day": partnerships.last_day(call),
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
