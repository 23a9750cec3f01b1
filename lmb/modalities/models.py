"""The modalities (werkvormen) of seed 002 with their scores in the Wegwijzer table."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lmb.core.models import TimestampMixin
from lmb.extensions import db

# The Wegwijzer's columns, in the table's order: (key, heading). In Dutch each heading is the
# document's own (its "bestuurkrachtversterking" spelled as the rest of the document spells it);
# two carry the document's detail under them (DETAILS).
CHARACTERISTICS: list[tuple[str, str]] = [
    ("governance", _l("Contribution to strengthening governance capacity")),
    ("officials", _l("Involvement of politicians and officials")),
    ("civil_society", _l("Involvement of civil society")),
    ("private_sector", _l("Involvement of the private sector")),
    ("reciprocity", _l("Reciprocity")),
    ("citizenship", _l("An opportunity for global citizenship")),
    ("term", _l("Term")),
    ("budget", _l("Budget")),
]
DETAILS = {
    "civil_society": _l("associations, NGOs, schools..."),
    "private_sector": _l("companies, social economy"),
}
CHARACTERISTIC_KEYS = [key for key, _ in CHARACTERISTICS]

# The table's symbols as stored numbers.
SYMBOL_SCORES = {"-": -1, "+": 1, "++": 2, "+++": 3}
SCORE_SYMBOLS = {score: symbol for symbol, score in SYMBOL_SCORES.items()}


def _score_column() -> Mapped[int]:
    return mapped_column(SmallInteger)


class Modality(TimestampMixin, db.Model):
    """A form of municipal global cooperation (werkvorm)."""

    __tablename__ = "modalities"
    __table_args__ = tuple(
        CheckConstraint(f"score_{key} BETWEEN -1 AND 3", name=f"score_{key}_range")
        for key in CHARACTERISTIC_KEYS
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Order in the keuzemenu (1-8).
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    # The row label in the Wegwijzer table, which sometimes differs from the chapter name.
    table_label: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)
    # [{"heading": ..., "text": ...}]: Wederkerigheid, Participatie, Termijn, Budget, ...
    sections: Mapped[list] = mapped_column(JSON, default=list)
    # Practice examples: [{"title": ..., "text": ...}]
    examples: Mapped[list] = mapped_column(JSON, default=list)
    # Wegwijzer scores: -1 ("-") up to 3 ("+++").
    score_governance: Mapped[int] = _score_column()
    score_officials: Mapped[int] = _score_column()
    score_civil_society: Mapped[int] = _score_column()
    score_private_sector: Mapped[int] = _score_column()
    score_reciprocity: Mapped[int] = _score_column()
    score_citizenship: Mapped[int] = _score_column()
    score_term: Mapped[int] = _score_column()
    score_budget: Mapped[int] = _score_column()

    @property
    def scores(self) -> dict[str, int]:
        return {key: getattr(self, f"score_{key}") for key in CHARACTERISTIC_KEYS}

    def __str__(self) -> str:
        return self.name
