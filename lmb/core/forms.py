"""Form pieces shared by the domains."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget


class ConfirmForm(FlaskForm):
    """A button-only form: the CSRF token is its content."""


def enum_select(label, enum_class, **kwargs) -> SelectField:
    return SelectField(label, coerce=enum_class.coerce, **kwargs)


def required_text(label, max_length: int, **kwargs) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(message=_l("This field is required.")), Length(max=max_length)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        **kwargs,
    )


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes in a list (rendered in a fieldset with a legend)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
