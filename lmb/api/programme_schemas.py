"""Schemas of programme administration: programmes, milestones, and what a track's page holds."""

from marshmallow import Schema, fields, validate

from lmb.api.schemas import (
    InputSchema,
    TrackDetailSchema,
    TrackUpdateSchema,
    _text,
)
from lmb.tracks.models import MilestoneKind

KINDS = [kind.name for kind in MilestoneKind]


class ContactSchema(Schema):
    name = fields.String(required=True)
    email = fields.String(required=True)
    website = fields.String(required=True)
    is_default = fields.Boolean(
        required=True, metadata={"description": "VVSG – Dienst Internationaal, as no one is named"}
    )


class TrackFullSchema(TrackDetailSchema):
    content = fields.String(required=True)
    course = fields.String(required=True)
    target_group = fields.String(required=True)
    goals = fields.String(required=True)
    partners = fields.List(fields.String(), required=True)
    contact = fields.Nested(ContactSchema, required=True)


class TrackStartSchema(TrackUpdateSchema):
    """A new thematic track in the programme, announced unless `status` says otherwise."""

    title = _text(200, required=True, blank=False)


class MilestoneSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": KINDS})
    title = fields.String(required=True)
    title_en = fields.String(required=True)
    title_fr = fields.String(
        required=True, metadata={"description": "In French, for the partners; may be empty"}
    )
    description = fields.String(required=True)
    description_en = fields.String(required=True)
    description_fr = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    precision = fields.String(required=True, metadata={"enum": ["day", "month", "season", "year"]})


class ProgrammeSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    title_en = fields.String(required=True, metadata={"description": "In English; may be empty"})
    title_fr = fields.String(
        required=True, metadata={"description": "In French, for the partners; may be empty"}
    )
    summary = fields.String(required=True)
    summary_en = fields.String(required=True)
    summary_fr = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    contact = fields.Nested(ContactSchema, required=True)
    milestones = fields.List(fields.Nested(MilestoneSchema), required=True)
    tracks = fields.List(
        fields.String(), required=True, metadata={"description": "The tracks' slugs"}
    )
    url = fields.String(required=True)


class ProgrammeListSchema(Schema):
    items = fields.List(fields.Nested(ProgrammeSchema), required=True)


class ProgrammeChangeSchema(InputSchema):
    """Only the fields given change."""

    title = _text(200, blank=False)
    summary = _text(5000, multiline=True)
    title_fr = _text(
        200, metadata={"description": "In French; empty: French readers get the Dutch"}
    )
    summary_fr = _text(5000, multiline=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    contact_name = _text(200, metadata={"description": "Empty: VVSG – Dienst Internationaal"})
    contact_email = _text(254)


class ProgrammeInputSchema(ProgrammeChangeSchema):
    title = _text(200, required=True, blank=False)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class MilestoneInputSchema(InputSchema):
    """A day (`starts_on`, optionally until `ends_on`) or a season or year (`period`: "najaar
    2026", "2017")."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    title = _text(200, required=True, blank=False)
    title_en = _text(200)
    title_fr = _text(200)
    description = _text(5000, multiline=True)
    description_en = _text(5000, multiline=True)
    description_fr = _text(5000, multiline=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    period = _text(40, metadata={"example": "najaar 2026"})
