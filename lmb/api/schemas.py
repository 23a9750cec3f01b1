"""Marshmallow schemas of the API: they validate input and describe output in OpenAPI."""

import re
from datetime import UTC

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from lmb.core import text
from lmb.tracks.models import PhaseKey, RegistrationStatus, TrackStatus


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"example": "not_found"})
    message = fields.String(required=True)
    details = fields.Raw(metadata={"description": "Per-field messages for invalid input"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class PageSchema(Schema):
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class OrganizationSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    country = fields.String(required=True)


class MembershipRequestSchema(Schema):
    requested_name = fields.String(
        required=True, metadata={"description": "The organization's name as the person typed it"}
    )
    asked_at = fields.DateTime(required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    function = fields.String(required=True)
    locale = fields.String(required=True)
    organization = fields.Nested(
        OrganizationSchema,
        allow_none=True,
        required=True,
        metadata={"description": "The organization that granted the person's membership"},
    )
    membership_request = fields.Nested(
        MembershipRequestSchema,
        allow_none=True,
        required=True,
        metadata={
            "description": "A request to join an organization awaiting its decision: until "
            "granted, the person has no rights in that organization"
        },
    )
    calendar_feed_url = fields.String(
        required=True,
        metadata={"description": "The person's calendar feed (iCalendar); keep it private"},
    )


class PhaseSchema(Schema):
    key = fields.String(required=True, metadata={"enum": ["labo", "voedingsbodem", "uitrol"]})
    # null: not decided yet (the documents give no track's phase dates).
    starts_on = fields.Date(required=True, allow_none=True)
    ends_on = fields.Date(required=True, allow_none=True)


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
    is_demo = fields.Boolean(required=True, metadata={"description": "added by `lmb seed --demo`"})
    confirmed_count = fields.Integer(required=True)
    waitlist_count = fields.Integer(required=True)
    url = fields.String(required=True)


class TrackDetailSchema(TrackSchema):
    description = fields.String(required=True)
    phases = fields.List(fields.Nested(PhaseSchema), required=True)
    moderated = fields.Boolean(
        required=True, metadata={"description": "A coordinator confirms each registration"}
    )
    reminder_offsets = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "ISO 8601 durations before a session when people are reminded"},
    )


class TrackPageSchema(PageSchema):
    items = fields.List(fields.Nested(TrackSchema), required=True)


# Input helpers


class OffsetDateTime(fields.DateTime):
    """An ISO 8601 date and time with its UTC offset; without one it is refused (which zone?)."""

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if result.utcoffset() is None:
            raise ValidationError(
                _("Give the date and time with its UTC offset, such as 2026-03-01T10:00:00+01:00.")
            )
        try:
            return result.astimezone(UTC)
        except OverflowError as error:  # the year 1 or 9999 shifted past the calendar's end
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from error


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(_("This field is required."))


class MultiLine(fields.String):
    """Text that may span lines: tabs and line breaks are allowed (see lmb.core.text)."""


def single_line(value: str) -> None:
    if text.has_forbidden_characters(value):
        raise ValidationError(text.single_line_message())


def multi_line(value: str) -> None:
    if text.has_forbidden_characters(value, multiline=True):
        raise ValidationError(text.multi_line_message())


def _add_text_rule(field) -> None:
    if isinstance(field, fields.String):
        # A new list: marshmallow copies fields shallowly, the declared field's list is shared.
        rule = multi_line if isinstance(field, MultiLine) else single_line
        if rule not in field.validators:
            field.validators = [rule, *field.validators]
    elif isinstance(field, fields.List):
        _add_text_rule(field.inner)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            _add_text_rule(inner)
    elif isinstance(field, fields.Dict):
        for inner in (field.key_field, field.value_field):
            if inner is not None:
                _add_text_rule(inner)


class InputSchema(Schema):
    """The base of every schema that reads input: each text field refuses control characters
    (lmb.core.text), single-line unless it is a MultiLine field; lists and dicts of text too.
    Nested input schemas are InputSchemas themselves."""

    def on_bind_field(self, field_name, field_obj) -> None:
        _add_text_rule(field_obj)


class PageArgsSchema(InputSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


def web_address(value: str) -> None:
    """Empty, or an http(s) address: it becomes a link in mails and calendars."""
    if value and not _WEB_ADDRESS.match(value):
        raise ValidationError(_("Enter a full web address (https://...)."))


_WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)
MAX_CAPACITY = 100_000
PHASE_KEYS = [key.name for key in PhaseKey]


def _text(
    max_length: int,
    *,
    required: bool = False,
    blank: bool = True,
    multiline: bool = False,
    **kwargs,
):
    validators = [validate.Length(max=max_length)]
    if not blank:
        validators.append(not_blank)
    kind = MultiLine if multiline else fields.String
    return kind(required=required, validate=validators, **kwargs)


def _capacity(**kwargs):
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_CAPACITY), **kwargs)


# Tracks: changes


class PhaseInputSchema(InputSchema):
    key = fields.String(required=True, validate=validate.OneOf(PHASE_KEYS))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


def _phases_once(phases: list) -> None:
    keys = [phase["key"] for phase in phases]
    if len(keys) != len(set(keys)):
        raise ValidationError(_("Give each phase only once."))


class TrackUpdateSchema(InputSchema):
    """Only the fields given change."""

    status = fields.String(validate=validate.OneOf([s.name for s in TrackStatus]))
    registration_opens_at = OffsetDateTime()
    registration_closes_at = OffsetDateTime()
    capacity = _capacity(
        allow_none=True, metadata={"description": "Confirmed places; null means no limit"}
    )
    moderated = fields.Boolean()
    reminder_offsets = fields.List(
        fields.String(validate=validate.Length(max=40)),
        validate=validate.Length(max=20),
        metadata={"description": "ISO 8601 durations such as P7D or PT2H", "example": ["P7D"]},
    )
    phases = fields.List(
        fields.Nested(PhaseInputSchema), validate=[validate.Length(max=3), _phases_once]
    )
    # What the track's page says (its edit page's fields).
    title = _text(200, blank=False)
    summary = _text(2000, multiline=True)
    description = _text(10000, multiline=True)
    content = _text(10000, multiline=True)
    course = _text(10000, multiline=True)
    target_group = _text(10000, multiline=True)
    goals = _text(10000, multiline=True)
    partners = fields.List(_text(200, blank=False), validate=validate.Length(max=20))
    contact_name = _text(200, metadata={"description": "Empty: VVSG – Dienst Internationaal"})
    contact_email = _text(254)


# Sessions


class SessionSchema(Schema):
    id = fields.Integer(required=True)
    track = fields.String(required=True, metadata={"description": "The track's slug"})
    title = fields.String(required=True)
    phase = fields.String(required=True, metadata={"enum": PHASE_KEYS})
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    location = fields.String(required=True)
    online_url = fields.String(required=True)
    agenda = fields.String(required=True)
    capacity = fields.Integer(allow_none=True, required=True)
    status = fields.String(required=True, metadata={"enum": ["scheduled", "cancelled"]})
    sequence = fields.Integer(
        required=True, metadata={"description": "Rises with every change calendars show"}
    )


class SessionPageSchema(PageSchema):
    items = fields.List(fields.Nested(SessionSchema), required=True)


class SessionChangeSchema(InputSchema):
    """Edit or move a session: only the fields given change."""

    title = _text(200, blank=False)
    starts_at = OffsetDateTime()
    ends_at = OffsetDateTime()
    location = _text(300)
    online_url = fields.String(
        validate=[validate.Length(max=500), web_address],
        metadata={"example": "https://meet.example.org/lmb"},
    )
    agenda = _text(5000, multiline=True)


class SessionCreateSchema(SessionChangeSchema):
    title = _text(200, required=True, blank=False)
    phase = fields.String(required=True, validate=validate.OneOf(PHASE_KEYS))
    starts_at = OffsetDateTime(required=True)
    ends_at = OffsetDateTime(required=True)
    capacity = _capacity(allow_none=True, metadata={"description": "null: the track's capacity"})

    @validates_schema
    def _somewhere(self, data, **kwargs):
        if not data.get("location", "").strip() and not data.get("online_url", "").strip():
            raise ValidationError(_("Give a location or an online link."), "location")


# Registrations


class RegistrationSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": ["confirmed", "waitlisted"]})
    waitlist_position = fields.Integer(
        allow_none=True, required=True, metadata={"description": "1 is next in line"}
    )


class RegistrationCancelledSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"enum": ["cancelled"]})
    promoted = fields.List(
        fields.Integer(),
        required=True,
        metadata={"description": "Registrations moved from the waiting list to confirmed"},
    )


class PersonSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)


class RegistrationOrganizationSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class TrackRegistrationSchema(Schema):
    id = fields.Integer(required=True)
    user = fields.Nested(PersonSchema, required=True)
    organization = fields.Nested(RegistrationOrganizationSchema, allow_none=True, required=True)
    function = fields.String(required=True)
    status = fields.String(
        required=True, metadata={"enum": ["confirmed", "waitlisted", "cancelled"]}
    )
    waitlist_position = fields.Integer(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    confirmed_at = fields.DateTime(allow_none=True, required=True)


class TrackRegistrationPageSchema(PageSchema):
    items = fields.List(fields.Nested(TrackRegistrationSchema), required=True)


class RegistrationListArgsSchema(PageArgsSchema):
    status = fields.String(
        validate=validate.OneOf([s.name for s in RegistrationStatus]),
        metadata={"description": "Only these; by default the live ones (confirmed, waitlisted)"},
    )
