"""Calendar invites by mail (iMIP): one mail per session and person, following every change.

A person's SEQUENCE for a session is the session's own plus two for each earlier cancelled
registration in the track: a CANCEL after leaving outranks the last REQUEST, and a REQUEST
after registering again outranks that CANCEL.
"""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from lmb import events
from lmb.accounts.models import User
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.scheduling import ics
from lmb.scheduling.audiences import Audience, audience_of, of_tracks
from lmb.scheduling.models import Session, SessionStatus


def _subject(change: str, session: Session) -> str:
    when = format_datetime(session.starts_at, "d MMMM, HH:mm")
    if change == "cancelled":
        return _("Cancelled: %(title)s on %(when)s", title=session.title, when=when)
    if change == "changed":
        return _("Changed: %(title)s, now on %(when)s", title=session.title, when=when)
    return _("Invitation: %(title)s on %(when)s", title=session.title, when=when)


def _draft(
    session: Session,
    user: User,
    *,
    method: str,
    change: str,
    sequence: int,
    audience: Audience | None = None,
) -> Draft:
    if audience is None:
        group, url = session.track, of_tracks().url(session)
    else:
        group, url = audience, audience.url
    calendar = ics.invite(
        session,
        attendee_email=user.email,
        attendee_name=user.name,
        method=method,
        sequence=sequence,
        url=url,
        stamp=utcnow(),
        group=audience.title if audience else "",
    )
    return Draft(
        key=f"invite:session:{session.id}:seq:{sequence}:user:{user.id}:{method}",
        kind="invite/session",
        template="scheduling/mail/invite/session",
        recipient=user,
        subject=lambda: _subject(change, session),
        context={"session": session, "track": group, "change": change, "track_url": url},
        ical=calendar,
        ical_method=method,
        # A REQUEST is only worth sending while the session is as it describes; a CANCEL
        # must go out whatever happens to the session afterwards.
        about=f"session:{session.id}" if method == "REQUEST" else None,
        about_version=f"seq:{session.sequence}" if method == "REQUEST" else None,
    )


def _upcoming(track_id: int) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session).where(
                Session.track_id == track_id,
                Session.status == SessionStatus.scheduled,
                Session.ends_at > utcnow(),
            )
        )
    )


def audience_drafts(
    session: Session, audience: Audience, people, *, method: str, change: str, offset: int = 0
) -> list[Draft]:
    """Invites for a session without a track, to some of its audience (see audiences)."""
    return [
        _draft(
            session,
            person,
            method=method,
            change=change,
            sequence=session.sequence + (audience.bumps or {}).get(person.id, 0) + offset,
            audience=audience,
        )
        for person in people
        if person.active
    ]


def _to_everyone(session: Session, *, method: str, change: str) -> None:
    if session.track_id is None:
        audience = audience_of(session)
        if audience is not None:
            enqueue_many(
                audience_drafts(session, audience, audience.people, method=method, change=change)
            )
        return
    tracks = of_tracks()
    people = tracks.people(session.track_id)
    bumps = tracks.bumps(session.track_id, [p.id for p in people])
    enqueue_many(
        [
            _draft(
                session,
                person,
                method=method,
                change=change,
                sequence=session.sequence + bumps[person.id],
            )
            for person in people
        ]
    )


def _to_person(registration, *, method: str, change: str, offset: int) -> None:
    """Every upcoming session of the track, for one person; SEQUENCE as the module says."""
    user = db.session.get(User, registration.user_id)
    bump = of_tracks().bumps(registration.track_id, [user.id])[user.id] + offset
    enqueue_many(
        [
            _draft(session, user, method=method, change=change, sequence=session.sequence + bump)
            for session in _upcoming(registration.track_id)
        ]
    )


@events.registration_confirmed.connect
def invite_to_every_session(registration, **_):
    _to_person(registration, method="REQUEST", change="new", offset=0)


@events.registration_cancelled.connect
def withdraw_invites(registration, was_confirmed: bool, **_):
    if was_confirmed:
        # This cancelled registration is counted already: 2 * count - 1 lies between the
        # last REQUEST and any REQUEST after registering again.
        _to_person(registration, method="CANCEL", change="cancelled", offset=-1)


@events.session_created.connect
def invite_to_new_session(session, **_):
    _to_everyone(session, method="REQUEST", change="new")


@events.session_rescheduled.connect
def invite_to_changed_session(session, **_):
    _to_everyone(session, method="REQUEST", change="changed")


@events.session_cancelled.connect
def cancel_session_invites(session, **_):
    _to_everyone(session, method="CANCEL", change="cancelled")
