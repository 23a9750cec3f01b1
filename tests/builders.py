"""Build rows by name for tests: tracks, people, registrations, sessions (inside an app context)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from lmb.accounts.models import Role
from lmb.accounts.services import create_verified_user
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.tracks.models import (
    Phase,
    PhaseKey,
    Programme,
    Registration,
    RegistrationStatus,
    Track,
    TrackStatus,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def create_track(
    slug="testtraject",
    title="Testtraject",
    *,
    status=TrackStatus.running,
    capacity=30,
    opens_at=None,
    closes_at=None,
    offsets=None,
    starts_on=date(2026, 1, 1),
) -> Track:
    programme = db.session.scalar(db.select(Programme).where(Programme.slug == "test"))
    if programme is None:
        programme = Programme(
            slug="test",
            title="Testprogramma",
            starts_on=date(2026, 1, 1),
            ends_on=date(2027, 12, 31),
        )
        db.session.add(programme)
    number = (db.session.scalar(db.select(db.func.max(Track.number))) or 0) + 1
    track = Track(
        programme=programme,
        number=number,
        slug=slug,
        title=title,
        summary=f"Over {title}.",
        status=status,
        capacity=capacity,
        registration_opens_at=opens_at,
        registration_closes_at=closes_at,
        phases=[
            Phase(
                key=key,
                starts_on=starts_on + timedelta(days=120 * i),
                ends_on=starts_on + timedelta(days=120 * i + 119),
            )
            for i, key in enumerate(PhaseKey)
        ],
    )
    if offsets is not None:
        track.reminder_offsets = offsets
    db.session.add(track)
    db.session.commit()
    return track


def create_open_track(
    slug="testtraject",
    title="Testtraject",
    *,
    capacity=1,
    closes_in_days=20,
    starts_in_days=40,
    **kwargs,
) -> Track:
    """A track whose registration opened yesterday; its first phase starts later."""
    now = datetime.now(UTC)
    return create_track(
        slug,
        title,
        status=TrackStatus.open,
        capacity=capacity,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=closes_in_days),
        starts_on=(now + timedelta(days=starts_in_days)).date(),
        **kwargs,
    )


def make_coordinator(email, *tracks, organization="VVSG"):
    coordinator = create_person(email, role="coordinator", organization=organization)
    coordinator.coordinated_tracks = list(tracks)
    db.session.commit()
    return coordinator


def create_person(
    email,
    *,
    locale="nl",
    role="participant",
    organization="Stad Roeselare",
    time_zone="Europe/Brussels",
):
    user, _ = create_verified_user(
        email=email,
        name=email.split("@")[0].title(),
        role=Role[role],
        organization_name=organization,
        password="correct horse battery",
    )
    user.locale = locale
    user.time_zone = time_zone
    db.session.commit()
    return user


def registered(user, track, status=RegistrationStatus.confirmed) -> Registration:
    registration = Registration(
        user=user, track=track, status=status, confirmed_at=datetime.now(UTC)
    )
    db.session.add(registration)
    db.session.commit()
    return registration


def create_session(
    track,
    starts_at,
    *,
    title="Labo: startbijeenkomst",
    hours=3,
    location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
):
    session = scheduling.create_session(
        track,
        phase=PhaseKey.labo,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        location=location,
    )
    db.session.commit()  # services add and flush; the caller (this builder) commits
    return session
