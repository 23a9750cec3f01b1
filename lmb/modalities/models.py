"""The modalities (werkvormen) of seed 002 with their scores in the Wegwijzer table."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lmb.core.i18n import localized
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
    # The same in English (the platform's translation); empty means the Dutch is shown. The
    # sections carry theirs as "heading_en"/"text_en", the examples as "title_en"/"text_en"
    # (seed_data_en.json, issue 14).
    name_en: Mapped[str] = mapped_column(String(200), default="")
    table_label_en: Mapped[str] = mapped_column(String(200), default="")
    definition_en: Mapped[str] = mapped_column(Text, default="")
    # The same in French, for the partner municipalities (issue 18; seed_data_fr.json); the
    # sections carry theirs as "heading_fr"/"text_fr", the examples as "title_fr"/"text_fr".
    name_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    table_label_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    definition_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
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

    def _localized(self, name: str) -> tuple[str, str]:
        """(text, language) of a field for the page's language: the English or French when
        it has one, else the Dutch (the page then says it is untranslated)."""
        return localized(
            getattr(self, name),
            {"en": getattr(self, f"{name}_en"), "fr": getattr(self, f"{name}_fr")},
        )

    def _shown(self, name: str) -> str:
        return self._localized(name)[0]

    def language_of(self, name: str) -> str:
        """The language `shown_<name>` is in (marked where it differs from the page's)."""
        return self._localized(name)[1]

    @property
    def shown_name(self) -> str:
        return self._shown("name")

    @property
    def shown_table_label(self) -> str:
        return self._shown("table_label")

    @property
    def shown_definition(self) -> str:
        return self._shown("definition")

    @property
    def shown_sections(self) -> list[dict]:
        """Each section with `shown_heading`, `shown_text` and their languages (the reader's
        where the section has it, else the document's Dutch)."""
        return [_in_reader_language(section, ("heading", "text")) for section in self.sections]

    @property
    def shown_examples(self) -> list[dict]:
        """Each practice example with `shown_title`, `shown_text` and their languages."""
        return [_in_reader_language(example, ("title", "text")) for example in self.examples]

    @property
    def scores(self) -> dict[str, int]:
        return {key: getattr(self, f"score_{key}") for key in CHARACTERISTIC_KEYS}

    def __str__(self) -> str:
        return self.name


def _in_reader_language(item: dict, parts: tuple[str, ...]) -> dict:
    shown = dict(item)
    for part in parts:
        text, lang = localized(
            item[part], {"en": item.get(f"{part}_en"), "fr": item.get(f"{part}_fr")}
        )
        shown[f"shown_{part}"], shown[f"{part}_lang"] = text, lang
    return shown
