"""The themes form: which tracks' news, and how often."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField

from lmb.core.forms import Form, MultiCheckboxField
from lmb.notifications.models import Frequency


class ThemesForm(Form):
    tracks = MultiCheckboxField(_l("Themes"), coerce=int)
    frequency = RadioField(_l("How often"), coerce=Frequency.coerce)
    reminders = BooleanField(_l("Remind me of my sessions (7 days and 1 day before)"))

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks.choices = [(t.id, t.title) for t in tracks]
        self.frequency.choices = Frequency.choices()
