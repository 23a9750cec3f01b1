"""The audit log: a coordinator's or admin's change is written with its before and after; a
participant's own actions are not; secrets never appear; the page and exports show it."""

from lmb.core.audit import AuditEntry
from lmb.extensions import db
from tests.builders import create_person, create_track, make_coordinator, registered


def _entries(app, **where):
    with app.app_context():
        query = db.select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
        rows = [
            (e.actor, e.action, e.entity, e.entity_id, e.changes) for e in db.session.scalars(query)
        ]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return rows


def test_a_coordinators_change_is_logged_with_before_and_after(app, make_browser):
    with app.app_context():
        track = create_track("audit", "Audittraject", capacity=30)
        make_coordinator("coord@audit.example.org", track)
        track_id = track.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = make_browser()
    coordinator.login("coord@audit.example.org")
    page = coordinator.get("/tracks/audit/settings").get_data(as_text=True)
    assert "Audittraject" in page
    response = coordinator.submit(
        "/tracks/audit/settings",
        {"capacity": "12", "reminder_offsets": "P7D, P1D"},
    )
    assert response.status_code in (200, 302)
    entries = _entries(app, entity="tracks", entity_id=str(track_id))
    assert entries, "the change was not logged"
    actor, action, _, _, changes = entries[-1]
    assert actor == "Coord <coord@audit.example.org>" and action == "update"
    assert changes["capacity"] == [30, 12]


def test_a_participants_own_registration_is_not_logged(app, make_browser):
    from tests.builders import create_open_track

    with app.app_context():
        create_open_track("open-audit", "Open", capacity=5)
        create_person("deelnemer@audit.example.org")
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    participant = make_browser()
    participant.login("deelnemer@audit.example.org")
    before = len(_entries(app))
    participant.submit("/tracks/open-audit/register", {}, page="/tracks/open-audit")
    assert len(_entries(app)) == before


def test_admin_changes_to_people_hide_secrets_and_show_on_the_page_and_exports(app, make_browser):
    with app.app_context():
        create_person("admin@audit.example.org", role="admin", organization="VVSG")
        person = create_person("persoon@audit.example.org")
        person_id = person.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    admin = make_browser()
    admin.login("admin@audit.example.org")
    response = admin.submit(
        f"/admin/users/{person_id}",
        {
            "name": "Persoon Hernoemd",
            "role": "coordinator",
            "organization_id": "0",
            "function": "mayor",
            "active": "y",
        },
    )
    assert response.status_code == 302
    entries = _entries(app, entity="users", entity_id=str(person_id))
    assert entries
    changes = entries[-1][4]
    assert changes["name"] == ["Persoon", "Persoon Hernoemd"]
    assert changes["role"] == ["participant", "coordinator"]
    page = admin.get("/admin/audit?entity=users").get_data(as_text=True)
    assert "Persoon Hernoemd" in page and "argon2" not in page
    csv_text = admin.get("/admin/audit.csv?entity=users").get_data().decode("utf-8-sig")
    assert "Persoon Hernoemd" in csv_text and "argon2" not in csv_text
    assert admin.get("/admin/audit.xlsx").data[:2] == b"PK"
    # Hostile filters are harmless.
    assert (
        admin.get("/admin/audit?since=not-a-date&actor=%27%20OR%201=1&entity=x").status_code == 200
    )


def test_secret_columns_are_masked_when_an_admin_creates_an_account(app):
    from flask import g

    from lmb.accounts.models import Role, User
    from lmb.accounts.services import create_verified_user

    with app.app_context():
        create_person("admin2@audit.example.org", role="admin", organization="VVSG")
        with app.test_request_context("/admin/users"):
            # As in a request where the admin is logged in.
            g._login_user = db.session.scalar(
                db.select(User).filter_by(email="admin2@audit.example.org")
            )
            create_verified_user(
                email="nieuw@audit.example.org",
                name="Nieuw",
                role=Role.participant,
                organization_name="Stad Gent",
                password="een geheim wachtwoord",
            )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    created = _entries(app, entity="users", action="create")
    assert created
    changes = created[-1][4]
    assert changes["password_hash"] == "••••"
    assert "geheim" not in str(changes) and "argon2" not in str(changes)


def test_only_admins_read_the_audit_log(app, make_browser):
    with app.app_context():
        track = create_track("audit2", "Audit 2")
        make_coordinator("coord2@audit.example.org", track)
        registered(create_person("p2@audit.example.org"), track)
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = make_browser()
    coordinator.login("coord2@audit.example.org")
    assert coordinator.get("/admin/audit").status_code == 403
    assert coordinator.get("/admin/audit.csv").status_code == 403


def test_a_created_row_is_logged_under_its_id(app):
    """A new row has no identity key while the flush runs; the log still names its id, so that
    its entry can be found (by the filter, and by erasure for rows about a person)."""
    test_secret_columns_are_masked_when_an_admin_creates_an_account(app)
    created = _entries(app, action="create")
    assert {entity for _a, _b, entity, _id, _c in created} >= {"users", "memberships"}
    for _actor, _action, _entity, entity_id, changes in created:
        assert entity_id and entity_id == str(changes["id"])


def test_the_person_filter_takes_what_is_typed_literally(app):
    from lmb.core.audit import audit_query

    test_secret_columns_are_masked_when_an_admin_creates_an_account(app)
    with app.app_context():
        every = db.session.scalars(audit_query()).all()
        assert every
        assert db.session.scalars(audit_query(actor="admin2@")).all() == every
        assert db.session.scalars(audit_query(actor="%")).all() == []
        assert db.session.scalars(audit_query(actor="admin_")).all() == []
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
