"""Programmes and tracks: reading them, coordinators, interest, and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from lmb import events
from lmb.accounts.models import User
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.scheduling.ics import parse_offset
from lmb.scheduling.models import Session, SessionStatus
from lmb.tracks.models import (
    Milestone,
    Programme,
    Registration,
    RegistrationStatus,
    Track,
    TrackInterest,
    TrackStatus,
    track_coordinators,
)


def programmes() -> list[Programme]:
    return list(
        db.session.scalars(
            select(Programme)
            .options(selectinload(Programme.milestones))
            .order_by(Programme.starts_on)
        )
    )


def programme_by_slug(slug: str) -> Programme | None:
    """A programme with what its page draws: its milestones and its tracks with their phases."""
    return db.session.scalar(
        select(Programme)
        .where(Programme.slug == slug)
        .options(
            selectinload(Programme.milestones),
            selectinload(Programme.tracks).selectinload(Track.phases),
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


@cache
def _track_by_slug():
    # Built once (as the other statements of a track's page): SQLAlchemy then neither builds
    # it nor computes its cache key again for every request.
    return (
        select(Track)
        .where(Track.slug == bindparam("slug"))
        .options(
            joinedload(Track.programme),
            joinedload(Track.phases),
            joinedload(Track.coordinators),
            joinedload(Track.partners),
        )
    )


def track_by_slug(slug: str) -> Track | None:
    """The track with what every page of it shows, in one statement: its programme, its three
    phases, its coordinators and partners (a few each: phases x coordinators x partners rows,
    a few dozen at most, cost less than two more round trips to the database)."""
    return db.session.scalars(_track_by_slug(), {"slug": slug}).unique().one_or_none()


@cache
def _track_page_sessions():
    return (
        select(
            Session.id,
            Session.phase,
            Session.title,
            Session.starts_at,
            Session.ends_at,
            Session.location,
            Session.status,
            Session.is_demo,
        )
        .where(Session.track_id == bindparam("track_id"))
        .order_by(Session.starts_at, Session.id)
    )


def track_page_sessions(track: Track) -> list:
    """All the track's sessions (cancelled ones too), by start, as its page lists them: rows
    of the columns it shows (when, phase, title, place, status), no Session objects."""
    return list(db.session.execute(_track_page_sessions(), {"track_id": track.id}))


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
        .where(
            Session.ends_at >= now,
            Session.status == SessionStatus.scheduled,
            Session.track_id.is_not(None),
        )
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


@cache
def _registration_counts():
    return (
        select(Registration.track_id, Registration.status, func.count())
        .where(
            Registration.track_id.in_(bindparam("track_ids", expanding=True)),
            Registration.status != RegistrationStatus.cancelled,
        )
        .group_by(Registration.track_id, Registration.status)
    )


def registration_counts(track_ids: list[int]) -> dict[int, RegistrationCounts]:
    """Confirmed and waitlisted counts per track, in one query."""
    counts = {track_id: RegistrationCounts() for track_id in track_ids}
    if not track_ids:
        return counts
    rows = db.session.execute(_registration_counts(), {"track_ids": list(track_ids)})
    for track_id, status, count in rows:
        setattr(counts[track_id], status.name, count)
    return counts


def set_coordinated_tracks(user: User, track_ids: list[int]) -> None:
    """Attach a coordinator to exactly these tracks."""
    wanted = set(track_ids)
    tracks = db.session.scalars(select(Track).where(Track.id.in_(wanted))).all() if wanted else []
    user.coordinated_tracks = list(tracks)
    db.session.flush()


# Registration interest and the timeline


def is_interested(user: User, track: Track) -> bool:
    return (
        db.session.scalar(
            select(TrackInterest.id).where(
                TrackInterest.track_id == track.id, TrackInterest.user_id == user.id
            )
        )
        is not None
    )


def express_interest(user: User, track: Track) -> None:
    """Remember that this person wants to hear when the track's registration opens."""
    if not is_interested(user, track):
        db.session.add(TrackInterest(track=track, user=user))
        db.session.flush()


def status_by_dates(track: Track, now: datetime) -> TrackStatus | None:
    """The status a track's dates give at `now`, or None when the dates are not set."""
    if track.registration_opens_at is None or track.registration_closes_at is None:
        return None
    last_day = max((p.ends_on for p in track.phases), default=None)
    if now < track.registration_opens_at:
        return TrackStatus.announced
    if now < track.registration_closes_at:
        return TrackStatus.open
    if last_day is None or to_local(now).date() <= last_day:
        return TrackStatus.running
    return TrackStatus.closed


STATUS_ORDER = list(TrackStatus)


def advance_timeline(now: datetime) -> list[tuple[Track, TrackStatus]]:
    """Move tracks forward as their dates pass (never back: a coordinator's choice stands).

    Returns the tracks that changed and their new status; a track that opens is announced.
    """
    changed = []
    for track in all_tracks():
        target = status_by_dates(track, now)
        if target is None or STATUS_ORDER.index(target) <= STATUS_ORDER.index(track.status):
            continue
        track.status = target
        changed.append((track, target))
        if target is TrackStatus.open:
            events.track_opened.send(track)
    db.session.flush()
    return changed


def valid_offset(value: str) -> bool:
    try:
        parse_offset(value)
    except ValueError:
        return False
    return True


def coordinated_tracks(user: User) -> list[Track]:
    """The tracks a person coordinates, in their catalogue order (one statement)."""
    return list(
        db.session.scalars(
            select(Track)
            .join(track_coordinators, track_coordinators.c.track_id == Track.id)
            .where(track_coordinators.c.user_id == user.id)
            .order_by(Track.number, Track.id)
        )
    )
