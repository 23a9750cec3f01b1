"""The themes form: which tracks' news, and how often."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField

from lmb.core.forms import MultiCheckboxField
from lmb.notifications.models import Frequency


class ThemesForm(FlaskForm):
    tracks = MultiCheckboxField(_l("Themes"), coerce=int)
    frequency = RadioField(_l("How often"), coerce=Frequency.coerce)

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks.choices = [(t.id, t.title) for t in tracks]
        self.frequency.choices = Frequency.choices()
