"""Enumerations whose members carry a translatable label for the interface."""

import enum
from weakref import WeakKeyDictionary

from flask_babel import lazy_gettext as _l

from lmb.core.i18n import current_translations

# {catalogue: {enum class: {member: translated label}}}: a page shows dozens of labels, and
# the catalogue of a locale does not change while the process runs.
_LABELS: "WeakKeyDictionary[object, dict[type, dict]]" = WeakKeyDictionary()


def _translated_labels(enum_class, translations) -> dict:
    """{member: label} of an enum in a catalogue, translated once."""
    by_enum = _LABELS.setdefault(translations, {})
    labels = by_enum.get(enum_class)
    if labels is None:
        labels = by_enum[enum_class] = {m: str(lazy) for m, lazy in enum_class._labels().items()}
    return labels


class LabelledEnum(enum.Enum):
    """An enum stored by name whose members have a translated label.

    Subclasses define `_labels()` returning {member: lazy string}.
    """

    @classmethod
    def _labels(cls) -> dict:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return _translated_labels(type(self), current_translations())[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.name, member.label) for member in cls]

    @classmethod
    def coerce(cls, value):
        """Form coercion: a member name (or member) to the member, for SelectField."""
        if isinstance(value, cls):
            return value
        try:
            return cls[value]
        except KeyError as error:
            # WTForms turns ValueError into "Not a valid choice"; a KeyError would be a 500.
            raise ValueError(value) from error

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(self.label))


class PhaseKey(LabelledEnum):
    """The three functions of a track (seed 000); the keys are proper names. Shared vocabulary
    of tracks, their sessions (scheduling) and toolkits."""

    labo = "labo"
    voedingsbodem = "voedingsbodem"
    uitrol = "uitrol"

    @classmethod
    def _labels(cls):
        return {
            cls.labo: _l("Labo"),
            cls.voedingsbodem: _l("Voedingsbodem"),
            cls.uitrol: _l("Uitrol"),
        }

    @property
    def purpose(self) -> str:
        return str(
            {
                PhaseKey.labo: _l("Experiment together and improve your own practice."),
                PhaseKey.voedingsbodem: _l(
                    "Feed the lessons from practice back into the concept of local global policy."
                ),
                PhaseKey.uitrol: _l(
                    "Share the lessons with other municipalities through tools and coaching."
                ),
            }[self]
        )
