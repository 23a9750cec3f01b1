"""A search box holds text: % and _ typed in it are letters, not SQL wildcards (the people,
organizations, registrations and audit-log filters)."""

from lmb.extensions import db
from lmb.tracks import services as tracks
from tests.builders import create_person, create_track, registered


def test_people_and_organizations_searches_take_percent_and_underscore_literally(app, make_browser):
    with app.app_context():
        create_person("admin@zoek.example.org", role="admin", organization="VVSG")
        create_person("an_de@zoek.example.org", organization="Stad_Gent")
        create_person("anxde@zoek.example.org", organization="StadXGent")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    admin = make_browser()
    admin.login("admin@zoek.example.org")
    people = admin.get("/admin/users?q=an_de").get_data(as_text=True)
    assert "an_de@zoek.example.org" in people and "anxde@zoek.example.org" not in people
    assert "@zoek.example.org" not in admin.get("/admin/users?q=%25").get_data(as_text=True)
    organizations = admin.get("/admin/organizations?q=Stad_").get_data(as_text=True)
    assert "Stad_Gent" in organizations and "StadXGent" not in organizations


def test_the_registrations_search_takes_percent_and_underscore_literally(app):
    with app.app_context():
        track = create_track("zoek", "Zoektraject")
        for email in ("an_de@zoek.example.org", "anxde@zoek.example.org"):
            registered(create_person(email), track)
        found = tracks.track_registrations(track, search="an_de")
        assert [r.user.email for r in found] == ["an_de@zoek.example.org"]
        assert tracks.track_registrations(track, search="%") == []
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
