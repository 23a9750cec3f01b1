"""The track forms that ask before they mail (a session invites the participants, opening a
track tells who wait for it) show every refusal of their service on its field first: never a
question about the mails followed by "the input is wrong". No question, nothing saved or
mailed."""

from datetime import timedelta

from sqlalchemy import func, select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.scheduling.models import Session
from lmb.tracks.models import Track, TrackInterest, TrackStatus
from tests.builders import create_person
from tests.tracks.test_programme_admin_pages import scene  # noqa: F401 (the fixture)
from tests.tracks.test_track_pages import track  # noqa: F401 (the fixture)

QUESTION = 'name="confirmed" value="yes"'


def _mails(app) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(OutboundMessage))
        db.session.remove()
    return n


def _refused(response, field: str, said: str) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:3000]
    assert f'id="{field}-error"' in page and said in page
    assert QUESTION not in page


def _session(**fields) -> dict:
    return {
        "phase": "labo",
        "title": "Labo 2",
        "day": (utcnow() + timedelta(days=45)).date().isoformat(),
        "starts": "16:30",
        "ends": "13:30",
        "location": "Roeselare",
        "online_url": "",
        "agenda": "",
        "capacity": "",
        **fields,
    }


def test_a_session_at_an_impossible_time_is_refused_before_any_question(
    app,
    make_browser,
    track,  # noqa: F811
):
    person = make_browser()
    person.login("sofie@example.org")
    person.submit("/tracks/participatie/register", page="/tracks/participatie")
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    mails = _mails(app)
    url = "/tracks/participatie/sessions/new"
    _refused(coordinator.submit(url, _session()), "ends", "moet eindigen na het begin")
    with app.app_context():
        assert db.session.scalar(select(Session).where(Session.title == "Labo 2")) is None
        session_id = db.session.scalar(select(Session.id).where(Session.title == "Labo 1"))
        db.session.remove()
    # Moving a session to an impossible time: the same, on the edit form.
    edit = f"/sessions/{session_id}/edit"
    _refused(coordinator.submit(edit, _session(title="Labo 1")), "ends", "moet eindigen na")
    with app.app_context():
        assert db.session.get(Session, session_id).sequence == 0
        db.session.remove()
    assert _mails(app) == mails
    # At a possible time, both ask first (a participant is invited).
    possible = _session(starts="09:30", ends="12:30")
    assert QUESTION in coordinator.submit(url, possible).get_data(as_text=True)


def test_opening_a_track_with_refused_dates_shows_them_before_any_question(
    app,
    make_browser,
    scene,  # noqa: F811
):
    with app.app_context():
        waiting = create_person("wacht@example.org")
        testtraject = db.session.scalar(select(Track).where(Track.slug == "testtraject"))
        db.session.add(TrackInterest(track_id=testtraject.id, user_id=waiting.id))
        db.session.commit()
        db.session.remove()
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    opened = {
        "title": "Testtraject",
        "status": "open",
        "labo_starts_on": "2026-02-01",
        "labo_ends_on": "2026-05-31",
        "voedingsbodem_starts_on": "2026-01-15",
        "voedingsbodem_ends_on": "2026-09-30",
        "capacity": "30",
    }
    response = coordinator.submit("/tracks/testtraject/edit", opened)
    _refused(response, "voedingsbodem_starts_on", "Voedingsbodem moet beginnen na het begin")
    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.slug == "testtraject"))
        assert track.status is TrackStatus.running
        db.session.remove()
    assert _mails(app) == 0
    # With dates the service keeps, opening asks first: someone waits to be told.
    fine = {**opened, "voedingsbodem_starts_on": "2026-06-01"}
    assert QUESTION in coordinator.submit("/tracks/testtraject/edit", fine).get_data(as_text=True)
