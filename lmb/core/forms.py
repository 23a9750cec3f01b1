"""Form pieces shared by the domains."""

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from lmb.core import text

REQUIRED = _l("This field is required.")


class DateField(wtforms.DateField):
    """A day people plan in: years 1900 to 2199. A year such as 0001 or 9999 (a typo, or a
    hostile value) is refused on its field instead of overflowing later, in the time-zone
    arithmetic or the database (a day in year 1 in Brussels lies before year 1 in UTC)."""

    FIRST_YEAR, LAST_YEAR = 1900, 2199

    def pre_validate(self, form):
        super().pre_validate(form)
        if self.data is not None and not self.FIRST_YEAR <= self.data.year <= self.LAST_YEAR:
            raise ValidationError(_l("Enter a date between 1900 and 2199."))


class NoControlCharacters:
    """The rule of lmb.core.text for one field: single-line unless `multiline`."""

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, form, field):
        data = field.data
        values = data if isinstance(data, list | tuple) else [data]
        for value in values:
            if isinstance(value, str) and text.has_forbidden_characters(
                value, multiline=self.multiline
            ):
                raise ValidationError(
                    text.multi_line_message() if self.multiline else text.single_line_message()
                )


def is_text_field(field) -> bool:
    """Text a person types (passwords aside: they are never shown, mailed or stored)."""
    return isinstance(field, StringField) and not isinstance(field, PasswordField)


class HiddenInputWithoutId(HiddenInput):
    """A hidden input needs no id: no label points at it, and a page with several forms would
    otherwise repeat id="csrf_token" (WCAG 4.1.1)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", False)
        return super().__call__(field, **kwargs)


class Form(FlaskForm):
    """The base of every form: each text field refuses control characters (lmb.core.text).

    Single-line fields (StringField and its kinds) refuse tabs and line breaks too; a
    TextAreaField keeps them, and its U+2028/U+2029 become ordinary line breaks.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, HiddenField):
                field.widget = HiddenInputWithoutId()
            if is_text_field(field):
                multiline = isinstance(field, TextAreaField)
                field.validators = [NoControlCharacters(multiline), *field.validators]
                if multiline:
                    field.filters = (*field.filters, text.line_separators_to_newlines)
            return field


class ConfirmForm(Form):
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
