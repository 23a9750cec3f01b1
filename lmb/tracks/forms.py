"""Forms of the track pages: sessions, track settings, adding people, attendance intent."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from lmb.accounts.forms import email_field
from lmb.core.forms import DateField, Form, enum_select, required_text
from lmb.core.timezones import local_datetime, to_local
from lmb.scheduling.forms import MOMENT_FIELDS, moment_fields
from lmb.scheduling.models import Intent
from lmb.tracks.models import MilestoneKind, PhaseKey, TrackStatus


class SessionForm(Form):
    phase = enum_select(_l("Phase"), PhaseKey)
    title = required_text(_l("Title"), 200)
    agenda = TextAreaField(_l("Agenda"), validators=[Optional(), Length(max=5000)])
    day, starts, ends = moment_fields()
    service_fields = MOMENT_FIELDS
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


class WindowForm(Form):
    """The registration window and the places, shared by the settings and the edit page."""

    opens_day = DateField(_l("Registration opens on"), validators=[Optional()])
    opens_time = TimeField(_l("at"), validators=[Optional()])
    closes_day = DateField(_l("Registration closes on"), validators=[Optional()])
    closes_time = TimeField(_l("at"), validators=[Optional()])
    capacity = IntegerField(
        _l("Places"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Leave empty for no limit."),
    )

    # A refusal of the window names the moment; the page shows it on its day.
    @property
    def registration_opens_at(self):
        return self.opens_day

    @property
    def registration_closes_at(self):
        return self.closes_day

    def show_window(self, track) -> None:
        """Fill the window and the places from the track, in Belgian time."""
        for prefix, moment in (
            ("opens", track.registration_opens_at),
            ("closes", track.registration_closes_at),
        ):
            if moment:
                self[f"{prefix}_day"].data = to_local(moment).date()
                self[f"{prefix}_time"].data = to_local(moment).time()
        self.capacity.data = track.capacity

    def window(self) -> dict:
        """The window and the places as update_track takes them."""

        def moment(day, at):
            return local_datetime(day, at or datetime.min.time()) if day else None

        return {
            "registration_opens_at": moment(self.opens_day.data, self.opens_time.data),
            "registration_closes_at": moment(self.closes_day.data, self.closes_time.data),
            "capacity": self.capacity.data,
            "clear_capacity": self.capacity.data is None,
        }


class TrackSettingsForm(WindowForm):
    moderated = BooleanField(_l("Confirm registrations by hand (moderated)"))
    reminder_offsets = StringField(
        _l("Reminders before each session"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "ISO 8601 durations separated by commas, e.g. P7D, P1D (7 days, 1 day); "
            "P1D@09:00 is the day before at 9:00 in each participant's own time zone."
        ),
    )


class AddPersonForm(Form):
    email = email_field()


class IntentForm(Form):
    intent = RadioField(_l("Will you come?"), coerce=Intent.coerce)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.intent.choices = Intent.choices()


# Programme administration: programmes, milestones, tracks.


def _text(label, description=None):
    return TextAreaField(label, validators=[Optional(), Length(max=10000)], description=description)


def _contact_fields() -> tuple:
    return (
        StringField(
            _l("Contact person"),
            validators=[Optional(), Length(max=200)],
            description=_l("Leave empty for VVSG – Dienst Internationaal."),
        ),
        StringField(
            _l("Contact e-mail address"),
            validators=[
                Optional(),
                Length(max=254),
                Email(message=_l("Enter a valid e-mail address.")),
            ],
        ),
    )


def _date(label, required=False):
    return DateField(
        label,
        validators=[DataRequired(message=_l("This field is required."))]
        if required
        else [Optional()],
    )


class ProgrammeForm(Form):
    title = required_text(_l("Title"), 200)
    summary = _text(_l("Summary"))
    title_fr = StringField(_l("Title (French)"), validators=[Optional(), Length(max=200)])
    summary_fr = _text(_l("Summary (French)"))
    starts_on = _date(_l("Starts on"), required=True)
    ends_on = _date(_l("Ends on"), required=True)
    contact_name, contact_email = _contact_fields()


class MilestoneForm(Form):
    kind = enum_select(_l("Kind"), MilestoneKind)
    title = required_text(_l("Title (Dutch)"), 200)
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=200)])
    description = _text(_l("Text (Dutch)"))
    description_en = _text(_l("Text (English)"))
    title_fr = StringField(_l("Title (French)"), validators=[Optional(), Length(max=200)])
    description_fr = _text(_l("Text (French)"))
    starts_on = _date(_l("Date"))
    ends_on = _date(_l("Until (for several days)"))
    period = StringField(
        _l("Or a season or year"),
        validators=[Optional(), Length(max=40)],
        description=_l("For example najaar 2026 or 2017, when the day is not known yet."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = MilestoneKind.choices()


class TrackForm(WindowForm):
    title = required_text(_l("Title"), 200)
    summary = _text(_l("Summary"), _l("One or two sentences for the catalogue."))
    description = _text(_l("Introduction"))
    content = _text(_l("Content"))
    course = _text(_l("Course"))
    target_group = _text(_l("Target group"))
    goals = _text(_l("Goals"))
    partners = _text(_l("Partners"), _l("One organization per line."))
    contact_name, contact_email = _contact_fields()
    status = enum_select(_l("Status"), TrackStatus)
    labo_starts_on = _date(_l("Labo starts on"))
    labo_ends_on = _date(_l("Labo ends on"))
    voedingsbodem_starts_on = _date(_l("Voedingsbodem starts on"))
    voedingsbodem_ends_on = _date(_l("Voedingsbodem ends on"))
    uitrol_starts_on = _date(_l("Uitrol starts on"))
    uitrol_ends_on = _date(_l("Uitrol ends on"))

    TEXTS = ("title", "summary", "description", "content", "course", "target_group", "goals")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = TrackStatus.choices()

    def phase_fields(self):
        """(phase, its start field, its end field) in order."""
        return [(k, self[f"{k.name}_starts_on"], self[f"{k.name}_ends_on"]) for k in PhaseKey]

    def show(self, track) -> None:
        for name in (*self.TEXTS, "contact_name", "contact_email", "status"):
            self[name].data = getattr(track, name)
        self.partners.data = "\n".join(p.name for p in track.partners)
        for key, starts, ends in self.phase_fields():
            phase = track.phase(key)
            starts.data, ends.data = (phase.starts_on, phase.ends_on) if phase else (None, None)
        self.show_window(track)

    def changes(self) -> dict:
        """What update_track and start_track take; a phase without both dates is removed, and
        one with a single date is refused on the missing one."""
        phases = {}
        for key, starts, ends in self.phase_fields():
            if starts.data and ends.data:
                phases[key] = (starts.data, ends.data)
            elif starts.data or ends.data:
                missing = ends if starts.data else starts
                missing.errors = [*missing.errors, _l("Give both dates of this phase, or neither.")]
            else:
                phases[key] = None
        values = {
            name: self[name].data or "" for name in (*self.TEXTS, "contact_name", "contact_email")
        }
        return {
            **values,
            **self.window(),
            "status": self.status.data,
            "phases": phases,
            "partners": (self.partners.data or "").splitlines(),
        }
