"""Registration with capacity and a waiting list, enforced inside the database transaction.

Every change to a track's registrations first takes a lock on the track's row (an UPDATE that
changes nothing: a row lock on PostgreSQL, the write lock on SQLite), so counting the places
left and taking one is a single step even with many people registering at the same moment.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from lmb import events
from lmb.accounts.models import User
from lmb.core.database import contains_literally
from lmb.core.errors import Conflict, NotAllowed, ServiceError
from lmb.core.models import utcnow
from lmb.core.permissions import allowed, require
from lmb.core.timezones import to_local
from lmb.extensions import db
from lmb.tracks.models import Registration, RegistrationStatus, Track
from lmb.tracks.permissions import may_manage_track


class RegistrationClosed(ServiceError):
    status = 422
    code = "registration_closed"


def _lock_track(track_id: int) -> None:
    """Lock the track's row for the rest of the caller's transaction, committing nothing.

    PostgreSQL: the UPDATE takes the row lock; each later statement (READ COMMITTED) sees
    what others committed before it. SQLite: the UPDATE takes the database's write lock. The
    driver opens a transaction at the first write (pysqlite's own transaction handling, kept
    on purpose), so this UPDATE either opens it, with no stale read snapshot that SQLite could
    not turn into a writer, or the transaction holds the write lock already. The caller's
    pending changes are flushed by the UPDATE and stay in its transaction. What the session
    read before the lock is expired, so that it is read again under the lock.
    """
    db.session.execute(update(Track).where(Track.id == track_id).values(id=Track.id))
    db.session.expire_all()


def registration_open(track: Track, now: datetime) -> bool:
    opens, closes = track.registration_opens_at, track.registration_closes_at
    return opens is not None and opens <= now and (closes is None or now < closes)


@cache
def _live_registration():
    # Built once: a track's page asks for it on every request.
    return select(Registration).where(
        Registration.track_id == bindparam("track_id"),
        Registration.user_id == bindparam("user_id"),
        Registration.status != RegistrationStatus.cancelled,
    )


def live_registration(user: User, track: Track) -> Registration | None:
    return db.session.scalar(_live_registration(), {"track_id": track.id, "user_id": user.id})


def _count(track_id: int, status: RegistrationStatus) -> int:
    return db.session.scalar(
        select(func.count()).where(Registration.track_id == track_id, Registration.status == status)
    )


def _last_position(track_id: int) -> int:
    return (
        db.session.scalar(
            select(func.max(Registration.waitlist_position)).where(
                Registration.track_id == track_id,
                Registration.status == RegistrationStatus.waitlisted,
            )
        )
        or 0
    )


def has_place(track: Track) -> bool:
    return track.capacity is None or _count(track.id, RegistrationStatus.confirmed) < track.capacity


def register(user: User, track: Track, *, by: User | None = None, now: datetime | None = None):
    """Register `user`: confirmed while places are left, else on the waiting list.

    A coordinator (`by`) may add people outside the registration window, and past capacity:
    they decide. In a moderated track, people register onto the waiting list and a
    coordinator confirms them.
    """
    now = now or utcnow()
    by_coordinator = by is not None
    if by_coordinator:
        require(may_manage_track, by, track, _("Only the track's coordinators can add people."))
    if not by_coordinator and not registration_open(track, now):
        raise RegistrationClosed(_("Registration for this track is not open."))
    if not user.active:
        raise ServiceError(_("This account has been deactivated."))
    track_id, user_id = track.id, user.id
    _lock_track(track_id)
    if live_registration(user, track) is not None:
        raise Conflict(_("%(name)s is already registered for this track.", name=user.name))
    registration = Registration(track_id=track_id, user_id=user_id)
    if by_coordinator or (not track.moderated and has_place(track)):
        registration.status = RegistrationStatus.confirmed
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.waitlisted
        registration.waitlist_position = _last_position(track_id) + 1
    try:
        # A savepoint: the caller's transaction survives the refusal.
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError as error:  # the same person, twice at the same moment
        raise Conflict(
            _("%(name)s is already registered for this track.", name=user.name)
        ) from error
    if registration.status is RegistrationStatus.confirmed:
        events.registration_confirmed.send(registration, promoted=False)
    else:
        events.registration_waitlisted.send(registration)
    db.session.flush()
    return registration


def track_started(track: Track, now: datetime) -> bool:
    first_day = min((p.starts_on for p in track.phases), default=None)
    return first_day is not None and to_local(now).date() >= first_day


def may_cancel(registration: Registration, user: User, now: datetime | None = None) -> bool:
    """The person until the track starts; its coordinators and admins always.

    A rule of the moment as well as of the person (`now`, which callers may give), so it
    stays a function of its own rather than a (user, registration) predicate whose grant
    lmb.core.permissions would remember for the rest of the request."""
    if allowed(may_manage_track, user, registration.track):
        return True
    return registration.user_id == user.id and not track_started(
        registration.track, now or utcnow()
    )


def cancel(registration: Registration, *, by: User, now: datetime | None = None) -> list:
    """Cancel a registration; the first on the waiting list takes a freed place.

    Returns the registrations that were promoted.
    """
    now = now or utcnow()
    if not may_cancel(registration, by, now):
        raise NotAllowed(
            _("The track has started: only its coordinators can cancel a registration now.")
        )
    if registration.status is RegistrationStatus.cancelled:
        return []
    track = registration.track
    _lock_track(track.id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.cancelled:
        db.session.flush()
        return []
    was_confirmed = registration.status is RegistrationStatus.confirmed
    position = registration.waitlist_position
    registration.status = RegistrationStatus.cancelled
    registration.cancelled_at = now
    registration.waitlist_position = None
    db.session.flush()
    if position is not None:
        _close_gap(track.id, position)
    events.registration_cancelled.send(registration, was_confirmed=was_confirmed)
    promoted = _promote(track, now) if was_confirmed and not track.moderated else []
    db.session.flush()
    return promoted


def confirm(registration: Registration, *, by: User, now: datetime | None = None) -> None:
    """A coordinator confirms someone from the waiting list (moderated tracks, or past capacity).

    Only from the registrations page, which the track's coordinators alone reach."""
    if registration.status is not RegistrationStatus.waitlisted:
        raise Conflict(_("Only registrations on the waiting list can be confirmed."))
    _lock_track(registration.track_id)
    db.session.refresh(registration)
    _make_confirmed(registration, now or utcnow())
    db.session.flush()


def _make_confirmed(registration: Registration, now: datetime) -> None:
    position = registration.waitlist_position
    registration.status = RegistrationStatus.confirmed
    registration.confirmed_at = now
    registration.waitlist_position = None
    db.session.flush()
    if position is not None:
        _close_gap(registration.track_id, position)
    events.registration_confirmed.send(registration, promoted=True)


def _promote(track: Track, now: datetime) -> list[Registration]:
    promoted = []
    while has_place(track):
        first = db.session.scalar(
            select(Registration)
            .where(
                Registration.track_id == track.id,
                Registration.status == RegistrationStatus.waitlisted,
            )
            .order_by(Registration.waitlist_position)
            .limit(1)
        )
        if first is None:
            break
        _make_confirmed(first, now)
        promoted.append(first)
    return promoted


def _close_gap(track_id: int, position: int) -> None:
    """Everyone behind a freed waiting-list position moves up one."""
    db.session.execute(
        update(Registration)
        .where(
            Registration.track_id == track_id,
            Registration.status == RegistrationStatus.waitlisted,
            Registration.waitlist_position > position,
        )
        .values(waitlist_position=Registration.waitlist_position - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()


@cache
def _registrations_of():
    return (
        select(Registration)
        .where(
            Registration.user_id == bindparam("user_id"),
            Registration.status != RegistrationStatus.cancelled,
        )
        # Mijn agenda names each registration's track: no statement per registration, and
        # only what it shows of the track.
        .options(joinedload(Registration.track).load_only(Track.slug, Track.title, Track.title_en))
        .order_by(Registration.created_at)
    )


def registrations_of(user: User) -> list[Registration]:
    return list(db.session.scalars(_registrations_of(), {"user_id": user.id}))


def track_registrations(
    track: Track,
    *,
    status: RegistrationStatus | None = None,
    organization_id: int | None = None,
    search: str = "",
) -> list[Registration]:
    """A track's registrations with person and organization, for its coordinators.

    Live ones by default (confirmed, then the waiting list in order); `status` narrows it.
    """
    query = (
        select(Registration)
        .join(User, User.id == Registration.user_id)
        .where(Registration.track_id == track.id)
        .options(joinedload(Registration.user).joinedload(User.organization))
        .order_by(Registration.status, Registration.waitlist_position, User.name)
    )
    if status is not None:
        query = query.where(Registration.status == status)
    else:
        query = query.where(Registration.status != RegistrationStatus.cancelled)
    if organization_id:
        query = query.where(User.organization_id == organization_id)
    if search:
        needle = search.lower()
        query = query.where(
            contains_literally(func.lower(User.name), needle)
            | contains_literally(func.lower(User.email), needle)
        )
    return list(db.session.scalars(query).unique())


def organization_registrations(organization_id: int) -> list[Registration]:
    """A municipality's people across tracks (live registrations)."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(User, User.id == Registration.user_id)
            .where(
                User.organization_id == organization_id,
                Registration.status != RegistrationStatus.cancelled,
            )
            .options(joinedload(Registration.user), joinedload(Registration.track))
            .order_by(User.name)
        ).unique()
    )
