"""Registration: capacity, a waiting list with positions, promotion, who may cancel."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from lmb.core.errors import Conflict, NotAllowed
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.tracks import services
from lmb.tracks.models import Registration, RegistrationStatus, Track, TrackStatus
from tests.builders import create_open_track, create_person, create_track
from tests.conftest import is_postgres

NOW = utcnow()


def open_track(capacity=2, **kwargs):
    return create_open_track(capacity=capacity, closes_in_days=30, starts_in_days=60, **kwargs)


def states(track):
    rows = db.session.scalars(
        select(Registration).where(Registration.track_id == track.id).order_by(Registration.id)
    )
    return [(r.user.email.split("@")[0], r.status.name, r.waitlist_position) for r in rows]


def test_past_capacity_people_land_on_the_waiting_list_in_order(ctx):
    track = open_track(capacity=2)
    people = [create_person(f"p{n}@example.org") for n in range(4)]
    for person in people:
        services.register(person, track)
    assert states(track) == [
        ("p0", "confirmed", None),
        ("p1", "confirmed", None),
        ("p2", "waitlisted", 1),
        ("p3", "waitlisted", 2),
    ]


def test_waitlisted_person_is_promoted_when_someone_cancels(ctx):
    track = open_track(capacity=2)
    p0, p1, p2, p3 = (create_person(f"p{n}@example.org") for n in range(4))
    first = services.register(p0, track)
    for person in (p1, p2, p3):
        services.register(person, track)
    promoted = services.cancel(first, by=p0)
    assert [r.user.email for r in promoted] == ["p2@example.org"]
    assert states(track) == [
        ("p0", "cancelled", None),
        ("p1", "confirmed", None),
        ("p2", "confirmed", None),
        ("p3", "waitlisted", 1),
    ]


def test_leaving_the_waiting_list_moves_the_others_up(ctx):
    track = open_track(capacity=1)
    people = [create_person(f"p{n}@example.org") for n in range(4)]
    registrations = [services.register(p, track) for p in people]
    services.cancel(registrations[1], by=people[1])
    assert states(track)[2:] == [("p2", "waitlisted", 1), ("p3", "waitlisted", 2)]


def test_registering_twice_is_a_conflict(ctx):
    track = open_track()
    person = create_person("p@example.org")
    services.register(person, track)
    with pytest.raises(Conflict):
        services.register(person, track)


def test_a_cancelled_registration_can_register_again(ctx):
    track = open_track()
    person = create_person("p@example.org")
    services.cancel(services.register(person, track), by=person)
    assert services.register(person, track).status is RegistrationStatus.confirmed


def test_registration_outside_the_window_is_refused_but_a_coordinator_may_add(ctx):
    track = create_track(
        status=TrackStatus.announced,
        opens_at=NOW + timedelta(days=3),
        closes_at=NOW + timedelta(days=30),
        capacity=1,
    )
    person = create_person("p@example.org")
    with pytest.raises(services.RegistrationClosed):
        services.register(person, track)
    coordinator = create_person("c@example.org", role="coordinator")
    coordinator.coordinated_tracks = [track]
    db.session.commit()
    assert services.register(person, track, by=coordinator).status is RegistrationStatus.confirmed
    stranger = create_person("s@example.org", role="coordinator")
    with pytest.raises(NotAllowed):
        services.register(create_person("q@example.org"), track, by=stranger)


def test_moderated_tracks_wait_for_the_coordinator(ctx):
    track = open_track(capacity=10)
    track.moderated = True
    db.session.commit()
    coordinator = create_person("c@example.org", role="coordinator")
    coordinator.coordinated_tracks = [track]
    db.session.commit()
    registration = services.register(create_person("p@example.org"), track)
    assert registration.status is RegistrationStatus.waitlisted
    services.confirm(registration, by=coordinator)
    assert registration.status is RegistrationStatus.confirmed


def test_only_coordinators_cancel_once_the_track_has_started(ctx):
    track = open_track()
    person = create_person("p@example.org")
    registration = services.register(person, track)
    later = NOW + timedelta(days=61)
    assert services.may_cancel(registration, person, later) is False
    with pytest.raises(NotAllowed):
        services.cancel(registration, by=person, now=later)
    coordinator = create_person("c@example.org", role="coordinator")
    coordinator.coordinated_tracks = [track]
    db.session.commit()
    services.cancel(registration, by=coordinator, now=later)
    assert registration.status is RegistrationStatus.cancelled


def test_200_people_at_once_for_50_places_give_50_confirmed_and_150_waiting(app, database_url):
    """Real concurrent connections: each thread has its own session and connection."""
    if not is_postgres(app):
        pytest.skip("needs PostgreSQL's concurrent connections; SQLite serialises writers")
    with app.app_context():
        track = open_track(capacity=50)
        track_id = track.id
        people = [create_person(f"p{n}@example.org") for n in range(200)]
        person_ids = [p.id for p in people]
        db.session.remove()

    from lmb import create_app
    from tests.conftest import TEST_CONFIG

    concurrent = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 60, "max_overflow": 0, "pool_timeout": 60},
        }
    )
    barrier = threading.Barrier(60)
    errors = []

    def register(ids):
        with concurrent.app_context():
            try:
                barrier.wait(30)
                for user_id in ids:
                    from lmb.accounts.models import User

                    services.register(
                        db.session.get(User, user_id), db.session.get(Track, track_id)
                    )
                    # One registration per transaction, as one request each: the service
                    # only flushes, its caller commits (and so lets go of the track's lock).
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(person_ids[n::60],)) for n in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    with app.app_context():
        rows = db.session.scalars(
            select(Registration).where(Registration.track_id == track_id)
        ).all()
        confirmed = [r for r in rows if r.status is RegistrationStatus.confirmed]
        waiting = sorted(
            r.waitlist_position for r in rows if r.status is RegistrationStatus.waitlisted
        )
        assert len(rows) == 200
        assert len(confirmed) == 50
        assert waiting == list(range(1, 151))
    with concurrent.app_context():
        db.engine.dispose()
