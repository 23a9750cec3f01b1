"""Forms of the evaluation pages: an evaluation, a recommendation with its response, an action
of the plan, and a report on an action (status, note, evidence)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from lmb.core.forms import REQUIRED, DateField, Form, MultiCheckboxField, enum_select, required_text
from lmb.evaluations.models import ActionStatus, EvidenceKind, Position


def text_area(label, max_length=20_000, **kwargs):
    return TextAreaField(label, validators=[Optional(), Length(max=max_length)], **kwargs)


def optional_text(label, max_length, **kwargs):
    return StringField(label, validators=[Optional(), Length(max=max_length)], **kwargs)


class EvaluationForm(Form):
    programme_id = SelectField(_l("Programme"), coerce=int)
    title = required_text(_l("Title"), 300)
    evaluator = required_text(_l("Evaluator"), 200)
    period = optional_text(
        _l("When it was carried out"), 200, description=_l("In words, e.g. tweede helft van 2018.")
    )
    period_starts_on = DateField(_l("From"), validators=[Optional()])
    period_ends_on = DateField(_l("Until"), validators=[Optional()])
    summary = text_area(_l("Summary"))
    budget = DecimalField(
        _l("Budget of the programme"),
        places=2,
        validators=[Optional(), NumberRange(min=0, max=9_999_999_999)],
        description=_l("In euros, e.g. 1250.50."),
    )
    funded_by = optional_text(_l("Funded by"), 300)
    responded_on = DateField(_l("Date of the management response"), validators=[Optional()])
    signed_by = text_area(_l("Signed by"), 2000, description=_l("One name and function a line."))
    plan_summary = text_area(_l("Introduction to the action plan"))
    published = BooleanField(_l("Published: everyone may read the response and the plan"))
    report = FileField(_l("The evaluators' report (PDF, DOCX or ODT)"))


class RecommendationForm(Form):
    number = IntegerField(
        _l("Number"),
        validators=[DataRequired(message=REQUIRED), NumberRange(min=1, max=999)],
    )
    title = required_text(_l("Title"), 400)
    text = text_area(_l("Text of the recommendation"))
    position = SelectField(
        _l("Position"),
        choices=lambda: [("", _l("No position yet")), *((p.name, p.label) for p in Position)],
        coerce=lambda value: Position.coerce(value) if value else None,
        validate_choice=False,
    )
    response = text_area(_l("Response"))


class ActionForm(Form):
    priority_id = SelectField(_l("Under the heading"), coerce=int)
    new_priority = optional_text(
        _l("Or a new heading"), 400, description=_l("The recommendation as the plan words it.")
    )
    text = TextAreaField(
        _l("Action"), validators=[DataRequired(message=REQUIRED), Length(max=5000)]
    )
    who = optional_text(_l("Who"), 300, description=_l("A person or a team, as the plan says."))
    when_text = optional_text(
        _l("When"),
        300,
        description=_l("As the plan says, e.g. Zomer 2019 or 2020 en verder."),
    )
    starts_on = DateField(
        _l("Period from"),
        validators=[Optional()],
        description=_l("Left empty: derived from “When”."),
    )
    ends_on = DateField(_l("Period until"), validators=[Optional()])
    owners = MultiCheckboxField(_l("Owners (reminded before the period ends)"), coerce=int)


class UpdateForm(Form):
    status = enum_select(_l("Status"), ActionStatus, choices=ActionStatus.choices)
    note = text_area(_l("Note"), 5000)
    evidence_kind = SelectField(
        _l("Evidence"),
        choices=lambda: [("", _l("None")), *((k.name, k.label) for k in EvidenceKind)],
        validate_choice=False,
    )
    evidence_id = IntegerField(
        _l("Number of the lesson, toolkit, round or outcome"),
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1)],
    )
    evidence_url = StringField(
        _l("Web address"),
        validators=[
            Optional(),
            Length(max=2000),
            URL(message=_l("Enter a full web address (https://...).")),
        ],
    )
    evidence_file = FileField(_l("File"))
    evidence_label = optional_text(_l("Description of the evidence"), 300)


class EvidenceFileAgainForm(Form):
    """On the question before a report (it mails): a chosen file does not travel from one
    page to the next, so it is chosen again there."""

    evidence_file = FileField(_l("File"))


class AnswerForm(Form):
    """A lesson or an outcome that answers a recommendation."""

    kind = SelectField(
        _l("What answers it"),
        choices=[("lesson", _l("Lesson learned")), ("outcome", _l("Outcome"))],
    )
    target_id = IntegerField(
        _l("Its number"),
        validators=[DataRequired(message=REQUIRED), NumberRange(min=1, max=2**31 - 1)],
    )
