"""The track pages people use: register, the waiting list, Mijn agenda, and the coordinator's."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.scheduling.models import Attendance, Session
from lmb.tracks.models import Registration
from tests.builders import (
    create_open_track,
    create_person,
    create_session,
    make_coordinator,
)

NOW = utcnow()
PASSWORD = "correct horse battery"


@pytest.fixture
def track(app):
    with app.app_context():
        track = create_open_track("participatie", "Participatie")
        create_session(track, NOW + timedelta(days=41), title="Labo 1")
        make_coordinator("coord@example.org", track)
        create_person("other-coord@example.org", role="coordinator", organization="VVSG")
        for email in ("sofie@example.org", "tom@example.org"):
            create_person(email)
        create_person("=cmd|calc@example.org", organization="+Gemeente Formule")
        db.session.commit()
        db.session.remove()


def registrations(app):
    with app.app_context():
        rows = db.session.scalars(select(Registration).order_by(Registration.id)).all()
        return [(r.user.email, r.status.name, r.waitlist_position) for r in rows]


def test_register_land_on_the_waiting_list_and_be_promoted(app, make_browser, track):
    sofie, tom = make_browser(), make_browser()
    sofie.login("sofie@example.org")
    tom.login("tom@example.org")
    sofie.submit("/tracks/participatie/register", page="/tracks/participatie")
    response = tom.submit(
        "/tracks/participatie/register", page="/tracks/participatie", follow_redirects=True
    )
    assert "nummer 1 op de wachtlijst" in response.get_data(as_text=True)
    assert registrations(app) == [
        ("sofie@example.org", "confirmed", None),
        ("tom@example.org", "waitlisted", 1),
    ]
    page = sofie.get("/tracks/participatie").get_data(as_text=True)
    registration_id = re.search(r"/registrations/(\d+)/cancel", page).group(1)
    sofie.confirm(f"/registrations/{registration_id}/cancel", page="/tracks/participatie")
    assert registrations(app)[1] == ("tom@example.org", "confirmed", None)
    agenda = tom.get("/agenda").get_data(as_text=True)
    assert "Labo 1" in agenda and "/calendar/" in agenda


def test_nobody_cancels_someone_elses_registration(app, make_browser, track):
    sofie, tom = make_browser(), make_browser()
    sofie.login("sofie@example.org")
    sofie.submit("/tracks/participatie/register", page="/tracks/participatie")
    tom.login("tom@example.org")
    response = tom.confirm("/registrations/1/cancel", page="/tracks/participatie")
    assert response.status_code == 403
    assert registrations(app)[0][1] == "confirmed"


def test_attendance_intent_is_saved_from_mijn_agenda(app, browser, track):
    browser.login("sofie@example.org")
    browser.submit("/tracks/participatie/register", page="/tracks/participatie")
    with app.app_context():
        session_id = db.session.scalar(select(Session.id))
    browser.submit(f"/sessions/{session_id}/intent", {"intent": "maybe"}, page="/agenda")
    with app.app_context():
        assert db.session.scalar(select(Attendance.intent)).name == "maybe"
    assert (
        browser.submit(
            f"/sessions/{session_id}/intent", {"intent": "x"}, page="/agenda"
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    "path",
    [
        "/tracks/participatie/manage",
        "/tracks/participatie/settings",
        "/tracks/participatie/sessions/new",
        "/tracks/participatie/registrations.csv",
    ],
)
def test_coordinator_pages_are_for_the_tracks_coordinators(make_browser, track, path):
    for email, status in (
        ("sofie@example.org", 403),
        ("other-coord@example.org", 403),
        ("coord@example.org", 200),
    ):
        browser = make_browser()
        browser.login(email)
        assert browser.get(path).status_code == status, (email, path)


def test_exports_hold_every_registration_and_neutralise_formulas(app, make_browser, track):
    person = make_browser()
    person.login("=cmd|calc@example.org")
    person.submit("/tracks/participatie/register", page="/tracks/participatie")
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    response = coordinator.get("/tracks/participatie/registrations.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[1][0] == "'=Cmd|Calc"
    assert rows[1][1:3] == ["'=cmd|calc@example.org", "'+Gemeente Formule"]
    workbook = load_workbook(
        io.BytesIO(coordinator.get("/tracks/participatie/registrations.xlsx").data)
    )
    values = [cell.value for cell in workbook.active[2]]
    assert "'=cmd|calc@example.org" in values and "'+Gemeente Formule" in values
    assert all(not str(v).startswith(("=", "+", "-", "@")) for v in values if v)


def test_the_coordinator_adds_confirms_and_filters(app, make_browser, track):
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    coordinator.submit(
        "/tracks/participatie/registrations/add",
        {"email": "sofie@example.org"},
        page="/tracks/participatie/manage",
    )
    coordinator.submit(
        "/tracks/participatie/registrations/add",
        {"email": "tom@example.org"},
        page="/tracks/participatie/manage",
    )
    # Added by a coordinator: confirmed even past capacity.
    assert [r[1] for r in registrations(app)] == ["confirmed", "confirmed"]
    page = coordinator.get("/tracks/participatie/manage?q=tom").get_data(as_text=True)
    assert "tom@example.org" in page and "sofie@example.org" not in page
    unknown = coordinator.submit(
        "/tracks/participatie/registrations/add",
        {"email": "nobody@example.org"},
        page="/tracks/participatie/manage",
        follow_redirects=True,
    )
    assert "Geen account" in unknown.get_data(as_text=True)


def test_the_coordinator_creates_moves_and_cancels_a_session(
    app, make_browser, track, smtp_server, flush_outbox
):
    person = make_browser()
    person.login("sofie@example.org")
    person.submit("/tracks/participatie/register", page="/tracks/participatie")
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    day = (NOW + timedelta(days=45)).date().isoformat()
    values = {
        "phase": "labo",
        "title": "Labo 2",
        "day": day,
        "starts": "09:30",
        "ends": "12:30",
        "location": "Roeselare",
        "online_url": "",
        "agenda": "",
        "capacity": "",
    }
    # Adding a session mails the participants: the form asks once more, with its values.
    question = coordinator.submit("/tracks/participatie/sessions/new", values)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "1 deelnemer krijgt een uitnodiging per e-mail voor de agenda." in text
    assert "9.30–12.30 uur" in text
    assert 'name="location" value="Roeselare"' in text
    # "Change": back to the form, everything typed still there, nothing made.
    again = coordinator.submit(
        "/tracks/participatie/sessions/new", {**values, "confirmed": "change"}
    )
    assert again.status_code == 200
    assert 'value="Roeselare"' in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Session).where(Session.title == "Labo 2")) is None
    created = coordinator.confirm("/tracks/participatie/sessions/new", values)
    assert created.status_code == 302
    with app.app_context():
        session = db.session.scalar(select(Session).where(Session.title == "Labo 2"))
        assert session.location == "Roeselare"
        session_id = session.id
    moved = coordinator.confirm(
        f"/sessions/{session_id}/edit",
        {
            "phase": "labo",
            "title": "Labo 2",
            "day": day,
            "starts": "13:30",
            "ends": "16:30",
            "location": "Roeselare",
            "online_url": "",
            "agenda": "",
            "capacity": "",
        },
    )
    assert moved.status_code == 302
    asked = coordinator.submit(
        f"/sessions/{session_id}/edit", {**values, "starts": "14:00", "ends": "17:00"}
    )
    assert asked.status_code == 200
    assert "Van " in asked.get_data(as_text=True)
    assert "1 deelnemer krijgt de wijziging per e-mail" in asked.get_data(as_text=True)
    bad = coordinator.submit(
        f"/sessions/{session_id}/edit",
        {
            "phase": "labo",
            "title": "Labo 2",
            "day": day,
            "starts": "16:30",
            "ends": "13:30",
        },
    )
    assert bad.status_code == 422
    # The invitations leave before the cancellation: a CANCEL goes only to whom one did.
    flush_outbox()
    coordinator.confirm(f"/sessions/{session_id}/cancel", page=f"/sessions/{session_id}/edit")
    with app.app_context():
        session = db.session.get(Session, session_id)
        assert session.status.name == "cancelled" and session.sequence == 2
        keys = db.session.scalars(
            select(OutboundMessage.idempotency_key).where(
                OutboundMessage.kind == "invite/session",
                OutboundMessage.idempotency_key.like(f"invite:session:{session_id}:%"),
            )
        ).all()
        assert sorted(k.split(":")[4] + k.rsplit(":", 1)[1] for k in keys) == [
            "0REQUEST",
            "1REQUEST",
            "2CANCEL",
        ]


def test_settings_refuse_bad_offsets_and_save_good_ones(app, make_browser, track):
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    base = {"opens_day": "", "closes_day": "", "capacity": "25", "reminder_offsets": "P7D, soon"}
    assert coordinator.submit("/tracks/participatie/settings", base).status_code == 422
    saved = coordinator.submit(
        "/tracks/participatie/settings", {**base, "reminder_offsets": "p3d, PT2H"}
    )
    assert saved.status_code == 302
    with app.app_context():
        from lmb.tracks.models import Track

        track = db.session.scalar(select(Track).where(Track.slug == "participatie"))
        assert track.reminder_offsets == ["P3D", "PT2H"] and track.capacity == 25


def test_attendance_is_recorded_after_the_session(app, make_browser, track):
    with app.app_context():
        from lmb.tracks.models import Track

        past = create_session(
            db.session.scalar(select(Track)), NOW - timedelta(hours=5), title="Voorbij"
        )
        past_id = past.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    person = make_browser()
    person.login("sofie@example.org")
    person.submit("/tracks/participatie/register", page="/tracks/participatie")
    with app.app_context():
        user_id = db.session.scalar(select(Registration.user_id))
    coordinator = make_browser()
    coordinator.login("coord@example.org")
    response = coordinator.submit(
        f"/sessions/{past_id}/attendance", {"present": [str(user_id), "99999"]}
    )
    assert response.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(Attendance.attended).where(Attendance.session_id == past_id))
            is True
        )


def test_an_organization_page_is_for_its_members_and_coordinators(app, make_browser, track):
    with app.app_context():
        from lmb.accounts.models import Organization

        roeselare = db.session.scalar(
            select(Organization.id).where(Organization.name == "Stad Roeselare")
        )
    member, outsider, coordinator = make_browser(), make_browser(), make_browser()
    member.login("sofie@example.org")
    outsider.login("=cmd|calc@example.org")
    coordinator.login("coord@example.org")
    assert member.get(f"/organizations/{roeselare}").status_code == 200
    assert outsider.get(f"/organizations/{roeselare}").status_code == 403
    assert coordinator.get(f"/organizations/{roeselare}").status_code == 200
