"""The chooser's form: how much each characteristic of the wegwijzer matters (a GET form)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from lmb.core.forms import Form
from lmb.modalities.models import CHARACTERISTICS, DETAILS

GENERAL = [
    ("0", _l("Does not matter")),
    ("1", _l("Somewhat important")),
    ("2", _l("Important")),
    ("3", _l("Very important")),
    ("-1", _l("Rather less")),
]
TERM = [
    ("0", _l("Does not matter")),
    ("3", _l("Long term")),
    ("1", _l("Rather long")),
    ("-1", _l("Rather short")),
    ("-3", _l("Short term")),
]
BUDGET = [
    ("0", _l("Any budget")),
    ("-1", _l("Rather limited")),
    ("-2", _l("Low")),
    ("-3", _l("As low as possible")),
]
CHOICES = {"term": TERM, "budget": BUDGET}


class ChooserForm(Form):
    """One select per characteristic; read from the query string, so the result can be linked."""

    class Meta:
        csrf = False

    def weights(self) -> dict[str, int]:
        return {key: int(self[key].data) for key, _label in CHARACTERISTICS}


for _key, _label in CHARACTERISTICS:
    setattr(
        ChooserForm,
        _key,
        SelectField(
            _label,
            choices=CHOICES.get(_key, GENERAL),
            default="0",
            description=DETAILS.get(_key, ""),
        ),
    )
