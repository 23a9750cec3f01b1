"""The 8 modalities of seed 002 (keuzemenu) with their Wegwijzer scores; adds only what is missing."""

import json
from pathlib import Path

from sqlalchemy import select

from lmb.extensions import db
from lmb.modalities.models import CHARACTERISTIC_KEYS, Modality

SEED_FILE = Path(__file__).with_name("seed_data.json")


def load_seed() -> list[dict]:
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def seed_modalities() -> int:
    existing = set(db.session.scalars(select(Modality.slug)))
    added = 0
    for data in load_seed():
        if data["slug"] in existing:
            continue
        db.session.add(
            Modality(
                slug=data["slug"],
                position=data["position"],
                name=data["name"],
                table_label=data["table_label"],
                definition=data["definition"],
                sections=data["sections"],
                examples=data["examples"],
                **{f"score_{key}": data["scores"][key] for key in CHARACTERISTIC_KEYS},
            )
        )
        added += 1
    db.session.flush()
    return added
