"""Forms of lessons, themes and toolkits."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from lmb.core import dates
from lmb.core.forms import Form, MultiCheckboxField, enum_select, required_text
from lmb.toolkits.models import SDG_NUMBERS, ToolkitKind
from lmb.tracks.models import PhaseKey

MARKDOWN_HINT = _l(
    "Markdown: **bold**, *italic*, - lists, [text](https://...). HTML is shown as text."
)


def sdg_choices() -> list[tuple[int, str]]:
    return [(n, str(_l("SDG %(n)s", n=n))) for n in SDG_NUMBERS]


class LessonForm(Form):
    title = required_text(_l("Title"), 200)
    body = TextAreaField(
        _l("What did you learn?"),
        validators=[Optional(), Length(max=50_000)],
        description=MARKDOWN_HINT,
    )
    phase = enum_select(_l("Phase"), PhaseKey)
    session = SelectField(_l("Session"), coerce=int, validators=[Optional()])
    sdgs = MultiCheckboxField(_l("SDGs it touches"), coerce=int)
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separated by commas, e.g. procurement, work clothing."),
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.phase.choices = PhaseKey.choices()
        self.session.choices = [(0, _l("No particular session"))] + [
            (s.id, f"{dates.span(s.starts_at, s.ends_at)} · {s.title}") for s in sessions
        ]
        self.sdgs.choices = sdg_choices()


class ReturnLessonForm(Form):
    comment = TextAreaField(
        _l("What should change?"),
        validators=[DataRequired(message=_l("This field is required.")), Length(max=5000)],
    )


class AttachmentForm(Form):
    file = FileField(
        _l("Attachment"),
        validators=[FileRequired(message=_l("Choose a file."))],
        description=_l("PDF, DOCX, ODT or an image (PNG, JPEG, GIF, WebP), at most 10 MB."),
    )


class ThemeForm(Form):
    title = required_text(
        _l("Theme"),
        200,
        description=_l('What we learned about ..., e.g. "sustainable procurement"'),
    )
    synthesis = TextAreaField(
        _l("Synthesis for the LMB concept"),
        validators=[Optional(), Length(max=50_000)],
        description=MARKDOWN_HINT,
    )
    lessons = MultiCheckboxField(_l("Lessons in this theme"), coerce=int)


class ToolkitForm(Form):
    kind = enum_select(_l("Kind"), ToolkitKind)
    title = required_text(_l("Title"), 200)
    summary = TextAreaField(
        _l("Introduction"), validators=[Optional(), Length(max=20_000)], description=MARKDOWN_HINT
    )
    language = RadioField(
        _l("Language of the toolkit"),
        choices=[("nl", "Nederlands"), ("en", "English")],
        default="nl",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = ToolkitKind.choices()


class ToolkitItemForm(Form):
    group = StringField(
        _l("Group"),
        validators=[Optional(), Length(max=200)],
        description=_l("Checklist items with the same group are listed together."),
    )
    title = required_text(_l("Title"), 300)
    body = TextAreaField(
        _l("Text"), validators=[Optional(), Length(max=50_000)], description=MARKDOWN_HINT
    )
    who = StringField(_l("Who"), validators=[Optional(), Length(max=300)])
    resources = TextAreaField(
        _l("Resources"), validators=[Optional(), Length(max=20_000)], description=MARKDOWN_HINT
    )
    lessons = MultiCheckboxField(_l("Lessons this comes from"), coerce=int)
