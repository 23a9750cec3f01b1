"""Reading and changing programmes and tracks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lmb.accounts.models import User
from lmb.extensions import db
from lmb.tracks.models import (
    Milestone,
    Programme,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    Track,
)


def programmes() -> list[Programme]:
    return list(
        db.session.scalars(
            select(Programme)
            .options(selectinload(Programme.milestones))
            .order_by(Programme.starts_on)
        )
    )


def all_tracks() -> list[Track]:
    return list(
        db.session.scalars(
            select(Track)
            .options(selectinload(Track.phases), selectinload(Track.programme))
            .join(Track.programme)
            .order_by(Programme.starts_on, Track.number)
        )
    )


def track_by_slug(slug: str) -> Track | None:
    return db.session.scalar(
        select(Track)
        .where(Track.slug == slug)
        .options(
            selectinload(Track.phases),
            selectinload(Track.coordinators),
            selectinload(Track.partners),
            selectinload(Track.programme),
        )
    )


def upcoming_milestones(today: date, limit: int = 5) -> list[Milestone]:
    """Milestones that have not ended yet, soonest first: "what comes next"."""
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.ends_on >= today)
            .options(selectinload(Milestone.programme))
            .order_by(Milestone.starts_on)
            .limit(limit)
        )
    )


def upcoming_sessions(now: datetime, limit: int = 5, track: Track | None = None) -> list[Session]:
    query = (
        select(Session)
        .where(Session.ends_at >= now, Session.status == SessionStatus.scheduled)
        .options(selectinload(Session.track))
        .order_by(Session.starts_at)
        .limit(limit)
    )
    if track is not None:
        query = query.where(Session.track_id == track.id)
    return list(db.session.scalars(query))


@dataclass
class RegistrationCounts:
    confirmed: int = 0
    waitlisted: int = 0


def registration_counts(track_ids: list[int]) -> dict[int, RegistrationCounts]:
    """Confirmed and waitlisted counts per track, in one query."""
    counts = {track_id: RegistrationCounts() for track_id in track_ids}
    if not track_ids:
        return counts
    rows = db.session.execute(
        select(Registration.track_id, Registration.status, func.count())
        .where(
            Registration.track_id.in_(track_ids),
            Registration.status != RegistrationStatus.cancelled,
        )
        .group_by(Registration.track_id, Registration.status)
    )
    for track_id, status, count in rows:
        setattr(counts[track_id], status.name, count)
    return counts


def set_coordinated_tracks(user: User, track_ids: list[int]) -> None:
    """Attach a coordinator to exactly these tracks."""
    wanted = set(track_ids)
    tracks = db.session.scalars(select(Track).where(Track.id.in_(wanted))).all() if wanted else []
    user.coordinated_tracks = list(tracks)
    db.session.commit()
