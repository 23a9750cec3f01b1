"""Feeds: a track's public feed and a person's private one, cached by ETag."""

from datetime import timedelta

import pytest
import time_machine
from icalendar import Calendar

from lmb.accounts.models import User
from lmb.accounts.services import calendar_token, rotate_calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.tracks import services
from tests.builders import create_person, create_session, create_track, registered

NOW = utcnow().replace(second=0, microsecond=0)


def parse(body: bytes) -> Calendar:
    calendar = Calendar.from_ical(body)
    assert calendar.errors == [] and all(c.errors == [] for c in calendar.walk())
    return calendar


@pytest.fixture
def setup(app):
    with app.app_context():
        track = create_track("participatie", "Participatie")
        other = create_track("bankieren", "Duurzaam bankieren")
        sofie = create_person("sofie@example.org")
        registered(sofie, track)
        for n in range(3):
            create_session(track, NOW + timedelta(days=10 + n), title=f"Labo {n + 1}")
        create_session(other, NOW + timedelta(days=12), title="Niet van Sofie")
        token = calendar_token(sofie)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return token


def test_the_track_feed_is_a_published_calendar(browser, setup):
    response = browser.get("/tracks/participatie/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = parse(response.data)
    assert "METHOD" not in calendar
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
        "Participatie: Labo 1",
        "Participatie: Labo 2",
        "Participatie: Labo 3",
    ]
    assert "public" in response.headers["Cache-Control"]


def test_the_personal_feed_holds_only_the_persons_sessions_and_is_private(browser, setup):
    response = browser.get(f"/calendar/{setup}.ics")
    assert response.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in parse(response.data).walk("VEVENT")]
    assert summaries == ["Participatie: Labo 1", "Participatie: Labo 2", "Participatie: Labo 3"]
    assert response.headers["Cache-Control"].startswith("private")
    assert browser.get("/calendar/not-a-token.ics").status_code == 404


def test_a_strong_etag_answers_304_until_a_session_changes(app, browser, setup):
    first = browser.get(f"/calendar/{setup}.ics")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = browser.get(f"/calendar/{setup}.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    with app.app_context():
        session = services.track_by_slug("participatie").sessions[0]
        scheduling.change_session(session, title="Labo 1 (verplaatst)")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    changed = browser.get(f"/calendar/{setup}.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_cancelled_sessions_stay_30_days_marked_cancelled(app, browser, setup):
    with app.app_context():
        session = services.track_by_slug("participatie").sessions[0]
        scheduling.cancel_session(session)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    events = parse(browser.get("/tracks/participatie/calendar.ics").data).walk("VEVENT")
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED", "CONFIRMED", "CONFIRMED"]
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        events = parse(browser.get("/tracks/participatie/calendar.ics").data).walk("VEVENT")
    assert len(events) == 2


def test_rotating_the_token_retires_the_old_address(app, browser, setup):
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "sofie@example.org"))
        new = rotate_calendar_token(user)
        assert user.calendar_token_hash != new  # only a hash is stored
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert browser.get(f"/calendar/{setup}.ics").status_code == 404
    assert browser.get(f"/calendar/{new}.ics").status_code == 200


def test_mijn_agenda_lists_the_sessions_to_come_a_page_at_a_time(app, make_browser):
    """A person in many tracks sees the next 20 sessions, soonest first, and can go on to
    later ones; ended sessions are not listed, and the feed still holds every session."""
    from lmb.scheduling.feeds import AGENDA_PAGE

    with app.app_context():
        track = create_track("participatie", "Participatie")
        sofie = create_person("sofie@example.org")
        registered(sofie, track)
        create_session(track, NOW - timedelta(days=3), title="Voorbij")
        # Created in reverse order: the page orders by start, not by creation.
        for n in reversed(range(AGENDA_PAGE + 5)):
            create_session(track, NOW + timedelta(days=2 + n), title=f"Bijeenkomst {n + 1:02d}")
        token = calendar_token(sofie)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser = make_browser()
    browser.login("sofie@example.org")

    first = browser.get("/agenda").get_data(as_text=True)
    shown = [f"Bijeenkomst {n:02d}" for n in range(1, AGENDA_PAGE + 1)]
    assert all(title in first for title in shown)
    assert [first.index(title) for title in shown] == sorted(first.index(t) for t in shown)
    assert f"Bijeenkomst {AGENDA_PAGE + 1:02d}" not in first and "Voorbij" not in first
    assert 'href="/agenda?page=2" rel="next"' in first and 'rel="prev"' not in first

    second = browser.get("/agenda?page=2").get_data(as_text=True)
    assert all(f"Bijeenkomst {n:02d}" in second for n in range(AGENDA_PAGE + 1, AGENDA_PAGE + 6))
    assert "Bijeenkomst 01" not in second
    assert 'href="/agenda" rel="prev"' in second and 'rel="next"' not in second
    assert "<title>Mijn agenda (pagina 2)" in second

    beyond = browser.get("/agenda?page=9")
    assert beyond.status_code == 200
    assert "Geen latere bijeenkomsten" in beyond.get_data(as_text=True)
    for bad in ("0", "-1", "x", "99999999999"):
        assert browser.get(f"/agenda?page={bad}").status_code == 200

    feed = parse(browser.get(f"/calendar/{token}.ics").data)
    assert len(feed.walk("VEVENT")) == AGENDA_PAGE + 6
