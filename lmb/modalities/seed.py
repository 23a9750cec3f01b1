"""The 8 modalities of seed 002 (keuzemenu) with their Wegwijzer scores; adds only what is
missing: a modality that is not there, and the English (seed_data_en.json) of one that has none
yet: its name, table label and definition, its sections' headings and the texts of its short
sections (term, budget). Texts already stored are never changed."""

import json
from pathlib import Path

from sqlalchemy import select

from lmb.extensions import db
from lmb.modalities.models import CHARACTERISTIC_KEYS, Modality

SEED_FILE = Path(__file__).with_name("seed_data.json")
ENGLISH_FILE = Path(__file__).with_name("seed_data_en.json")
ENGLISH_FIELDS = ("name", "table_label", "definition")


def load_seed() -> list[dict]:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def load_english() -> dict:
    return json.loads(ENGLISH_FILE.read_text(encoding="utf-8"))


def _add_english(modality: Modality, english: dict) -> bool:
    texts = english["modalities"].get(modality.slug, {})
    added = False
    for name in ENGLISH_FIELDS:
        if texts.get(name) and not getattr(modality, f"{name}_en"):
            setattr(modality, f"{name}_en", texts[name])
            added = True
    headings = english["section_headings"]
    texts = english["sections"].get(modality.slug, {})
    sections = []
    for section in modality.sections:
        section = dict(section)
        if "heading_en" not in section and section["heading"] in headings:
            section["heading_en"] = headings[section["heading"]]
        if "text_en" not in section and section["heading"] in texts:
            section["text_en"] = texts[section["heading"]]
        sections.append(section)
    if sections != modality.sections:
        modality.sections = sections  # a new list, so that the JSON column sees the change
        added = True
    return added


def seed_modalities() -> int:
    existing = {m.slug: m for m in db.session.scalars(select(Modality))}
    english = load_english()
    added = 0
    for data in load_seed():
        modality = existing.get(data["slug"])
        if modality is None:
            modality = Modality(
                slug=data["slug"],
                position=data["position"],
                name=data["name"],
                table_label=data["table_label"],
                definition=data["definition"],
                sections=data["sections"],
                examples=data["examples"],
                **{f"score_{key}": data["scores"][key] for key in CHARACTERISTIC_KEYS},
            )
            db.session.add(modality)
            _add_english(modality, english)
            added += 1
        elif _add_english(modality, english):
            added += 1
    db.session.flush()
    return added
