"""Which sessions a feed shows: scheduled ones, and cancelled ones for 30 days after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import joinedload, selectinload

from lmb.core.contributions import Registry
from lmb.extensions import db
from lmb.scheduling.audiences import built_once, of_tracks
from lmb.scheduling.models import Session, SessionStatus

CANCELLED_VISIBLE = timedelta(days=30)


def _visible(now: datetime):
    return or_(
        Session.status == SessionStatus.scheduled,
        Session.cancelled_at >= now - CANCELLED_VISIBLE,
    )


@cache
def _visible_built_once():
    """`_visible` with its moment a parameter (`visible_since`: now - CANCELLED_VISIBLE), for
    statements built once."""
    return or_(
        Session.status == SessionStatus.scheduled,
        Session.cancelled_at >= bindparam("visible_since"),
    )


def track_sessions(track, now: datetime) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.track_id == track.id, _visible(now))
            .options(selectinload(Session.track))
            .order_by(Session.starts_at, Session.id)
        )
    )


def _personal(user, now: datetime):
    """The sessions of the tracks the person holds a confirmed place in, soonest first; a
    cancelled one only if they had it (confirmed before its cancellation, the tracks'
    `includes`). A handful of tracks for many sessions: the tracks in the same statement."""
    return (
        select(Session)
        .where(of_tracks().includes(user), _visible(now))
        .options(joinedload(Session.track))
        .order_by(Session.starts_at, Session.id)
    )


def personal_sessions(user, now: datetime) -> list[Session]:
    """All of them, for the person's feed."""
    return list(db.session.scalars(_personal(user, now)))


# Mijn agenda lists the sessions still to come a page at a time: a person in every track of a
# programme has a hundred, and the page stays as quick to read and to serve as with ten.
AGENDA_PAGE = 20


class TrackName(NamedTuple):
    title: str
    # Its English title, shown on an English page (empty: the Dutch).
    title_en: str = ""


class UpcomingSession(NamedTuple):
    """A session as Mijn agenda and Mijn overzicht list it: the columns they show and its
    track's title, read as plain rows (no Session or Track objects to build)."""

    id: int
    title: str
    phase: object
    starts_at: datetime
    ends_at: datetime
    location: str | None
    online_url: str | None
    status: SessionStatus
    track: TrackName


def _upcoming(person):
    """The statement of `upcoming_sessions`, built once (audiences.built_once: its person,
    moment and page are parameters): SQLAlchemy neither builds it nor computes its cache key
    for every request."""
    track = Session.track.property.mapper.class_
    return (
        select(
            Session.id,
            Session.title,
            Session.phase,
            Session.starts_at,
            Session.ends_at,
            Session.location,
            Session.online_url,
            Session.status,
            track.title,
            track.title_en,
        )
        .outerjoin(Session.track)
        .where(
            of_tracks().includes(person),
            _visible_built_once(),
            Session.ends_at >= bindparam("now"),
        )
        .order_by(Session.starts_at, Session.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def upcoming_sessions(
    user, now: datetime, *, page: int = 1, per_page: int = AGENDA_PAGE
) -> tuple[list[UpcomingSession], bool]:
    """One page of those that have not ended, and whether later ones follow (one statement:
    a row more than the page is asked for)."""
    statement, person = built_once(user, _upcoming)
    rows = db.session.execute(
        statement,
        {
            **person,
            "visible_since": now - CANCELLED_VISIBLE,
            "now": now,
            "limit": per_page + 1,
            "offset": (page - 1) * per_page,
        },
    ).all()
    sessions = [UpcomingSession(*row[:-2], TrackName(*row[-2:])) for row in rows[:per_page]]
    return sessions, len(rows) > per_page


@dataclass(frozen=True)
class Deadline:
    """A moment a person must have done something by, shown in their personal feed."""

    uid: str
    title: str
    at: datetime
    url: str
    # The last change of what it comes from: the feed's DTSTAMP, so its bytes stay stable.
    changed_at: datetime


# Other domains add their deadlines (review rounds, ...) with @deadline_sources.
deadline_sources: Registry[Callable[[object, datetime], list[Deadline]]] = Registry(
    "deadline sources"
)


def personal_deadlines(user, now: datetime) -> list[Deadline]:
    found = [d for source in deadline_sources for d in source(user, now)]
    return sorted(found, key=lambda d: (d.at, d.uid))


def group_sessions(user, now: datetime) -> list[tuple[Session, object]]:
    """Sessions without a track (steering group, partnerships) whose audience, as the owning
    domain names it, includes the person: (session, owner) pairs, in a fixed number of
    statements (scheduling.audiences.meetings_of)."""
    from lmb.scheduling.audiences import meetings_of

    return meetings_of(user, _visible_built_once(), {"visible_since": now - CANCELLED_VISIBLE})


def meetings_with(user, session_id: int) -> list[tuple[Session, object]]:
    """The one session without a track, if the person is in its audience: [(session, owner)]."""
    from lmb.scheduling.audiences import meetings_of

    return meetings_of(user, Session.id == session_id)
