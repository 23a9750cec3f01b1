"""Who is invited to a session that belongs to no track: the domain that owns it says so.

A resolver registered with `@session_audience` gets a track-less Session and returns its
Audience, or None when the session is not its own. Invites (notifications.invites) and the
reminder rule below ask the same resolvers, so invites and reminders reach the same people.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from lmb.extensions import db
from lmb.notifications.models import ReminderOptOut
from lmb.notifications.reminders import due_offset, reminder_rule, session_subject
from lmb.notifications.services import Draft
from lmb.tracks.models import DEFAULT_REMINDER_OFFSETS, Session, SessionStatus
from lmb.tracks.services import parse_offset


class Audience(NamedTuple):
    """The people of a session without a track, and what the session belongs to."""

    # Shown in mails and calendars, e.g. "Stuurgroep SDG-partnerschappen" (mail templates
    # read it as `track.title`).
    title: str
    # Absolute link to the group's page.
    url: str
    people: list
    # Extra SEQUENCE per user id, so that an invite after leaving and rejoining outranks
    # the earlier CANCEL (the scheme of notifications.invites).
    bumps: dict | None = None


RESOLVERS: list[Callable[[Session], Audience | None]] = []


def session_audience(resolver: Callable[[Session], Audience | None]):
    RESOLVERS.append(resolver)
    return resolver


def audience_of(session: Session) -> Audience | None:
    if session.track_id is not None:
        return None
    for resolver in RESOLVERS:
        audience = resolver(session)
        if audience is not None:
            return audience
    return None


def _offsets():
    return sorted(
        ((value, parse_offset(value)) for value in DEFAULT_REMINDER_OFFSETS),
        key=lambda item: item[1],
        reverse=True,
    )


@reminder_rule
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
