"""Reading and changing programmes and tracks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lmb import events
from lmb.accounts.models import User
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.tracks.models import (
    Milestone,
    PhaseKey,
    Programme,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    Track,
    TrackInterest,
    TrackStatus,
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


# Sessions: a change of time, place or title raises the SEQUENCE that calendars follow.


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ServiceError(_("Give the time with its time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise ServiceError(_("A session must end after it starts."), field="ends_at")


def create_session(
    track: Track,
    *,
    phase: PhaseKey,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
    capacity: int | None = None,
) -> Session:
    _check_times(starts_at, ends_at)
    session = Session(
        track=track,
        phase=phase,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url.strip(),
        agenda=agenda,
        capacity=capacity,
    )
    db.session.add(session)
    db.session.flush()
    events.session_created.send(session)
    db.session.commit()
    return session


def change_session(
    session: Session,
    *,
    title: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    location: str | None = None,
    online_url: str | None = None,
    agenda: str | None = None,
) -> bool:
    """Edit or move a session; True when something calendars show changed (SEQUENCE + 1)."""
    if session.status is SessionStatus.cancelled:
        raise ServiceError(_("A cancelled session cannot be changed."))
    new_starts, new_ends = starts_at or session.starts_at, ends_at or session.ends_at
    _check_times(new_starts, new_ends)
    old_starts_at = session.starts_at
    visible = {
        "title": title.strip() if title is not None else session.title,
        "starts_at": new_starts,
        "ends_at": new_ends,
        "location": location.strip() if location is not None else session.location,
        "online_url": online_url.strip() if online_url is not None else session.online_url,
    }
    changed = any(getattr(session, name) != value for name, value in visible.items())
    for name, value in visible.items():
        setattr(session, name, value)
    if agenda is not None:
        session.agenda = agenda
    if changed:
        session.sequence += 1
        db.session.flush()
        events.session_rescheduled.send(session, old_starts_at=old_starts_at)
    db.session.commit()
    return changed


def cancel_session(session: Session, now: datetime | None = None) -> None:
    if session.status is SessionStatus.cancelled:
        return
    session.status = SessionStatus.cancelled
    session.cancelled_at = now or utcnow()
    session.sequence += 1
    db.session.flush()
    events.session_cancelled.send(session)
    db.session.commit()


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
        db.session.commit()


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
    db.session.commit()
    return changed
