"""Only admins manage people and organizations; coordinators are attached to tracks."""

import pytest

from lmb.accounts.models import Organization, Role, User
from lmb.extensions import db
from lmb.tracks.models import Track

ADMIN_PAGES = [
    "/admin/",
    "/admin/users",
    "/admin/organizations",
    "/admin/organizations/new",
    "/admin/outbox/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_participant_is_forbidden_from_admin_pages(browser, make_user, path):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    assert browser.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(browser, path):
    response = browser.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/account/login")


def test_a_participant_cannot_post_to_admin_forms(browser, make_user, app):
    make_user(email="tom@example.org")
    target = make_user(email="other@example.org")
    browser.login("tom@example.org")
    token_page = "/account/profile"
    response = browser.submit(
        f"/admin/users/{target}",
        {"name": "x", "role": "admin", "function": "other"},
        page=token_page,
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(User, target).role is Role.participant


def test_admin_gives_a_role_and_attaches_a_coordinator_to_tracks(app, browser, make_user, seeded):
    make_user(email="admin@example.org", role="admin")
    person = make_user(email="an@example.org", organization="VVSG")
    browser.login("admin@example.org")
    with app.app_context():
        tracks = db.session.scalars(db.select(Track).order_by(Track.number)).all()
        chosen = [tracks[0].id, tracks[6].id]
        organization_id = db.session.scalar(
            db.select(Organization.id).where(Organization.name == "VVSG")
        )
    response = browser.submit(
        f"/admin/users/{person}",
        {
            "name": "An Coördinator",
            "role": "coordinator",
            "function": "other",
            "active": "y",
            "organization_id": str(organization_id),
            "tracks": [str(t) for t in chosen],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, person)
        assert user.role is Role.coordinator
        assert sorted(t.id for t in user.coordinated_tracks) == sorted(chosen)
    track_page = browser.get("/tracks/duurzaam-aankoopbeleid").get_data(as_text=True)
    assert "An Coördinator" in track_page


def test_an_admin_cannot_demote_themselves(app, browser, make_user):
    admin = make_user(email="admin@example.org", role="admin")
    browser.login("admin@example.org")
    response = browser.submit(
        f"/admin/users/{admin}",
        {
            "name": "Admin",
            "role": "participant",
            "function": "other",
            "active": "y",
            "organization_id": "0",
        },
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(User, admin).role is Role.admin


def test_organizations_are_created_renamed_and_deleted_only_when_empty(app, browser, make_user):
    make_user(email="admin@example.org", role="admin", organization="VVSG")
    browser.login("admin@example.org")
    created = browser.submit(
        "/admin/organizations/new",
        {"name": "Gemeente Mol", "kind": "municipality", "country": "be"},
    )
    assert created.status_code == 302
    duplicate = browser.submit(
        "/admin/organizations/new",
        {"name": "gemeente mol", "kind": "municipality", "country": "BE"},
    )
    assert duplicate.status_code == 422
    with app.app_context():
        mol = db.session.scalar(db.select(Organization).where(Organization.name == "Gemeente Mol"))
        assert mol.country == "BE"
        vvsg_id = db.session.scalar(db.select(Organization.id).where(Organization.name == "VVSG"))
        mol_id = mol.id
    refused = browser.confirm(
        f"/admin/organizations/{vvsg_id}/delete", page=f"/admin/organizations/{vvsg_id}"
    )
    assert refused.status_code == 302
    browser.confirm(f"/admin/organizations/{mol_id}/delete", page=f"/admin/organizations/{mol_id}")
    with app.app_context():
        assert db.session.get(Organization, vvsg_id) is not None
        assert db.session.get(Organization, mol_id) is None


def test_admin_reads_the_outbox(browser, make_user):
    make_user(email="admin@example.org", role="admin")
    browser.login("admin@example.org")
    browser.submit("/account/reset", {"email": "admin@example.org"})
    page = browser.get("/admin/outbox/").get_data(as_text=True)
    assert "admin@example.org" in page
    message_page = browser.get("/admin/outbox/1").get_data(as_text=True)
    assert "/account/reset/" in message_page
