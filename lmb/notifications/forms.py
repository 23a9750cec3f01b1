"""The themes form: which themes' news (tracks, programmes, calls: one group of checkboxes per
kind of theme), and how often."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField

from lmb.core.forms import Form, MultiCheckboxField
from lmb.notifications.models import Frequency


class ThemesForm(Form):
    frequency = RadioField(_l("How often"), coerce=Frequency.coerce)
    reminders = BooleanField(_l("Remind me of my sessions (7 days and 1 day before)"))

    # The names of the groups' fields, in order, and those whose choices are content (set by
    # themes_form).
    theme_field_names: tuple[str, ...] = ()
    content_field_names: frozenset = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency.choices = Frequency.choices()

    def theme_fields(self) -> list:
        return [self[name] for name in self.theme_field_names]

    def is_content(self, field) -> bool:
        return field.name in self.content_field_names

    def chosen_themes(self) -> list[str]:
        return [key for field in self.theme_fields() for key in (field.data or [])]

    def show_themes(self, keys) -> None:
        for field in self.theme_fields():
            field.data = [key for key, _title in field.choices if key in keys]


def themes_form(groups, **kwargs) -> ThemesForm:
    """The form with one group of checkboxes per kind of theme: `groups` as
    lmb.notifications.subscriptions.theme_groups() gives them."""
    names, content, fields = [], set(), {}
    for source, choices in groups:
        name = "themes_" + source.kind.replace("-", "_")
        fields[name] = MultiCheckboxField(source.heading, choices=choices)
        names.append(name)
        if source.content:
            content.add(name)
    form_class = type(
        "ThemesFormWithGroups",
        (ThemesForm,),
        {**fields, "theme_field_names": tuple(names), "content_field_names": frozenset(content)},
    )
    return form_class(**kwargs)
