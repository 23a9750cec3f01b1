"""How many SQL statements the catalogue, a track's page and the personal feed cost.

The number is fixed: it does not grow with a track's registrations (no N+1), nor with the
number of tracks or sessions, and it stays small. Each page is requested once to warm up
(first connection, compiled caches), then once under `count_queries`.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from lmb.accounts.models import User
from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.tracks.models import PhaseKey, Registration, RegistrationStatus, Track, TrackStatus
from tests.builders import create_person, create_track, registered

# What each page costs today; a change here is a change in the page's queries, made on purpose.
EXPECTED = {
    "catalogue": 4,
    # A track page: the track with its programme, phases, coordinators and partners, the
    # counts, its sessions, and its first approved lessons and published toolkits (2).
    "track, anonymous": 5,
    # ... and the person (with their browser session) and their registration.
    "track, participant": 7,
    # The person behind the address, the feeds' version stamp (its ETag), sessions with their
    # tracks, sessions without a track, review rounds, the partnership reports whose part
    # the person's side still owes (issue 18), and the person's earlier cancelled
    # registrations per track: their SEQUENCE is their invites' (issue 15).
    "personal feed": 7,
}
# Whatever the exact figure: more than this is a regression worth a look.
MAX_STATEMENTS = 15
SESSIONS = 10
FEW, MANY = 10, 1_000
PASSWORD_HASH = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$not-a-real-hash-for-bulk-users"


@contextmanager
def count_queries(engine=None):
    """The SQL statements sent to `engine` (db.engine by default) inside the block, as a list."""
    engine = engine if engine is not None else db.engine
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def listing(statements: list[str]) -> str:
    return "\n".join(f"{n}. {' '.join(s.split())[:300]}" for n, s in enumerate(statements, 1))


# Building data: the track through the builders, the crowd through Core executemany.


def add_sessions(track, count: int, *, first_day: int = 10) -> None:
    now = utcnow().replace(microsecond=0)
    for n in range(count):
        starts_at = now + timedelta(days=first_day + n, hours=1)
        track.sessions.append(
            Session(
                phase=PhaseKey.labo,
                title=f"Labo {n + 1}",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
            )
        )
    db.session.commit()


def add_confirmed(track_id: int, count: int, prefix: str) -> None:
    """`count` new verified people, each confirmed in the track (two executemany inserts)."""
    now = datetime.now(UTC)
    db.session.execute(
        sa.insert(User.__table__),
        [
            {
                "email": f"{prefix}{i}@bulk.example",
                "name": f"Deelnemer {prefix}{i}",
                "locale": "nl",
                "password_hash": PASSWORD_HASH,
                "email_verified_at": now,
                "active": True,
            }
            for i in range(count)
        ],
    )
    user_ids = db.session.scalars(
        sa.select(User.id).where(User.email.like(f"{prefix}%@bulk.example"))
    ).all()
    assert len(user_ids) == count
    db.session.execute(
        sa.insert(Registration.__table__),
        [
            {
                "track_id": track_id,
                "user_id": user_id,
                "status": RegistrationStatus.confirmed,
                "confirmed_at": now,
            }
            for user_id in user_ids
        ],
    )
    db.session.commit()


def confirmed_count(track_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Registration.track_id == track_id,
            Registration.status == RegistrationStatus.confirmed,
        )
    )


@pytest.fixture
def scene(app):
    """An open track with 10 sessions, a coordinator, a partner and 10 confirmed people, one of
    them Sofie; returns the track's id and slug, and Sofie's feed token."""
    with app.app_context():
        now = utcnow()
        track = create_track(
            "participatie",
            "Participatie",
            status=TrackStatus.open,
            capacity=5_000,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=5),
        )
        coordinator = create_person("coordinator@example.org", role="coordinator")
        track.coordinators.append(coordinator)
        track.partners.append(coordinator.organization)
        add_sessions(track, SESSIONS)
        sofie = create_person("sofie@example.org")
        registered(sofie, track)
        add_confirmed(track.id, FEW - 1, "eerst")
        assert confirmed_count(track.id) == FEW
        result = {"track_id": track.id, "slug": track.slug, "token": calendar_token(sofie)}
        # calendar_token makes the token and flushes it; the caller (this test) commits.
        db.session.commit()
        db.session.remove()
    return result


class Pages:
    """The four requests, each by its own client: anonymous, or logged in as Sofie."""

    def __init__(self, app, make_browser, scene):
        self.app = app
        with app.app_context():
            self.engine = db.engine
        self.anonymous = make_browser()
        self.sofie = make_browser()
        self.sofie.login("sofie@example.org")
        self.requests = {
            "catalogue": (self.anonymous, "/tracks/"),
            "track, anonymous": (self.anonymous, f"/tracks/{scene['slug']}"),
            "track, participant": (self.sofie, f"/tracks/{scene['slug']}"),
            "personal feed": (self.anonymous, f"/calendar/{scene['token']}.ics"),
        }

    def get(self, name: str):
        browser, url = self.requests[name]
        response = browser.get(url)
        assert response.status_code == 200, (name, response.status_code)
        return response

    def measure(self) -> tuple[dict[str, list[str]], dict[str, bytes]]:
        statements, bodies = {}, {}
        for name in self.requests:
            self.get(name)
            with count_queries(self.engine) as sent:
                bodies[name] = self.get(name).data
            statements[name] = sent
        return statements, bodies


def test_count_queries_counts_what_is_sent(ctx):
    with count_queries() as statements:
        db.session.execute(sa.select(1))
        db.session.execute(sa.select(2))
    db.session.execute(sa.select(3))
    assert len(statements) == 2


def test_pages_cost_the_same_statements_for_10_and_for_1000_registrations(app, make_browser, scene):
    pages = Pages(app, make_browser, scene)
    few, few_bodies = pages.measure()

    with app.app_context():
        add_confirmed(scene["track_id"], MANY - FEW, "later")
        assert confirmed_count(scene["track_id"]) == MANY
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    many, many_bodies = pages.measure()

    # The pages did see the crowd: the places taken went from 10 to 1000.
    assert "10 van 5000 bezet" in few_bodies["track, anonymous"].decode()
    assert "1000 van 5000 bezet" in many_bodies["track, anonymous"].decode()
    assert "1000 van 5000 bezet" in many_bodies["catalogue"].decode()
    assert "Labo 10" in many_bodies["track, participant"].decode()
    feed = Calendar.from_ical(many_bodies["personal feed"])
    assert len(feed.walk("VEVENT")) == SESSIONS

    for name in pages.requests:
        assert len(many[name]) == len(few[name]), (
            f"{name}: {len(few[name])} statements with {FEW} registrations, "
            f"{len(many[name])} with {MANY}:\n{listing(many[name])}"
        )
        assert len(few[name]) <= MAX_STATEMENTS, f"{name}:\n{listing(few[name])}"
        assert len(few[name]) == EXPECTED[name], f"{name}:\n{listing(few[name])}"


def test_more_tracks_and_sessions_add_no_statements(app, make_browser, scene):
    """Seven tracks instead of one, and Sofie confirmed in all: 70 sessions in her feed."""
    pages = Pages(app, make_browser, scene)
    one, _ = pages.measure()

    with app.app_context():
        sofie = db.session.scalar(sa.select(User).where(User.email == "sofie@example.org"))
        for n in range(2, 8):
            track = create_track(f"traject-{n}", f"Traject {n}", capacity=100)
            add_sessions(track, SESSIONS, first_day=10 * n)
            registered(sofie, track)
            add_confirmed(track.id, 20, f"t{n}-")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    seven, bodies = pages.measure()

    assert "Traject 7" in bodies["catalogue"].decode()
    assert len(Calendar.from_ical(bodies["personal feed"]).walk("VEVENT")) == 7 * SESSIONS
    for name in pages.requests:
        assert len(seven[name]) == len(one[name]), (
            f"{name}: {len(one[name])} statements with one track, "
            f"{len(seven[name])} with seven:\n{listing(seven[name])}"
        )


def test_the_track_page_costs_the_same_for_10_and_for_60_sessions(app, make_browser, scene):
    """Logged in, registered or not: each session, lesson or person more adds no statement."""
    make_browser().get("/")
    with app.app_context():
        create_person("tom@example.org")
        db.session.remove()
    sofie, tom = make_browser(), make_browser()
    sofie.login("sofie@example.org")
    tom.login("tom@example.org")
    page = f"/tracks/{scene['slug']}"

    def statements(browser) -> list[str]:
        browser.get(page)
        with count_queries(pages_engine(app)) as sent:
            assert browser.get(page).status_code == 200
        return sent

    few = {"registered": statements(sofie), "not registered": statements(tom)}
    with app.app_context():
        track = db.session.get(Track, scene["track_id"])
        add_sessions(track, 50, first_day=40)
        db.session.remove()
    many = {"registered": statements(sofie), "not registered": statements(tom)}

    assert "Labo 50" in sofie.get(page).get_data(as_text=True)
    for who in few:
        assert len(many[who]) == len(few[who]), f"{who}:\n{listing(many[who])}"
    assert len(few["registered"]) == EXPECTED["track, participant"]
    # Not registered: whether the person asked to hear when registration opens.
    assert len(few["not registered"]) <= EXPECTED["track, participant"] + 1


def pages_engine(app):
    with app.app_context():
        return db.engine


def add_lessons(track_id: int, count: int, organization_id: int | None) -> None:
    """`count` approved lessons, each with a body, two SDGs and a tag."""
    from lmb.toolkits.models import Lesson, LessonSdg, LessonStatus, LessonTag

    now = utcnow()
    for n in range(count):
        db.session.add(
            Lesson(
                track_id=track_id,
                phase=list(PhaseKey)[n % 3],
                organization_id=organization_id,
                year=now.year,
                title=f"Les {n + 1}",
                body="Wat we leerden. " * 200,
                status=LessonStatus.approved,
                approved_at=now,
                sdg_rows=[LessonSdg(number=12), LessonSdg(number=17)],
                tag_rows=[LessonTag(tag="aankoopbeleid")],
            )
        )
    db.session.commit()


def test_the_track_page_lists_ten_lessons_in_one_statement_however_many(app, make_browser, scene):
    """The lessons box shows the first ten approved lessons: their links cost one statement,
    whether the track has none, three or forty (with organizations, SDGs and tags)."""
    sofie = make_browser()
    sofie.login("sofie@example.org")
    page = f"/tracks/{scene['slug']}"

    def statements() -> tuple[list[str], str]:
        sofie.get(page)
        with count_queries(pages_engine(app)) as sent:
            response = sofie.get(page)
        assert response.status_code == 200
        return sent, response.get_data(as_text=True)

    none, _ = statements()
    with app.app_context():
        organization_id = db.session.scalar(
            sa.select(User.organization_id).where(User.email == "sofie@example.org")
        )
        add_lessons(scene["track_id"], 3, organization_id)
        db.session.remove()
    three, body = statements()
    assert "Les 3" in body
    with app.app_context():
        add_lessons(scene["track_id"], 37, None)
        db.session.remove()
    forty, body = statements()

    assert len(re.findall(r'href="/lessons/\d+"', body)) == 10, body
    assert len(none) == len(three) == len(forty) == EXPECTED["track, participant"], listing(forty)
