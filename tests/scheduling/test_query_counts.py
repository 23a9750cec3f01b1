"""Mijn agenda and the personal feed cost the same number of SQL statements whatever the
number of meetings without a track: the audiences of the steering group's meetings and of
partnership activities are looked up per owner kind, in one statement, not per meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from lmb.accounts.models import User
from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.partnerships.models import SteeringGroupMeeting, SteeringGroupMember
from lmb.scheduling.models import OwnerKind, Session
from tests.builders import create_open_track, create_person, create_session, registered
from tests.partnerships.builders import seat, seeded_call, steering_group
from tests.tracks.test_query_counts import count_queries, listing

FIRST_YEAR = 2100
# Mijn agenda today: the person (with their browser session), their tracks' sessions with the
# tracks, the meetings without a track, their owners (one statement for the steering group's),
# the registrations with their tracks. A change here is a change in the page's queries.
AGENDA_STATEMENTS = 5


def add_meetings(count: int, *, first: int = 0) -> None:
    group = steering_group()
    start = utcnow().replace(microsecond=0) + timedelta(days=20)
    for n in range(first, first + count):
        session = Session(
            track_id=None,
            owner_kind=OwnerKind.steering_meeting,
            title=f"Stuurgroep {n + 1}",
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=2),
        )
        db.session.add(session)
        db.session.flush()
        db.session.add(
            SteeringGroupMeeting(
                steering_group_id=group.id, year=FIRST_YEAR + n, session_id=session.id
            )
        )
    db.session.commit()


@pytest.fixture
def member(app, seeded):
    """Sofie, a member of the steering group, with one meeting planned; Tom, not a member."""
    with app.app_context():
        call = seeded_call()
        sofie = create_person("sofie@example.org")
        create_person("tom@example.org")
        db.session.add(
            SteeringGroupMember(
                steering_group_id=call.steering_group.id,
                seat_id=seat(call, "politician").id,
                user_id=sofie.id,
                started_at=utcnow(),
            )
        )
        db.session.commit()
        add_meetings(1)
        token = calendar_token(sofie)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return token


def measure(app, browser, url: str) -> tuple[list[str], bytes]:
    with app.app_context():
        engine = db.engine
    browser.get(url)
    with count_queries(engine) as sent:
        response = browser.get(url)
    assert response.status_code == 200, url
    return sent, response.data


def test_the_agenda_and_the_feed_cost_the_same_for_1_and_for_10_meetings(app, make_browser, member):
    sofie = make_browser()
    sofie.login("sofie@example.org")
    anonymous = make_browser()
    feed = f"/calendar/{member}.ics"
    agenda_one, page_one = measure(app, sofie, "/agenda")
    feed_one, _ = measure(app, anonymous, feed)
    assert "Stuurgroep 1" in page_one.decode()

    with app.app_context():
        add_meetings(9, first=1)
        db.session.remove()
    agenda_ten, page_ten = measure(app, sofie, "/agenda")
    feed_ten, body = measure(app, anonymous, feed)

    assert all(f"Stuurgroep {n}" in page_ten.decode() for n in range(1, 11))
    assert len(Calendar.from_ical(body).walk("VEVENT")) == 10
    assert len(agenda_ten) == len(agenda_one), (
        f"/agenda: {len(agenda_one)} statements with 1 meeting, {len(agenda_ten)} with 10:\n"
        f"{listing(agenda_ten)}"
    )
    assert len(feed_ten) == len(feed_one), listing(feed_ten)
    assert len(agenda_one) == AGENDA_STATEMENTS, listing(agenda_one)


def test_only_the_members_see_the_meetings(app, make_browser, member):
    tom = make_browser()
    tom.login("tom@example.org")
    response = tom.get("/agenda")
    assert response.status_code == 200
    assert "Stuurgroep 1" not in response.data.decode()
    with app.app_context():
        tom_user = db.session.scalar(select(User).where(User.email == "tom@example.org"))
        token = calendar_token(tom_user)
        db.session.commit()  # the test calls services: they flush, the caller commits
        response = make_browser().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    body = response.data
    assert Calendar.from_ical(body).walk("VEVENT") == []


def _register_in_new_tracks(email: str, first: int, count: int) -> None:
    person = db.session.scalar(select(User).where(User.email == email))
    for n in range(first, first + count):
        track = create_open_track(f"traject-{n}", f"Traject {n}")
        track.title_en = f"Track {n}"
        create_session(track, utcnow() + timedelta(days=30 + n), title=f"Labo {n}")
        registered(person, track)
    db.session.commit()


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_the_agenda_costs_the_same_for_1_and_for_6_tracks(app, make_browser, member, locale):
    """Each registration names its track (in English for an English reader): the track comes
    with the registration, never one statement per track."""
    with app.app_context():
        _register_in_new_tracks("sofie@example.org", 0, 1)
        db.session.remove()
    sofie = make_browser()
    sofie.login("sofie@example.org")
    sofie.submit("/account/locale", {"locale": locale, "next": "/"}, page="/")
    one, _ = measure(app, sofie, "/agenda")
    with app.app_context():
        _register_in_new_tracks("sofie@example.org", 1, 5)
        db.session.remove()
    six, page = measure(app, sofie, "/agenda")
    assert len(six) == len(one), f"1 track: {len(one)}, 6 tracks: {len(six)}\n{listing(six)}"
    assert ("Track 5" if locale == "en" else "Traject 5") in page.decode()
