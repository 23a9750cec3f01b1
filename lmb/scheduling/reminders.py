"""Reminders of sessions (a track's own sessions: lmb.tracks.reminders): of the
sessions without a track (steering group, partnerships) at the default offsets, to their
audience (scheduling.audiences); and the version of a session that its mail was written for.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lmb.accounts.models import User
from lmb.core import dates
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.models import ReminderOptOut
from lmb.notifications.outbox import Draft
from lmb.notifications.sweep import due_offset, reminder_rules
from lmb.scheduling.audiences import Audience, audience_of, texts_of
from lmb.scheduling.ics import parse_offset
from lmb.scheduling.models import DEFAULT_REMINDER_OFFSETS, Session, SessionStatus

RECIPIENT_COLUMNS = (User.id, User.email, User.name, User.locale, User.time_zone)
# A session's reminder is scheduling's text, also for a track's sessions (lmb.tracks.reminders).
SESSION_REMINDER = "scheduling/mail/reminder/session"


# Sessions: in 7 days, tomorrow (a track's: Track.reminder_offsets, lmb.tracks.reminders)


@versions.under("session")
def session_versions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(select(Session.id, Session.sequence).where(Session.id.in_(ids)))
    return {session_id: f"seq:{sequence}" for session_id, sequence in rows}


def session_subject(session: Session, title=None):
    """The subject in the reader's language; `title` the session's in it (texts_of)."""
    return lambda: str(
        _l(
            "Reminder: %(title)s on %(when)s",
            title=str(session.title if title is None else title),
            when=dates.span(session.starts_at, session.ends_at),
        )
    )


def session_reminders(
    session: Session, people, before: str, context: dict, audience: Audience | None = None
) -> list[Draft]:
    """The reminder of `session` to each of `people`, `before` it starts (an offset as the
    owner sets them: "P7D", "P1D"): one message each, once per version of the session, so a
    moved session is reminded again. Track sessions (lmb.tracks.reminders) and sessions
    without a track (their `audience`) are reminded alike, their texts in each recipient's
    language (texts_of)."""
    texts = texts_of(session, audience)
    context = {**context, **texts}
    subject = session_subject(session, texts["session_title"])
    return [
        Draft(
            key=f"reminder:session:{session.id}:seq:{session.sequence}"
            f":user:{user.id}:before:{before}",
            kind="reminder/session",
            template=SESSION_REMINDER,
            recipient=user,
            subject=subject,
            context=context,
            about=f"session:{session.id}",
            about_version=f"seq:{session.sequence}",
            unsubscribe_scope="reminders",
        )
        for user in people
    ]


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
        people = [u for u in audience.people if u.active and u.id not in opted_out]
        drafts += session_reminders(session, people, offset[0], context, audience)
    return drafts
