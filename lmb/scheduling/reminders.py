"""Reminders of sessions: of a track's sessions at the track's offsets (7 days, 1 day), of the
sessions without a track (steering group, partnerships) at the default offsets, to their
audience (scheduling.audiences); and the version of a session that its mail was written for.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from lmb.accounts.models import User
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.models import ReminderOptOut
from lmb.notifications.outbox import Draft
from lmb.notifications.sweep import Recipient, due_offset, reminder_rules
from lmb.scheduling.audiences import audience_of
from lmb.scheduling.models import Session, SessionStatus
from lmb.tracks.models import DEFAULT_REMINDER_OFFSETS, Registration, RegistrationStatus, Track
from lmb.tracks.services import parse_offset

RECIPIENT_COLUMNS = (User.id, User.email, User.name, User.locale)


def track_offsets(track: Track) -> list[tuple[str, timedelta]]:
    """The track's reminder offsets, largest first; unreadable entries are skipped."""
    offsets = []
    for value in track.reminder_offsets or DEFAULT_REMINDER_OFFSETS:
        try:
            offsets.append((value, parse_offset(value)))
        except ValueError:
            continue
    return sorted(offsets, key=lambda item: item[1], reverse=True)


# Sessions: in 7 days, tomorrow (per track: Track.reminder_offsets)


@versions.under("session")
def session_versions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(select(Session.id, Session.sequence).where(Session.id.in_(ids)))
    return {session_id: f"seq:{sequence}" for session_id, sequence in rows}


def session_subject(session: Session):
    return lambda: str(
        _l(
            "Reminder: %(title)s on %(when)s",
            title=session.title,
            when=format_datetime(session.starts_at, "d MMMM, HH:mm"),
        )
    )


@reminder_rules
def upcoming_sessions(now: datetime) -> list[Draft]:
    tracks = {t.id: t for t in db.session.scalars(select(Track))}
    horizons = [offset for t in tracks.values() for _, offset in track_offsets(t)]
    if not horizons:
        return []
    sessions = db.session.scalars(
        select(Session).where(
            Session.track_id.is_not(None),
            Session.status == SessionStatus.scheduled,
            Session.starts_at > now,
            Session.starts_at <= now + max(horizons),
        )
    ).all()
    due = {}
    for session in sessions:
        offset = due_offset(session.starts_at, track_offsets(tracks[session.track_id]), now)
        if offset:
            due[session.id] = (session, offset[0])
    if not due:
        return []
    participants = defaultdict(list)
    # Plain rows, not ORM objects: a sweep may concern 100,000 people.
    for track_id, *recipient in db.session.execute(
        select(Registration.track_id, *RECIPIENT_COLUMNS)
        .join(User, User.id == Registration.user_id)
        .where(
            Registration.track_id.in_({s.track_id for s, _ in due.values()}),
            Registration.status == RegistrationStatus.confirmed,
            User.active.is_(True),
            ~exists().where(ReminderOptOut.user_id == User.id),
        )
    ):
        participants[track_id].append(Recipient(*recipient))
    drafts = []
    for session, offset in due.values():
        track = tracks[session.track_id]
        context = {
            "session": session,
            "track": track,
            "track_url": absolute_url("tracks.track", slug=track.slug),
        }
        subject = session_subject(session)
        for user in participants[session.track_id]:
            drafts.append(
                Draft(
                    key=f"reminder:session:{session.id}:seq:{session.sequence}"
                    f":user:{user.id}:before:{offset}",
                    kind="reminder/session",
                    recipient=user,
                    subject=subject,
                    context=context,
                    about=f"session:{session.id}",
                    about_version=f"seq:{session.sequence}",
                    unsubscribe_scope="reminders",
                )
            )
    return drafts


def _offsets():
    return sorted(
        ((value, parse_offset(value)) for value in DEFAULT_REMINDER_OFFSETS),
        key=lambda item: item[1],
        reverse=True,
    )


@reminder_rules
def upcoming_group_sessions(now: datetime) -> list[Draft]:
    """Sessions without a track: reminded at the default offsets (7 days, 1 day)."""
    offsets = _offsets()
    sessions = db.session.scalars(
        select(Session).where(
            Session.track_id.is_(None),
            Session.status == SessionStatus.scheduled,
            Session.starts_at > now,
            Session.starts_at <= now + offsets[0][1],
        )
    ).all()
    if not sessions:
        return []
    opted_out = set(db.session.scalars(select(ReminderOptOut.user_id)))
    drafts = []
    for session in sessions:
        offset = due_offset(session.starts_at, offsets, now)
        audience = audience_of(session) if offset else None
        if audience is None:
            continue
        context = {"session": session, "track": audience, "track_url": audience.url}
        subject = session_subject(session)
        for user in audience.people:
            if not user.active or user.id in opted_out:
                continue
            drafts.append(
                Draft(
                    key=f"reminder:session:{session.id}:seq:{session.sequence}"
                    f":user:{user.id}:before:{offset[0]}",
                    kind="reminder/session",
                    recipient=user,
                    subject=subject,
                    context=context,
                    about=f"session:{session.id}",
                    about_version=f"seq:{session.sequence}",
                    unsubscribe_scope="reminders",
                )
            )
    return drafts
