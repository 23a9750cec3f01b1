"""A personal feed shows a cancelled session for 30 days so that the calendars that had it
drop it; a person who joined after the cancellation never had it and does not get it. The
public track feed is nobody's: it keeps every cancelled session of the 30 days."""

from datetime import timedelta

import time_machine
from icalendar import Calendar

from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.partnerships.models import SteeringGroupMeeting, SteeringGroupMember
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import OwnerKind, Session
from lmb.tracks import services
from tests.builders import create_open_track, create_person, create_session
from tests.partnerships.builders import seat, seeded_call

NOW = utcnow().replace(second=0, microsecond=0)


def events_of(browser, url: str) -> dict[str, str]:
    response = browser.get(url)
    assert response.status_code == 200, url
    calendar = Calendar.from_ical(response.data)
    assert calendar.errors == [] and all(c.errors == [] for c in calendar.walk())
    # Without the group's name that a meeting's summary starts with.
    return {str(e["SUMMARY"]).split(": ")[-1]: str(e["STATUS"]) for e in calendar.walk("VEVENT")}


def test_a_cancelled_session_only_in_the_feeds_of_those_confirmed_before(app, browser):
    with app.app_context():
        track = create_open_track("participatie", "Participatie", capacity=10)
        an = create_person("an@example.org")
        bart = create_person("bart@example.org")
        services.register(an, track, now=NOW - timedelta(hours=3))
        cancelled = create_session(track, NOW + timedelta(days=10), title="Labo 1")
        create_session(track, NOW + timedelta(days=11), title="Labo 2")
        scheduling.cancel_session(cancelled, now=NOW - timedelta(hours=2))
        services.register(bart, track, now=NOW - timedelta(hours=1))
        an_token, bart_token = calendar_token(an), calendar_token(bart)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    assert events_of(browser, f"/calendar/{an_token}.ics") == {
        "Labo 1": "CANCELLED",
        "Labo 2": "CONFIRMED",
    }
    assert events_of(browser, f"/calendar/{bart_token}.ics") == {"Labo 2": "CONFIRMED"}
    # The track's public feed is nobody's own: the cancellation stays in it.
    assert events_of(browser, "/tracks/participatie/calendar.ics") == {
        "Labo 1": "CANCELLED",
        "Labo 2": "CONFIRMED",
    }
    # Mijn agenda asks the same: Bart never had the cancelled session.
    browser.login("bart@example.org")
    page = browser.get("/agenda").data.decode()
    assert "Labo 2" in page and "Labo 1" not in page


def test_a_cancelled_meeting_only_in_the_feeds_of_members_seated_before(app, browser, seeded):
    with app.app_context():
        call = seeded_call()
        group = call.steering_group
        sofie = create_person("sofie@example.org")
        tom = create_person("tom@example.org")
        db.session.add(
            SteeringGroupMember(
                steering_group_id=group.id,
                seat_id=seat(call, "politician").id,
                user_id=sofie.id,
                started_at=NOW - timedelta(days=3),
            )
        )
        start = NOW + timedelta(days=20)
        meetings = []
        for n in range(2):
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
                    steering_group_id=group.id, year=2100 + n, session_id=session.id
                )
            )
            meetings.append(session)
        db.session.flush()
        scheduling.cancel_session(meetings[0], now=NOW - timedelta(days=2))
        db.session.add(
            SteeringGroupMember(
                steering_group_id=group.id,
                seat_id=seat(call, "general_director").id,
                user_id=tom.id,
                started_at=NOW - timedelta(days=1),
            )
        )
        sofie_token, tom_token = calendar_token(sofie), calendar_token(tom)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()

    assert events_of(browser, f"/calendar/{sofie_token}.ics") == {
        "Stuurgroep 1": "CANCELLED",
        "Stuurgroep 2": "CONFIRMED",
    }
    assert events_of(browser, f"/calendar/{tom_token}.ics") == {"Stuurgroep 2": "CONFIRMED"}
    # After the 30 days nobody gets it any more.
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        assert events_of(browser, f"/calendar/{sofie_token}.ics") == {"Stuurgroep 2": "CONFIRMED"}
