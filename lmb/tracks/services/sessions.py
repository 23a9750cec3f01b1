"""Sessions of a track: a change of time, place or title raises the SEQUENCE calendars follow."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from lmb import events
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.tracks.models import PhaseKey, Session, SessionStatus, Track


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
