"""Who is invited to a session that belongs to no track: the domain that owns it says so.

Each owner kind (the steering group's meetings, partnership activities) adds an AudienceKind
to `session_audiences` from the owning domain's setup. Its `resolve` gets a track-less Session
and returns its Audience, or None when the session is not its own: invites
(scheduling.invites) and the reminder rule (scheduling.reminders) ask the same resolvers, so
invites and reminders reach the same people. Its `includes` and `owners` answer for a set of
sessions at once, so that a person's agenda and feed cost the same number of statements
whatever the number of meetings (`meetings_of`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import ColumnElement, or_, select

from lmb.core.contributions import Registry
from lmb.extensions import db
from lmb.scheduling.models import Session


class Audience(NamedTuple):
    """The people of a session without a track, and what the session belongs to."""

    # Shown in mails and calendars, e.g. "Stuurgroep SDG-partnerschappen" (mail templates
    # read it as `track.title`).
    title: str
    # Absolute link to the group's page.
    url: str
    people: list
    # Extra SEQUENCE per user id, so that an invite after leaving and rejoining outranks
    # the earlier CANCEL (the scheme of scheduling.invites).
    bumps: dict | None = None


class Owner(NamedTuple):
    """What a session without a track belongs to, as a page or a feed names it."""

    title: str
    url: str


class AudienceKind(NamedTuple):
    """One kind of owner of sessions without a track, as its domain describes it."""

    # The session's audience when the session is this kind's, else None.
    resolve: Callable[[Session], Audience | None]
    # A condition on Session (e.g. an EXISTS): the person is in the session's audience.
    includes: Callable[[object], ColumnElement[bool]]
    # {session id: Owner} of those of these sessions that are this kind's: one statement.
    owners: Callable[[list[int]], dict[int, Owner]]


session_audiences: Registry[AudienceKind] = Registry("session audiences")


def audience_of(session: Session) -> Audience | None:
    if session.track_id is not None:
        return None
    for kind in session_audiences:
        audience = kind.resolve(session)
        if audience is not None:
            return audience
    return None


def meetings_of(user, condition: ColumnElement[bool]) -> list[tuple[Session, Owner]]:
    """The sessions without a track that match `condition` and whose audience includes the
    person, with what each belongs to, by start: one statement for the sessions and one per
    owner kind that has any of them, however many there are."""
    kinds = list(session_audiences)
    if not kinds:
        return []
    sessions = db.session.scalars(
        select(Session)
        .where(
            Session.track_id.is_(None),
            condition,
            or_(*[kind.includes(user) for kind in kinds]),
        )
        .order_by(Session.starts_at, Session.id)
    ).all()
    owner_of: dict[int, Owner] = {}
    for kind in kinds:
        left = [s.id for s in sessions if s.id not in owner_of]
        if not left:
            break
        owner_of.update(kind.owners(left))
    return [(s, owner_of[s.id]) for s in sessions if s.id in owner_of]


class TrackSessions(NamedTuple):
    """What the tracks domain tells scheduling about the sessions of a track (lmb.tracks adds
    it to `track_sessions` from its setup): scheduling itself knows no track."""

    # The track's confirmed participants (User rows), in one statement.
    people: Callable[[int], list]
    # {user id: extra SEQUENCE} for these people of a track: two per earlier cancelled
    # registration (the scheme of scheduling.invites), in one statement.
    bumps: Callable[[int, list[int]], dict[int, int]]
    # The ids of the track's confirmed participants.
    confirmed_user_ids: Callable[[int], set[int]]
    # A condition on Session: a session of a track the person holds a confirmed place in.
    includes: Callable[[object], ColumnElement[bool]]
    # The person may say whether they come to the session (a confirmed participant).
    may_answer: Callable[[object, Session], bool]
    # The track with this slug, or None (its public feed).
    by_slug: Callable[[str], object | None]
    # Absolute link to the page of the session's track.
    url: Callable[[Session], str]


track_sessions: Registry[TrackSessions] = Registry("track sessions")


def of_tracks() -> TrackSessions:
    """The tracks' rules for their sessions (exactly one contribution, key "track")."""
    for rules in track_sessions:
        return rules
    raise LookupError("no track sessions rules: lmb.tracks.init_app adds them")
