"""The 8 modalities of seed 002 (keuzemenu) with their Wegwijzer scores; adds only what is
missing: a modality that is not there, and the English (seed_data_en.json) and French
(seed_data_fr.json) of one that has none yet: its name, table label and definition, its
sections' headings and texts, and the practice examples' titles and texts (all of them in
both languages). Texts already stored are never changed."""

import json
from pathlib import Path

from sqlalchemy import select

from lmb.extensions import db
from lmb.modalities.models import CHARACTERISTIC_KEYS, Modality

SEED_FILE = Path(__file__).with_name("seed_data.json")
TRANSLATION_FILES = {
    "en": Path(__file__).with_name("seed_data_en.json"),
    "fr": Path(__file__).with_name("seed_data_fr.json"),
}
TRANSLATED_FIELDS = ("name", "table_label", "definition")


def load_seed() -> list[dict]:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def load_translation(lang: str) -> dict:
    return json.loads(TRANSLATION_FILES[lang].read_text(encoding="utf-8"))


def load_english() -> dict:
    return load_translation("en")


def _translated_items(items: list, key: str, parts: dict, lang: str) -> list:
    """`items` (sections or examples, found by their Dutch `key`) with the translations of
    `parts` ({part: {dutch key: translation}}) they do not have yet: a new list."""
    added = []
    for item in items:
        item = dict(item)
        for part, texts in parts.items():
            name = f"{part}_{lang}"
            if name not in item and item[key] in texts:
                item[name] = texts[item[key]]
        added.append(item)
    return added


def _add_translation(modality: Modality, translation: dict, lang: str) -> bool:
    texts = translation["modalities"].get(modality.slug, {})
    added = False
    for name in TRANSLATED_FIELDS:
        if texts.get(name) and not getattr(modality, f"{name}_{lang}"):
            setattr(modality, f"{name}_{lang}", texts[name])
            added = True
    sections = _translated_items(
        modality.sections,
        "heading",
        {
            "heading": translation["section_headings"],
            "text": translation["sections"].get(modality.slug, {}),
        },
        lang,
    )
    if sections != modality.sections:
        modality.sections = sections  # a new list, so that the JSON column sees the change
        added = True
    examples = translation.get("examples", {}).get(modality.slug, {})
    translated = _translated_items(
        modality.examples,
        "title",
        {
            "title": {dutch: example["title"] for dutch, example in examples.items()},
            "text": {dutch: example["text"] for dutch, example in examples.items()},
        },
        lang,
    )
    if translated != modality.examples:
        modality.examples = translated
        added = True
    return added


def _add_translations(modality: Modality, translations: dict[str, dict]) -> bool:
    added = [_add_translation(modality, texts, lang) for lang, texts in translations.items()]
    return any(added)


def seed_modalities() -> int:
    existing = {m.slug: m for m in db.session.scalars(select(Modality))}
    translations = {lang: load_translation(lang) for lang in TRANSLATION_FILES}
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
            _add_translations(modality, translations)
            added += 1
        elif _add_translations(modality, translations):
            added += 1
    db.session.flush()
    return added
