"""Marshmallow schemas of the API: they validate input and describe output in OpenAPI."""

from marshmallow import Schema, fields, validate


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"example": "not_found"})
    message = fields.String(required=True)
    details = fields.Raw(metadata={"description": "Per-field messages for invalid input"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


class PageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class OrganizationSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    country = fields.String(required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    function = fields.String(required=True)
    locale = fields.String(required=True)
    organization = fields.Nested(OrganizationSchema, allow_none=True, required=True)
    calendar_feed_url = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "The personal calendar feed, once the person has created one"},
    )


class PhaseSchema(Schema):
    key = fields.String(required=True, metadata={"enum": ["labo", "voedingsbodem", "uitrol"]})
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class TrackSchema(Schema):
    slug = fields.String(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    programme = fields.String(required=True, metadata={"description": "The programme's slug"})
    programme_title = fields.String(required=True)
    status = fields.String(
        required=True, metadata={"enum": ["announced", "open", "running", "closed"]}
    )
    current_phase = fields.String(allow_none=True, required=True)
    registration_opens_at = fields.DateTime(allow_none=True, required=True)
    registration_closes_at = fields.DateTime(allow_none=True, required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    confirmed_count = fields.Integer(required=True)
    waitlist_count = fields.Integer(required=True)
    url = fields.String(required=True)


class TrackDetailSchema(TrackSchema):
    description = fields.String(required=True)
    phases = fields.List(fields.Nested(PhaseSchema), required=True)


class TrackPageSchema(PageSchema):
    items = fields.List(fields.Nested(TrackSchema), required=True)
