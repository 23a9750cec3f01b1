"""Forms of the partnership pages: calls, applications, partnerships, activities, the steering
group's candidacies and meetings, outcome records."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, Email, Length, NumberRange, Optional

from lmb.core.forms import REQUIRED, DateField, Form, MultiCheckboxField, enum_select, required_text
from lmb.core.i18n import language_choices
from lmb.partnerships.models import Country, Side
from lmb.scheduling.forms import MOMENT_FIELDS, moment_fields

MAX_AMOUNT = Decimal("9999999999.99")
SDG_CHOICES = [(str(n), _l("SDG %(number)s", number=n)) for n in range(1, 18)]


def text_area(label, max_length=5000, required=False, **kwargs):
    validators = [DataRequired(message=REQUIRED)] if required else [Optional()]
    return TextAreaField(label, validators=[*validators, Length(max=max_length)], **kwargs)


def amount(label, **kwargs):
    return DecimalField(
        label,
        places=2,
        validators=[
            DataRequired(message=REQUIRED) if kwargs.pop("required", True) else Optional(),
            NumberRange(
                min=Decimal(0),
                max=MAX_AMOUNT,
                message=_l("Enter an amount between 0 and 9,999,999,999.99."),
            ),
        ],
        description=kwargs.pop("description", _l("In euros, e.g. 1250.50.")),
        **kwargs,
    )


def web_link(label):
    return StringField(
        label,
        validators=[
            Optional(),
            Length(max=500),
            URL(message=_l("Enter a full web address (https://...).")),
        ],
    )


class WindowFields(Form):
    opens_day = DateField(_l("Opens on"), validators=[DataRequired(message=REQUIRED)])
    opens_time = TimeField(_l("at"), validators=[Optional()])
    closes_day = DateField(
        _l("Deadline (last day)"),
        validators=[DataRequired(message=REQUIRED)],
        description=_l(
            "Applications are accepted until the end of this day unless a time is given."
        ),
    )
    closes_time = TimeField(_l("at"), validators=[Optional()])


class CallForm(WindowFields):
    title = required_text(_l("Title"), 200)
    description = text_area(_l("Description"), 10_000)
    # French beside the Dutch, for the partner municipalities (issue 18).
    title_fr = StringField(_l("Title in French"), validators=[Optional(), Length(max=200)])
    description_fr = text_area(
        _l("Description in French"),
        10_000,
        description=_l("For the partner municipality; left empty, French readers see the Dutch."),
    )


class CandidateCallForm(CallForm):
    opens_day = DateField(_l("Opens on"), validators=[Optional()])


class SelectionFields(Form):
    """What a selection needs (issue 16), asked beside the motivation."""

    proposed_partner = required_text(
        _l("Proposed partner municipality"),
        200,
        description=_l(
            "The municipality in Benin or Rwanda your municipality proposes to work with."
        ),
    )
    sdgs = MultiCheckboxField(
        _l("SDGs the partnership would work on"),
        choices=SDG_CHOICES,
        description=_l(
            "The theme's SDGs are those of the country chosen above; add others if you wish."
        ),
    )
    contact_name = required_text(_l("Contact person in your municipality"), 200)
    contact_email = EmailField(
        _l("E-mail address of the contact person"),
        validators=[
            DataRequired(message=REQUIRED),
            Email(message=_l("Enter an e-mail address such as name@gemeente.be.")),
            Length(max=254),
        ],
    )
    partner_contact = text_area(
        _l("Contact in the partner municipality"),
        1000,
        description=_l("Name, function and how to reach them, if you know them already."),
    )
    decision = FileField(
        _l("The council's decision (PDF, DOCX or ODT, at most 10 MB)"),
        validators=[FileRequired(message=_l("Add the council's decision (PDF, DOCX or ODT)."))],
        description=_l(
            "The decision of your municipal council to take part (gemeenteraadsbeslissing)."
        ),
    )


class ApplicationForm(SelectionFields):
    country = RadioField(_l("Partner country and theme"), coerce=Country.coerce)
    motivation = text_area(
        _l("Motivation"),
        3000,
        required=True,
        description=_l("A few sentences: why your municipality wants an SDG partnership."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = [
            (c.name, f"{c.label} ({c.association}): {c.theme.label}") for c in Country
        ]


class SelectApplicationForm(Form):
    partner_municipality = required_text(_l("Partner municipality"), 200)
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(message=REQUIRED)])


class PartnershipForm(Form):
    country = enum_select(_l("Partner country"), Country)
    flemish_municipality = required_text(_l("Flemish municipality"), 200)
    partner_municipality = required_text(_l("Partner municipality"), 200)
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(message=REQUIRED)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = Country.choices()


class PartnershipEditForm(Form):
    title = required_text(_l("Title"), 200)
    summary = text_area(_l("Summary"))
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(message=REQUIRED)])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired(message=REQUIRED)])
    budget_flemish = amount(_l("Budget of the Flemish municipality"))
    budget_partner = amount(_l("Budget of the partner municipality"))
    sdgs = MultiCheckboxField(_l("SDGs"), choices=SDG_CHOICES)


class ContactsForm(Form):
    emails = text_area(
        _l("People taking part (e-mail addresses)"),
        5000,
        description=_l(
            "One address per line; they must have an account. They are invited to the partnership's meetings."
        ),
    )


class StedenbandForm(Form):
    since = DateField(_l("Stedenband since"), validators=[DataRequired(message=REQUIRED)])
    url = web_link(_l("Link to the stedenband"))
    note = text_area(_l("Note"), 2000)


class ActivityForm(Form):
    title = required_text(_l("Title"), 200)
    description = text_area(_l("Description"))
    title_fr = StringField(_l("Title in French"), validators=[Optional(), Length(max=200)])
    description_fr = text_area(
        _l("Description in French"),
        description=_l("For the partner municipality; left empty, French readers see the Dutch."),
    )
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    side = RadioField(_l("Paid from the budget of"), coerce=Side.coerce)
    planned_amount = amount(_l("Planned amount"))
    spent_amount = amount(_l("Spent so far"), required=False)
    meeting = BooleanField(_l("This activity is a meeting: send the people a calendar invitation"))
    day, starts, ends = moment_fields(day_label=_l("Meeting date"), required=False)
    service_fields = MOMENT_FIELDS
    location = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_url = web_link(_l("Online link"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.side.choices = Side.choices()

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.meeting.data:
            for name in ("day", "starts", "ends"):
                if self[name].data is None:
                    self[name].errors = [*self[name].errors, REQUIRED]
                    ok = False
        elif self.starts_on.data is None:
            self.starts_on.errors = [*self.starts_on.errors, REQUIRED]
            ok = False
        return ok


class CandidacyForm(Form):
    seat = RadioField(_l("Seat"), coerce=int)
    motivation = text_area(
        _l("Motivation"),
        3000,
        required=True,
        description=_l("Why you want to take part, and what you bring to the steering group."),
    )
    committee_member = BooleanField(
        _l("I am a member of VVSG's committee 'de gemeente in Europa en de wereld'")
    )

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.seat.choices = [(s.id, s.label) for s in seats]


class MeetingForm(Form):
    day, starts, ends = moment_fields()
    service_fields = MOMENT_FIELDS
    location = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_url = web_link(_l("Online link"))
    agenda = text_area(_l("Agenda"))


FRENCH_HINT = _l("For the partner municipality; left empty, French readers see the Dutch.")


class SteeringGroupDescriptionForm(Form):
    """The steering group's description on its page (Markdown), in Dutch, English and French."""

    description = text_area(
        _l("Description"),
        20000,
        description=_l("What the group is and does. You can use Markdown."),
    )
    description_en = text_area(
        _l("Description in English"),
        20000,
        description=_l("Left empty, English readers see the Dutch."),
    )
    description_fr = text_area(_l("Description in French"), 20000, description=FRENCH_HINT)


class MeetingRecordForm(Form):
    """A yearly meeting's record: agenda, minutes and decisions (Markdown)."""

    agenda = text_area(_l("Agenda"), 20000)
    minutes = text_area(
        _l("Minutes"), 50000, description=_l("What was discussed. You can use Markdown.")
    )
    decisions = text_area(
        _l("Decisions"), 20000, description=_l("One decision per line, starting with a dash.")
    )
    # French beside the Dutch, for the partners who read them (issue 18).
    agenda_fr = text_area(_l("Agenda in French"), 20000, description=FRENCH_HINT)
    minutes_fr = text_area(_l("Minutes in French"), 50000, description=FRENCH_HINT)
    decisions_fr = text_area(_l("Decisions in French"), 20000, description=FRENCH_HINT)


class OutcomeForm(Form):
    visited_on = DateField(_l("Visit on"), validators=[DataRequired(message=REQUIRED)])
    municipality_id = SelectField(_l("Municipality"), coerce=int, validators=[Optional()])
    partnership_id = SelectField(_l("Partnership"), coerce=int, validators=[Optional()])
    track_id = SelectField(_l("Learning track"), coerce=int, validators=[Optional()])
    actor = required_text(
        _l("Who changed"),
        300,
        description=_l("The social actor: a person, service or organization."),
    )
    change = text_area(_l("What changed"), 5000, required=True)
    occurred_on = DateField(_l("When"), validators=[DataRequired(message=REQUIRED)])
    place = StringField(_l("Where"), validators=[Optional(), Length(max=300)])
    significance = text_area(_l("Significance"))
    contribution = text_area(_l("Contribution of the programme"))
    sources = text_area(_l("Sources"))
    substantiation = text_area(_l("Substantiation"))
    confirmed_by = StringField(
        _l("Confirmed by"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Who confirmed the outcome (name and role); empty while it is not substantiated."
        ),
    )
    sdgs = MultiCheckboxField(_l("SDGs"), choices=SDG_CHOICES)

    def __init__(self, *args, municipalities=(), partnerships=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        none = [(0, _l("(none)"))]
        self.municipality_id.choices = none + [(o.id, o.name) for o in municipalities]
        self.partnership_id.choices = none + [(p.id, p.title) for p in partnerships]
        self.track_id.choices = none + [(t.id, t.title) for t in tracks]


class VisitForm(Form):
    """A visit to a municipality to harvest outcomes: a session its people are invited to."""

    municipality_id = SelectField(
        _l("Municipality"), coerce=int, validators=[DataRequired(message=REQUIRED)]
    )
    track_id = SelectField(_l("Learning track"), coerce=int, validators=[Optional()])
    day, starts, ends = moment_fields(day_label=_l("Visit on"))
    service_fields = MOMENT_FIELDS
    location = StringField(_l("Where"), validators=[Optional(), Length(max=300)])
    purpose = text_area(_l("Purpose of the visit"))

    def __init__(self, *args, municipalities=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality_id.choices = [(0, _l("(none)"))] + [
            (o.id, o.name) for o in municipalities
        ]
        self.track_id.choices = [(0, _l("(none)"))] + [(t.id, t.title) for t in tracks]


# Partners as equals: reports, proposals, spending (issue 18)


class ReportDeadlinesForm(Form):
    interim_due = DateField(
        _l("Interim report due on"),
        validators=[Optional()],
        description=_l("Leave empty while it is to be determined."),
    )
    final_due = DateField(
        _l("Final report due on"),
        validators=[Optional()],
        description=_l("Leave empty while it is to be determined."),
    )


class ReportPartForm(Form):
    text = text_area(_l("Your municipality's part"), 50_000, required=True)
    # The language the text is in, so the page marks it (issue 18); choices: the interface's.
    language = SelectField(_l("Language of this text"), validators=[DataRequired(message=REQUIRED)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()


class ProposalForm(Form):
    title = required_text(_l("Title"), 200)
    description = text_area(_l("Description"))
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(message=REQUIRED)])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    planned_amount = amount(
        _l("Planned amount"),
        description=_l("In euros, from your municipality's share of the budget, e.g. 1250.50."),
    )


class SpendingForm(Form):
    spent_amount = amount(_l("Spent so far"))
