"""Programme administration in the browser: staff create programmes with milestones and start
tracks, a track's coordinator edits its page; a refusal shows on its field; others are refused."""

from datetime import date

import pytest
from sqlalchemy import select

from lmb.extensions import db
from lmb.tracks.models import DatePrecision, Milestone, PhaseKey, Programme, Track
from tests.builders import create_person, create_track, make_coordinator


@pytest.fixture
def scene(app):
    with app.app_context():
        track = create_track("testtraject", "Testtraject", starts_on=date(2026, 2, 1))
        make_coordinator("coord@example.org", track)
        create_person("other@example.org", role="coordinator", organization="VVSG")
        create_person("admin@example.org", role="admin", organization="VVSG")
        create_person("sofie@example.org")
        db.session.commit()
        db.session.remove()


def logged_in(make_browser, email):
    browser = make_browser()
    browser.login(email)
    return browser


def row(app, model, *where):
    with app.app_context():
        found = db.session.scalars(select(model).where(*where)).one_or_none()
        if found is not None:
            db.session.expunge(found)
        return found


def test_an_admin_creates_a_programme_with_milestones_and_starts_a_track(app, make_browser, scene):
    admin = logged_in(make_browser, "admin@example.org")
    response = admin.submit(
        "/programmes/new",
        {
            "title": "Lokale economie 2027-2029",
            "summary": "Een nieuw programma.",
            "starts_on": "2027-01-01",
            "ends_on": "2029-12-31",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/programmes/lokale-economie-2027-2029/edit")
    response = admin.submit(
        "/programmes/lokale-economie-2027-2029/milestones/new",
        {
            "kind": "steering_group_meeting",
            "title": "Stuurgroep",
            "title_en": "Steering group",
            "period": "najaar 2027",
        },
    )
    assert response.status_code == 302
    milestone = row(app, Milestone, Milestone.title == "Stuurgroep")
    assert (milestone.starts_on, milestone.precision) == (date(2027, 9, 1), DatePrecision.season)
    response = admin.submit(
        "/programmes/lokale-economie-2027-2029/tracks/new",
        {
            "title": "Korte ketens",
            "content": "Wat we doen.",
            "target_group": "Aankoopdiensten",
            "status": "announced",
            "labo_starts_on": "2027-03-01",
            "labo_ends_on": "2027-12-31",
            "closes_day": "2027-02-15",
            "opens_day": "2027-01-15",
            "capacity": "25",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/tracks/korte-ketens")
    page = admin.get("/tracks/korte-ketens").get_data(as_text=True)
    assert "Wat we doen." in page and "Aankoopdiensten" in page
    assert "VVSG – Dienst Internationaal" in page and "internationaal@vvsg.be" in page
    programme_page = admin.get("/programmes/lokale-economie-2027-2029").get_data(as_text=True)
    assert "najaar 2027" in programme_page and "Stuurgroep" in programme_page
    assert "Korte ketens" in programme_page
    admin.client.set_cookie("lmb_locale", "en")
    english = admin.get("/programmes/lokale-economie-2027-2029").get_data(as_text=True)
    assert "Steering group" in english and "autumn 2027" in english


def test_a_refused_change_shows_its_reason_on_the_field(app, make_browser, scene):
    coordinator = logged_in(make_browser, "coord@example.org")
    response = coordinator.submit(
        "/tracks/testtraject/edit",
        {
            "title": "Testtraject",
            "status": "running",
            "labo_starts_on": "2026-02-01",
            "labo_ends_on": "2026-05-31",
            "voedingsbodem_starts_on": "2026-01-15",
            "voedingsbodem_ends_on": "2026-09-30",
            "uitrol_starts_on": "2026-10-01",
            "uitrol_ends_on": "2028-03-01",
            "capacity": "30",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="voedingsbodem_starts_on-error"' in page
    assert "Voedingsbodem moet beginnen na het begin van Labo (1 februari 2026)." in page
    assert 'id="uitrol_ends_on-error"' in page
    assert "Uitrol moet binnen het programma vallen" in page
    track = row(app, Track, Track.slug == "testtraject")
    assert track.title == "Testtraject"
    response = coordinator.submit(
        "/tracks/testtraject/edit",
        {"title": "Testtraject", "status": "running", "labo_starts_on": "2026-02-01"},
    )
    assert response.status_code == 422
    assert "Geef beide data van deze fase, of geen van beide." in response.get_data(as_text=True)


def test_a_coordinator_edits_the_track_page_and_phases(app, make_browser, scene):
    coordinator = logged_in(make_browser, "coord@example.org")
    form = coordinator.get("/tracks/testtraject/edit").get_data(as_text=True)
    assert 'value="2026-02-01"' in form  # the labo's start, filled in
    response = coordinator.submit(
        "/tracks/testtraject/edit",
        {
            "title": "Testtraject",
            "status": "running",
            "course": "Vier bijeenkomsten.",
            "goals": "Een stappenplan.",
            "contact_name": "Lien Peeters",
            "contact_email": "lien@example.org",
            "partners": "Steunpunt Duurzame Overheidsopdrachten",
            "labo_starts_on": "2026-02-01",
            "labo_ends_on": "2026-06-30",
            "voedingsbodem_starts_on": "2026-07-01",
            "voedingsbodem_ends_on": "2026-12-31",
            "capacity": "12",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = coordinator.get("/tracks/testtraject").get_data(as_text=True)
    assert "Vier bijeenkomsten." in page and "Een stappenplan." in page
    assert "Lien Peeters" in page and "mailto:lien@example.org" in page
    assert "Dienst Internationaal" not in page
    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.slug == "testtraject"))
        assert [p.key for p in track.phases] == [PhaseKey.labo, PhaseKey.voedingsbodem]
        assert track.capacity == 12
        assert [p.name for p in track.partners] == ["Steunpunt Duurzame Overheidsopdrachten"]


def test_staff_edit_a_programme_and_its_milestones(app, make_browser, scene):
    staff = logged_in(make_browser, "other@example.org")
    response = staff.submit(
        "/programmes/test/milestones/new",
        {"kind": "tools", "title": "Tools", "starts_on": "2027-05-04"},
        page="/programmes/test/milestones/new",
    )
    assert response.status_code == 302
    milestone = row(app, Milestone, Milestone.title == "Tools")
    edit = staff.get(f"/milestones/{milestone.id}/edit").get_data(as_text=True)
    assert 'value="2027-05-04"' in edit
    response = staff.submit(
        f"/milestones/{milestone.id}/edit",
        {"kind": "tools", "title": "Tools", "period": "2030"},
    )
    assert response.status_code == 422
    assert "De mijlpaal moet binnen het programma vallen" in response.get_data(as_text=True)
    response = staff.submit(
        "/programmes/test/edit",
        {"title": "Testprogramma", "starts_on": "2026-01-01", "ends_on": "2027-03-01"},
    )
    assert response.status_code == 422
    assert "Deze vallen buiten de nieuwe data: Tools." in response.get_data(as_text=True)
    response = staff.confirm(f"/milestones/{milestone.id}/delete", page="/programmes/test/edit")
    assert response.status_code == 302
    assert row(app, Milestone, Milestone.title == "Tools") is None
    response = staff.submit(
        "/programmes/test/edit",
        {
            "title": "Testprogramma",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "contact_name": "Hanne",
            "contact_email": "hanne@example.org",
        },
    )
    assert response.status_code == 302
    assert row(app, Programme, Programme.slug == "test").contact_name == "Hanne"
    assert "mailto:hanne@example.org" in staff.get("/programmes/test").get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("sofie@example.org", "/programmes/new"),
        ("sofie@example.org", "/programmes/test/edit"),
        ("sofie@example.org", "/programmes/test/milestones/new"),
        ("sofie@example.org", "/programmes/test/tracks/new"),
        ("sofie@example.org", "/tracks/testtraject/edit"),
        ("other@example.org", "/tracks/testtraject/edit"),
    ],
)
def test_others_are_refused(app, make_browser, scene, who, path):
    browser = logged_in(make_browser, who)
    assert browser.get(path).status_code == 403
    token_page = browser.get("/tracks/").get_data(as_text=True)
    from tests.conftest import csrf_from

    response = browser.client.post(
        path, data={"csrf_token": csrf_from(token_page), "title": "Gekaapt", "status": "open"}
    )
    assert response.status_code == 403
    assert row(app, Track, Track.title == "Gekaapt") is None


def test_a_post_without_its_csrf_token_is_refused(app, make_browser, scene):
    admin = logged_in(make_browser, "admin@example.org")
    response = admin.client.post(
        "/programmes/new",
        data={"title": "Zonder", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    )
    assert response.status_code == 400
    assert row(app, Programme, Programme.title == "Zonder") is None


def test_a_track_without_a_contact_shows_vvsg(app, browser, scene):
    page = browser.get("/tracks/testtraject").get_data(as_text=True)
    assert "VVSG – Dienst Internationaal" in page and "internationaal@vvsg.be" in page
    assert "Over dit leertraject" in page and "Nog niet beschreven." in page
    assert "VVSG – Dienst Internationaal" in browser.get("/programmes/test").get_data(as_text=True)


def test_opening_a_track_that_people_wait_for_asks_first_how_many_hear_of_it(
    app, make_browser, scene
):
    from lmb.tracks.models import TrackInterest, TrackStatus

    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.slug == "testtraject"))
        track.status = TrackStatus.announced
        for n in range(2):
            person = create_person(f"wacht{n}@example.org")
            db.session.add(TrackInterest(user_id=person.id, track_id=track.id))
        db.session.commit()
        db.session.remove()
    coordinator = logged_in(make_browser, "coord@example.org")
    values = {
        "title": "Testtraject",
        "status": "open",
        "course": "Vier bijeenkomsten.",
        "labo_starts_on": "2026-02-01",
        "labo_ends_on": "2026-06-30",
    }
    question = coordinator.submit("/tracks/testtraject/edit", values)
    assert question.status_code == 200
    text = question.get_data(as_text=True)
    assert "2 personen die gevraagd hebben om verwittigd te worden" in text
    assert 'name="course" value="Vier bijeenkomsten."' in text
    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.slug == "testtraject"))
        assert track.status is TrackStatus.announced
    changed = coordinator.submit("/tracks/testtraject/edit", {**values, "confirmed": "change"})
    assert changed.status_code == 200
    assert "Vier bijeenkomsten." in changed.get_data(as_text=True)
    opened = coordinator.confirm("/tracks/testtraject/edit", values)
    assert opened.status_code == 302, opened.get_data(as_text=True)[:3000]
    with app.app_context():
        track = db.session.scalar(select(Track).where(Track.slug == "testtraject"))
        assert track.status is TrackStatus.open
