"""Enumerations whose members carry a translatable label for the interface."""

import enum

# {enum class: its _labels()}: a page shows dozens of labels, each asked for separately.
_LAZY_LABELS: dict[type, dict] = {}


class LabelledEnum(enum.Enum):
    """An enum stored by name whose members have a translated label.

    Subclasses define `_labels()` returning {member: lazy string}.
    """

    @classmethod
    def _labels(cls) -> dict:
        raise NotImplementedError

    @property
    def label(self) -> str:
        # The lazy strings are made once per enum; each str() translates in the current locale.
        labels = _LAZY_LABELS.get(type(self))
        if labels is None:
            labels = _LAZY_LABELS[type(self)] = self._labels()
        return str(labels[self])

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
