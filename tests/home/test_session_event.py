""" "Zet in mijn agenda": one session as a .ics file, the same event as the feeds carry (UID,
SEQUENCE), METHOD:PUBLISH; the place as a link to a map; the agenda page explains invites
versus subscribing."""

from datetime import timedelta

from icalendar import Calendar

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Session
from tests.builders import create_open_track, create_person, create_session, registered
from tests.home.helpers import steering_group_meeting


def test_one_session_as_an_ics_file_matches_the_feed(app, make_browser):
    with app.app_context():
        track = create_open_track("participatie", "Participatie", capacity=5)
        session = create_session(
            track,
            utcnow() + timedelta(days=20),
            title="Labo 1",
            location="VVSG, Bischoffsheimlaan 1-8, 1000 Brussel",
        )
        # A move raises the SEQUENCE: the download carries the current one.
        scheduling.change_session(
            session,
            starts_at=session.starts_at + timedelta(hours=1),
            ends_at=session.ends_at + timedelta(hours=1),
        )
        sofie = create_person("sofie@example.org")
        registered(sofie, track)
        db.session.commit()
        session_id, uid, sequence = session.id, session.uid, session.sequence
        db.session.remove()
    browser = make_browser()
    browser.login("sofie@example.org")
    agenda = browser.get("/agenda").get_data(as_text=True)
    assert f'href="/sessions/{session_id}/event.ics"' in agenda
    assert "Zet in mijn agenda" in agenda
    assert (
        'href="https://www.openstreetmap.org/search?query='
        'VVSG%2C%20Bischoffsheimlaan%201-8%2C%201000%20Brussel"' in agenda
    )
    assert "twee keer" in agenda  # invites or a subscription, not both

    response = browser.get(f"/sessions/{session_id}/event.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment")
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["METHOD"]) == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid
    assert int(event["SEQUENCE"]) == sequence >= 1
    # The same event, at the same SEQUENCE, as the track's feed.
    feed = Calendar.from_ical(browser.get("/tracks/participatie/calendar.ics").data)
    [in_feed] = feed.walk("VEVENT")
    assert (str(in_feed["UID"]), int(in_feed["SEQUENCE"])) == (uid, sequence)
    assert str(event["SUMMARY"]) == "Participatie: Labo 1"

    track_page = make_browser().get("/tracks/participatie").get_data(as_text=True)
    assert f'href="/sessions/{session_id}/event.ics"' in track_page
    # A track's sessions are public, like its feed.
    assert make_browser().get(f"/sessions/{session_id}/event.ics").status_code == 200
    assert make_browser().get("/sessions/999999/event.ics").status_code == 404


def test_a_meeting_of_another_domain_only_for_its_audience(app, seeded, make_browser):
    with app.app_context():
        meeting = steering_group_meeting("lid@example.org")["meeting"]
        create_person("buiten@example.org")
        db.session.commit()
        session_id = meeting.session_id
        assert db.session.get(Session, session_id).track_id is None
        db.session.remove()
    url = f"/sessions/{session_id}/event.ics"
    assert make_browser().get(url).status_code == 404
    outsider = make_browser()
    outsider.login("buiten@example.org")
    assert outsider.get(url).status_code == 404
    insider = make_browser()
    insider.login("lid@example.org")
    response = insider.get(url)
    assert response.status_code == 200
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert "Stuurgroep" in str(event["SUMMARY"])
