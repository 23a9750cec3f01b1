"""Sessions (of a track, or of another owner: `owner_kind=` and `owner=`): planning, moving, cancelling, where
a change of time, place or title raises the SEQUENCE calendars follow; and attendance."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from lmb import events
from lmb.core.enums import PhaseKey
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.permissions import require
from lmb.extensions import db
from lmb.scheduling.audiences import of_tracks
from lmb.scheduling.models import Attendance, Intent, OwnerKind, Session, SessionStatus


def check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ServiceError(_("Give the time with its time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise ServiceError(_("A session must end after it starts."), field="ends_at")


def check_new_session(
    track, *, phase: PhaseKey | None, starts_at: datetime, ends_at: datetime
) -> None:
    """The rules `create_session` keeps, without planning anything: a form that asks before it
    invites (lmb.core.views.check_answers) shows a refusal on its field before the question."""
    check_times(starts_at, ends_at)
    if track is not None and phase is None:
        raise ServiceError(_("Choose a phase."), field="phase")


def check_change(
    session: Session, *, starts_at: datetime | None = None, ends_at: datetime | None = None
) -> None:
    """The rules `change_session` keeps, without changing anything (as check_new_session)."""
    if session.status is SessionStatus.cancelled:
        raise ServiceError(_("A cancelled session cannot be changed."))
    check_times(starts_at or session.starts_at, ends_at or session.ends_at)


def create_session(
    track,
    *,
    phase: PhaseKey | None,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
    capacity: int | None = None,
    owner_kind: OwnerKind | None = None,
    owner=None,
) -> Session:
    """Plan a session of `track`, or, with `track=None`, one that another domain owns: its
    `owner_kind`, and `owner`, that domain's row pointing to it (its `session`), stored before
    `session_created` is sent, so that the receivers can tell who is invited."""
    if (track is None) == (owner_kind in (None, OwnerKind.track)):
        raise ValueError("a session is a track's, or names its other owner_kind")
    check_new_session(track, phase=phase, starts_at=starts_at, ends_at=ends_at)
    session = Session(
        track=track,
        owner_kind=OwnerKind.track if track is not None else owner_kind,
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
    if owner is not None:
        owner.session = session
        db.session.add(owner)
    db.session.flush()
    events.session_created.send(session)
    db.session.flush()
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
    check_change(session, starts_at=starts_at, ends_at=ends_at)
    new_starts, new_ends = starts_at or session.starts_at, ends_at or session.ends_at
    old_starts_at = session.starts_at
    visible = _visible(session, title, new_starts, new_ends, location, online_url)
    changed = any(getattr(session, name) != value for name, value in visible.items())
    for name, value in visible.items():
        setattr(session, name, value)
    if agenda is not None:
        session.agenda = agenda
    if changed:
        session.sequence += 1
        db.session.flush()
        events.session_rescheduled.send(session, old_starts_at=old_starts_at)
    db.session.flush()
    return changed


def _visible(session, title, starts_at, ends_at, location, online_url) -> dict:
    """What calendars show of a session, as it would be after a change."""
    return {
        "title": title.strip() if title is not None else session.title,
        "starts_at": starts_at or session.starts_at,
        "ends_at": ends_at or session.ends_at,
        "location": location.strip() if location is not None else session.location,
        "online_url": online_url.strip() if online_url is not None else session.online_url,
    }


def would_change(
    session: Session,
    *,
    title: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    location: str | None = None,
    online_url: str | None = None,
) -> bool:
    """Whether `change_session` with these values would send its people an update (what
    calendars show changes), without changing anything: the question before it asks this."""
    visible = _visible(session, title, starts_at, ends_at, location, online_url)
    return any(getattr(session, name) != value for name, value in visible.items())


def cancel_session(session: Session, now: datetime | None = None) -> None:
    if session.status is SessionStatus.cancelled:
        return
    session.status = SessionStatus.cancelled
    session.cancelled_at = now or utcnow()
    session.sequence += 1
    db.session.flush()
    events.session_cancelled.send(session)
    db.session.flush()


# Attendance: intent before, presence after


def set_intent(user, session: Session, intent: Intent) -> None:
    """A confirmed participant says whether they will come."""
    require(
        of_tracks().may_answer,
        user,
        session,
        _("Only confirmed participants of the track can answer."),
    )
    if session.status is SessionStatus.cancelled:
        raise ServiceError(_("This session is cancelled."))
    _attendance(session.id, user.id).intent = intent
    db.session.flush()


def _attendance(session_id: int, user_id: int) -> Attendance:
    attendance = db.session.scalar(
        select(Attendance).where(Attendance.session_id == session_id, Attendance.user_id == user_id)
    )
    if attendance is None:
        attendance = Attendance(session_id=session_id, user_id=user_id)
        db.session.add(attendance)
    return attendance


def record_attendance(session: Session, present_user_ids: set[int], *, by, now=None) -> None:
    """After the session, a coordinator records who was there (everyone confirmed gets a yes/no).

    Only from the attendance page, which the track's coordinators alone reach."""
    if session.starts_at > (now or utcnow()):
        raise ServiceError(_("Attendance can be recorded once the session has started."))
    for user_id in confirmed_user_ids(session.track_id) | present_user_ids:
        _attendance(session.id, user_id).attended = user_id in present_user_ids
    db.session.flush()


def confirmed_user_ids(track_id: int) -> set[int]:
    """The ids of the track's confirmed participants (as the tracks domain says)."""
    return of_tracks().confirmed_user_ids(track_id)


def attendance_counts(session_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per session: how many said yes / maybe / no, and how many attended."""
    counts = {sid: {"yes": 0, "maybe": 0, "no": 0, "attended": 0} for sid in session_ids}
    if not session_ids:
        return counts
    for session_id, intent, attended, number in db.session.execute(
        select(Attendance.session_id, Attendance.intent, Attendance.attended, func.count())
        .where(Attendance.session_id.in_(session_ids))
        .group_by(Attendance.session_id, Attendance.intent, Attendance.attended)
    ):
        if intent is not None:
            counts[session_id][intent.name] += number
        if attended:
            counts[session_id]["attended"] += number
    return counts


def intents_of(user, session_ids: list[int]) -> dict[int, Attendance]:
    if not session_ids:
        return {}
    found = db.session.scalars(_intents_of(), {"user_id": user.id, "ids": list(session_ids)})
    return {a.session_id: a for a in found}


@cache
def _intents_of():
    # Built once: Mijn agenda and Mijn overzicht ask for it on every request.
    return select(Attendance).where(
        Attendance.user_id == bindparam("user_id"),
        Attendance.session_id.in_(bindparam("ids", expanding=True)),
    )


def attendance_of_session(session_id: int) -> list[Attendance]:
    return list(db.session.scalars(select(Attendance).where(Attendance.session_id == session_id)))
