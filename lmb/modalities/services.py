"""Reading the modalities of the keuzemenu."""

from sqlalchemy import select

from lmb.extensions import db
from lmb.modalities.models import Modality


def modalities() -> list[Modality]:
    return list(db.session.scalars(select(Modality).order_by(Modality.position)))


def modality_by_slug(slug: str) -> Modality | None:
    return db.session.scalar(select(Modality).where(Modality.slug == slug))
