"""Calendar invites by mail (iMIP): one mail per session and person, following every change.

A person's SEQUENCE for a session is scheduling.sequences': the session's own plus two for
each earlier cancelled registration in the track: a CANCEL after leaving outranks the last
REQUEST, and a REQUEST after registering again outranks that CANCEL. The personal feed
carries the same.

A CANCEL goes only to a person the session's invitation reached: a REQUEST of that session
to them that was sent, or that is still waiting and current (it will go first). It is about
that invitation, "invite:<id of the first REQUEST of the session to the person>", at the
version "reached"; the dispatcher asks `invitation_versions` again when it sends, so a
CANCEL whose REQUESTs were all dropped (superseded before any dispatch) or failed is dropped
too. A change of a session is an invitation ("new") to whom no REQUEST of it reached yet.

A CANCEL of a session that goes on removes one attendee (RFC 5546 section 3.2.5): no
STATUS:CANCELLED, and a text that says the session itself goes on.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lmb import events
from lmb.accounts.models import CalendarDelivery, User
from lmb.core import dates
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.outbox import Draft, enqueue_many, first_messages, reached, subjects_of
from lmb.scheduling import feeds, ics
from lmb.scheduling.audiences import Audience, audience_of, of_tracks, texts_of
from lmb.scheduling.models import Session, SessionStatus
from lmb.scheduling.sequences import sequence, sequences_for

KIND = "invite/session"
# What a CANCEL is about (see the module) and the version it needs to be sent.
INVITATION = "invite"
REACHED = "reached"


def _session_about(session_id: int) -> str:
    return f"session:{session_id}"


def _invitations(session: Session, user_ids: list[int]) -> dict[int, int]:
    """{user id: id of the first REQUEST of this session to them} for those it reached."""
    about = _session_about(session.id)
    first = first_messages(KIND, "REQUEST", about, user_ids)
    reached_them = reached(KIND, "REQUEST", {(about, user) for user in first})
    return {user: first[user] for _about, user in reached_them}


@versions.under(INVITATION)
def invitation_versions(ids: list[int]) -> dict[int, str]:
    """For a CANCEL at dispatch: whether the invitation it withdraws (named by its first
    REQUEST) reached the person by now, REACHED or "not reached"; gone with that REQUEST."""
    subjects = subjects_of(KIND, "REQUEST", ids)
    reached_them = reached(KIND, "REQUEST", {pair for pair in subjects.values() if all(pair)})
    return {
        message_id: REACHED if pair in reached_them else "not reached"
        for message_id, pair in subjects.items()
    }


def _subject(change: str, session: Session, title) -> str:
    """The subject in the reader's language; `title` the session's in it (texts_of)."""
    when = dates.span(session.starts_at, session.ends_at)
    title = str(title)
    if change == "removed":
        return _("No longer expected: %(title)s on %(when)s", title=title, when=when)
    if change == "cancelled":
        return _("Cancelled: %(title)s on %(when)s", title=title, when=when)
    if change == "changed":
        return _("Changed: %(title)s, now on %(when)s", title=title, when=when)
    return _("Invitation: %(title)s on %(when)s", title=title, when=when)


def _draft(
    session: Session,
    user: User,
    *,
    method: str,
    change: str,
    sequence: int,
    audience: Audience | None = None,
    invitation: int | None = None,
) -> Draft:
    """One invite; a CANCEL names the invitation it withdraws (`invitation`, see _invitations).
    A CANCEL of a session that goes on only removes this person from it."""
    removed = method == "CANCEL" and session.status is not SessionStatus.cancelled
    if removed:
        change = "removed"
    if audience is None:
        group, url = session.track, of_tracks().url(session)
    else:
        group, url = audience, audience.url
    # The session's texts in the recipient's language: the mail's and the calendar's are
    # read when the outbox writes the message for them (force_reader), not here.
    texts = texts_of(session, audience)
    stamp = utcnow()

    def calendar() -> str:
        return ics.invite(
            session,
            attendee_email=user.email,
            attendee_name=user.name,
            method=method,
            sequence=sequence,
            url=url,
            stamp=stamp,
            group=str(texts["group_title"]),
            removed=removed,
            title=str(texts["session_title"]),
            agenda=str(texts["agenda"]),
        )

    # A person who subscribed to their calendar address has the session from there: the
    # mail says what changed, without a calendar part (never both). Its method stays on the
    # message, as what it stands for: what reached whom (_invitations) counts it alike.
    attached = user.calendar_delivery is not CalendarDelivery.subscription
    return Draft(
        key=f"invite:session:{session.id}:seq:{sequence}:user:{user.id}:{method}",
        kind=KIND,
        template="scheduling/mail/invite/session",
        recipient=user,
        subject=lambda: _subject(change, session, texts["session_title"]),
        context={
            "session": session,
            "track": group,
            "change": change,
            "track_url": url,
            "attached": attached,
            **texts,
        },
        ical=calendar if attached else None,
        ical_method=method,
        # A REQUEST is only worth sending while the session is as it describes; a CANCEL
        # whenever the invitation it withdraws reached the person, whatever happens to the
        # session afterwards.
        about=_session_about(session.id) if method == "REQUEST" else f"{INVITATION}:{invitation}",
        about_version=f"seq:{session.sequence}" if method == "REQUEST" else REACHED,
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


def _drafts(
    session: Session, people, *, method: str, change: str, sequence_of, audience=None
) -> list[Draft]:
    """Invites of one session to these people, as far as what reached them allows: a CANCEL
    only to those the invitation reached, and a change to the others as an invitation (they
    never had the session in their calendar: for them it is new)."""
    invitations = {}
    if method == "CANCEL" or change == "changed":
        invitations = _invitations(session, [p.id for p in people])
    return [
        _draft(
            session,
            person,
            method=method,
            change="new" if change == "changed" and person.id not in invitations else change,
            sequence=sequence_of(person),
            audience=audience,
            invitation=invitations.get(person.id),
        )
        for person in people
        if method != "CANCEL" or person.id in invitations
    ]


def audience_drafts(
    session: Session, audience: Audience, people, *, method: str, change: str, offset: int = 0
) -> list[Draft]:
    """Invites for a session without a track, to some of its audience (see audiences and
    _drafts)."""
    bumps = audience.bumps or {}
    return _drafts(
        session,
        [person for person in people if person.active],
        method=method,
        change=change,
        sequence_of=lambda person: sequence(session, bumps.get(person.id, 0) + offset),
        audience=audience,
    )


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
        _drafts(
            session,
            people,
            method=method,
            change=change,
            sequence_of=lambda person: sequence(session, bumps[person.id]),
        )
    )


def _to_person(registration, *, method: str, change: str, offset: int) -> None:
    """Every upcoming session of the track, for one person; SEQUENCE as the module says."""
    user = db.session.get(User, registration.user_id)
    bump = of_tracks().bumps(registration.track_id, [user.id])[user.id] + offset
    drafts = []
    for session in _upcoming(registration.track_id):
        drafts += _drafts(
            session,
            [user],
            method=method,
            change=change,
            sequence_of=lambda _person, session=session: sequence(session, bump),
        )
    enqueue_many(drafts)


@events.registration_confirmed.connect
def invite_to_every_session(registration, **_):
    _to_person(registration, method="REQUEST", change="new", offset=0)


@events.registration_cancelled.connect
def withdraw_invites(registration, was_confirmed: bool, **_):
    if was_confirmed:
        # This cancelled registration is counted already: 2 * count - 1 lies between the
        # last REQUEST and any REQUEST after registering again.
        _to_person(registration, method="CANCEL", change="cancelled", offset=-1)


@events.calendar_delivery_changed.connect
def invite_after_subscription(user, delivery, **_):
    """Back to invitations: the invitation of every session still to come, which the
    subscription carried until now (a key of its own: the person may have had one before)."""
    if delivery is not CalendarDelivery.invitations:
        return
    now = utcnow()
    sessions = [
        s
        for s in feeds.personal_sessions(user, now)
        if s.status is SessionStatus.scheduled and s.ends_at > now
    ]
    sequences = sequences_for(user, sessions)
    drafts = []
    for session in sessions:
        drafts += _drafts(
            session,
            [user],
            method="REQUEST",
            change="new",
            sequence_of=lambda _person, session=session: sequences[session.id],
        )
    for session, _owner in feeds.group_sessions(user, now):
        audience = audience_of(session)
        if audience and session.status is SessionStatus.scheduled and session.ends_at > now:
            drafts += audience_drafts(session, audience, [user], method="REQUEST", change="new")
    for draft in drafts:
        draft.key += f":delivery:{now.timestamp():.0f}"
    enqueue_many(drafts)


@events.session_created.connect
def invite_to_new_session(session, **_):
    _to_everyone(session, method="REQUEST", change="new")


@events.session_rescheduled.connect
def invite_to_changed_session(session, **_):
    _to_everyone(session, method="REQUEST", change="changed")


@events.session_cancelled.connect
def cancel_session_invites(session, **_):
    _to_everyone(session, method="CANCEL", change="cancelled")
