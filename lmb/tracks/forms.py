"""Forms of the track pages: sessions, track settings, adding people, attendance intent."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, Length, NumberRange, Optional

from lmb.accounts.forms import email_field
from lmb.core.forms import Form, enum_select, required_text
from lmb.scheduling.forms import moment_fields
from lmb.scheduling.models import Intent
from lmb.tracks.models import PhaseKey


class SessionForm(Form):
    phase = enum_select(_l("Phase"), PhaseKey)
    title = required_text(_l("Title"), 200)
    agenda = TextAreaField(_l("Agenda"), validators=[Optional(), Length(max=5000)])
    day, starts, ends = moment_fields()
    location = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=300)],
        description=_l("Address of the meeting, or leave empty for online."),
    )
    online_url = StringField(
        _l("Online link"),
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address (https://...).")),
        ],
    )
    capacity = IntegerField(
        _l("Places (if fewer than the track's)"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = PhaseKey.choices()


class TrackSettingsForm(Form):
    opens_day = DateField(_l("Registration opens on"), validators=[Optional()])
    opens_time = TimeField(_l("at"), validators=[Optional()])
    closes_day = DateField(_l("Registration closes on"), validators=[Optional()])
    closes_time = TimeField(_l("at"), validators=[Optional()])
    capacity = IntegerField(
        _l("Places"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Leave empty for no limit."),
    )
    moderated = BooleanField(_l("Confirm registrations by hand (moderated)"))
    reminder_offsets = StringField(
        _l("Reminders before each session"),
        validators=[Optional(), Length(max=200)],
        description=_l("ISO 8601 durations separated by commas, e.g. P7D, P1D (7 days, 1 day)."),
    )


class AddPersonForm(Form):
    email = email_field()


class IntentForm(Form):
    intent = RadioField(_l("Will you come?"), coerce=Intent.coerce)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.intent.choices = Intent.choices()
