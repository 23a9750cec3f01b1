"""What the tracks tell scheduling about their sessions (scheduling.audiences.TrackSessions):
who is invited (the confirmed participants), their extra SEQUENCE after a cancelled
registration, a person's sessions through their registrations, the track's page, a
person's registrations (Mijn agenda)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import exists, func, or_, select

from lmb.accounts.models import User
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.scheduling.audiences import TrackSessions, track_sessions
from lmb.scheduling.models import Session, SessionStatus
from lmb.tracks.models import Registration, RegistrationStatus
from lmb.tracks.permissions import may_answer_session
from lmb.tracks.services import registrations_of, track_by_slug


def confirmed_people(track_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Registration, Registration.user_id == User.id)
            .where(
                Registration.track_id == track_id,
                Registration.status == RegistrationStatus.confirmed,
            )
        )
    )


def _cancelled_counts(by, *where) -> Counter:
    """Two per cancelled registration, grouped `by` a column (scheduling.sequences)."""
    rows = db.session.execute(
        select(by, func.count())
        .where(Registration.status == RegistrationStatus.cancelled, *where)
        .group_by(by)
    )
    return Counter({key: 2 * count for key, count in rows})


def cancelled_bumps(track_id: int, user_ids: list[int]) -> Counter:
    """{user id: bump} of these people in one track."""
    return _cancelled_counts(
        Registration.user_id, Registration.track_id == track_id, Registration.user_id.in_(user_ids)
    )


def bumps_of(user) -> Counter:
    """{track id: bump} of one person in every track."""
    return _cancelled_counts(Registration.track_id, Registration.user_id == user.id)


def confirmed_user_ids(track_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Registration.user_id).where(
                Registration.track_id == track_id,
                Registration.status == RegistrationStatus.confirmed,
            )
        )
    )


def of_confirmed_tracks(user):
    """A session of a track the person holds a confirmed place in; a cancelled one only when
    they had it, confirmed before it was cancelled (a feed then tells their calendar to drop
    it; one who joined later never had it). A place confirmed at an unknown moment counts."""
    return exists().where(
        Registration.track_id == Session.track_id,
        Registration.user_id == user.id,
        Registration.status == RegistrationStatus.confirmed,
        or_(
            Session.status == SessionStatus.scheduled,
            Registration.confirmed_at.is_(None),
            Session.cancelled_at.is_(None),
            Registration.confirmed_at <= Session.cancelled_at,
        ),
    )


def track_url(session: Session) -> str:
    return absolute_url("tracks.track", slug=session.track.slug)


TRACK_SESSIONS = track_sessions.add(
    TrackSessions(
        people=confirmed_people,
        bumps=cancelled_bumps,
        bumps_of=bumps_of,
        confirmed_user_ids=confirmed_user_ids,
        includes=of_confirmed_tracks,
        may_answer=may_answer_session,
        by_slug=track_by_slug,
        url=track_url,
        registrations_of=registrations_of,
    ),
    key="track",
)
