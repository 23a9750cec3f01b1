"""Forms of peer review: the round's settings, a criterion, conflicts, submission, review."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from lmb.core.forms import DateField, Form, MultiCheckboxField, enum_select, required_text
from lmb.peer_review.models import ConflictReason, CriterionKind, NameVisibility

_required = InputRequired(message=_l("This field is required."))


class RoundForm(Form):
    title = required_text(_l("Title of the round"), 200)
    deliverable = required_text(
        _l("What organizations submit"),
        300,
        description=_l("For example: multi-year plan 2020-2025, SDG integration"),
    )
    instructions = TextAreaField(_l("Instructions"), validators=[Length(max=5000)])
    submission_day = DateField(_l("Submission deadline (day)"), validators=[_required])
    submission_time = TimeField(_l("Submission deadline (time)"), validators=[_required])
    review_day = DateField(_l("Review deadline (day)"), validators=[_required])
    review_time = TimeField(_l("Review deadline (time)"), validators=[_required])
    reviews_per_submission = IntegerField(
        _l("Reviews per submission"),
        default=2,
        validators=[_required, NumberRange(min=1, max=10)],
    )
    ring = BooleanField(_l("Reciprocal ring (A reviews B, B reviews C, C reviews A) when possible"))
    allocation_seed = IntegerField(
        _l("Allocation seed"),
        default=1,
        description=_l("The same seed gives the same allocation; change it for another draw."),
        validators=[_required, NumberRange(min=0, max=2**31 - 1)],
    )
    names = enum_select(_l("Reviewer names"), NameVisibility, choices=NameVisibility.choices)
    comments_only = BooleanField(_l("Comments only: no scores in this round"))
    advance_by_dates = BooleanField(
        _l("Let the deadlines close the submission and assessment phases"), default=True
    )
    meeting_session_id = SelectField(
        _l("Review meeting (a session of the track)"), coerce=int, default=0, validate_choice=True
    )


class CriterionForm(Form):
    title = required_text(_l("Criterion"), 200)
    description = TextAreaField(_l("Explanation"), validators=[Length(max=2000)])
    kind = enum_select(_l("Kind of answer"), CriterionKind, choices=CriterionKind.choices)
    levels = TextAreaField(
        _l("Levels, one per line, from the lowest score (0) upwards"),
        description=_l("For example: SDGs only as labels … SDGs drive choices"),
        validators=[Length(max=5000)],
    )
    weight = IntegerField(
        _l("Weight"), default=1, validators=[_required, NumberRange(min=0, max=100)]
    )
    independent = BooleanField(_l("Independent: shown, but not counted in the total"))


class OrganizationsForm(Form):
    organizations = MultiCheckboxField(_l("Organizations taking part"), coerce=int)


class ConflictForm(Form):
    first = SelectField(_l("Organization"), coerce=int, validate_choice=True)
    other = SelectField(_l("Other organization"), coerce=int, validate_choice=True)
    reason = enum_select(_l("Reason"), ConflictReason, choices=ConflictReason.choices)
    note = TextAreaField(_l("Explanation"), validators=[Length(max=500)])


class SubmissionForm(Form):
    document = FileField(
        _l("Document (PDF, DOCX or ODT)"),
        description=_l("A new file becomes a new version; earlier versions are kept."),
    )
    summary = TextAreaField(_l("Short description"), validators=[_required, Length(max=3000)])
    # Not sent: the contact stays who it is (the view only accepts colleagues).
    contact = SelectField(
        _l("Contact person"),
        coerce=int,
        validate_choice=False,
        description=_l("Coordinators and reviewers turn to this person with questions."),
    )


class AssignForm(Form):
    submission = SelectField(_l("Submission"), coerce=int, validate_choice=True)
    reviewer = SelectField(_l("Reviewer organization"), coerce=int, validate_choice=True)


class DeclineForm(Form):
    reason = TextAreaField(_l("Why do you decline?"), validators=[_required, Length(max=500)])


class ReleaseForm(Form):
    submission = IntegerField(validators=[Optional()])


class ResponseForm(Form):
    response = TextAreaField(_l("Your response overall"), validators=[_required, Length(max=10000)])
    candidate_outcome = BooleanField(_l("Mark as a candidate outcome (a change worth harvesting)"))
