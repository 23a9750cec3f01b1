"""Outcome harvesting: outcome statements recorded during visits, filtered and exported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from lmb.accounts.models import Organization
from lmb.core.errors import ServiceError
from lmb.extensions import db
from lmb.partnerships.models import OutcomeRecord, Partnership
from lmb.partnerships.permissions import can_manage, require
from lmb.partnerships.services.shared import clean_sdgs
from lmb.tracks.models import Track

FIELDS = (
    "visited_on",
    "actor",
    "change",
    "occurred_on",
    "place",
    "significance",
    "contribution",
    "sources",
    "substantiation",
    "confirmed_by",
)


def _check(data: dict) -> None:
    if not any(data.get(name) for name in ("municipality", "partnership", "track")):
        raise ServiceError(
            _("Say which municipality, partnership or track the outcome concerns."),
            field="municipality_id",
        )
    for name in ("actor", "change"):
        if not (data.get(name) or "").strip():
            raise ServiceError(_("This field is required."), field=name)
    if data["occurred_on"] > data["visited_on"]:
        raise ServiceError(
            _("An outcome harvested during a visit happened before it."), field="occurred_on"
        )


def save_outcome(
    record: OutcomeRecord | None,
    *,
    by,
    municipality: Organization | None = None,
    partnership: Partnership | None = None,
    track: Track | None = None,
    sdgs=(),
    visit=None,
    **fields,
) -> OutcomeRecord:
    """Record an outcome statement (or correct one); coordinators and admins."""
    require(can_manage, by, None)
    data = {**fields, "municipality": municipality, "partnership": partnership, "track": track}
    _check(data)
    if record is None:
        record = OutcomeRecord(recorded_by_id=by.id)
        db.session.add(record)
    for name in FIELDS:
        value = fields.get(name)
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    record.municipality, record.partnership, record.track = municipality, partnership, track
    record.sdgs = clean_sdgs(sdgs)
    if visit is not None:
        record.visit = visit
    db.session.flush()
    return record


@dataclass
class OutcomeFilters:
    sdg: int | None = None
    municipality_id: int | None = None
    partnership_id: int | None = None
    track_id: int | None = None
    year: int | None = None
    substantiated: bool | None = None
    text: str = ""


def outcomes(filters: OutcomeFilters | None = None) -> list[OutcomeRecord]:
    """Outcome records, newest visit first, narrowed by the filters."""
    filters = filters or OutcomeFilters()
    query = (
        select(OutcomeRecord)
        .options(
            selectinload(OutcomeRecord.municipality),
            selectinload(OutcomeRecord.partnership),
            selectinload(OutcomeRecord.track),
            selectinload(OutcomeRecord.recorded_by),
        )
        .order_by(OutcomeRecord.visited_on.desc(), OutcomeRecord.id.desc())
    )
    if filters.municipality_id:
        query = query.where(OutcomeRecord.municipality_id == filters.municipality_id)
    if filters.partnership_id:
        query = query.where(OutcomeRecord.partnership_id == filters.partnership_id)
    if filters.track_id:
        query = query.where(OutcomeRecord.track_id == filters.track_id)
    if filters.year:
        query = query.where(
            OutcomeRecord.visited_on >= date(filters.year, 1, 1),
            OutcomeRecord.visited_on <= date(filters.year, 12, 31),
        )
    if filters.substantiated is not None:
        confirmed = OutcomeRecord.confirmed_by != ""
        query = query.where(confirmed if filters.substantiated else ~confirmed)
    if filters.text.strip():
        pattern = f"%{_escape_like(filters.text.strip())}%"
        query = query.where(
            or_(
                OutcomeRecord.actor.ilike(pattern, escape="\\"),
                OutcomeRecord.change.ilike(pattern, escape="\\"),
                OutcomeRecord.significance.ilike(pattern, escape="\\"),
            )
        )
    records = list(db.session.scalars(query))
    if filters.sdg:
        # SDGs are a small JSON list per record; filtering them here works on every database.
        records = [r for r in records if filters.sdg in (r.sdgs or [])]
    return records


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def outcome_years() -> list[int]:
    days = db.session.scalars(select(OutcomeRecord.visited_on).distinct())
    return sorted({d.year for d in days}, reverse=True)
