"""Every change made through the API is in the audit log, with the token's owner as actor."""

from sqlalchemy import select

from lmb.accounts.models import User
from lmb.core.audit import AuditEntry
from lmb.extensions import db

WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}


def _new_rows(app, after_id: int) -> list[AuditEntry]:
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEntry).where(AuditEntry.id > after_id)))
        db.session.expunge_all()
        return rows


def test_every_api_write_endpoint_logs_its_changes_under_the_tokens_owner(app, world):
    covered: set[tuple[str, str]] = set()
    last_id = 0

    def call(method, path, rule, who, json=None, entity=None, status=(200, 201)):
        nonlocal last_id
        response = world.client.open(path, method=method, headers=world.headers(who), json=json)
        assert response.status_code in status, (path, response.get_json())
        rows = _new_rows(app, last_id)
        assert rows, f"{method} {path} left nothing in the audit log"
        owner = world.user_ids[who]
        assert {row.actor_id for row in rows} == {owner}, (path, [r.actor for r in rows])
        email = {"participant": "pia@example.org", "coordinator": "cor@example.org"}[who]
        assert all(row.actor.endswith(f"<{email}>") for row in rows), [r.actor for r in rows]
        assert entity in {row.entity for row in rows}, (path, {r.entity for r in rows})
        last_id = max(row.id for row in rows)
        covered.add((method, rule))
        return response.get_json() if response.status_code != 204 else None

    # Registrations: a participant, whose browser changes the log does not record.
    registration = call(
        "POST",
        "/api/v1/tracks/testtraject/registrations",
        "/api/v1/tracks/<slug>/registrations",
        "participant",
        entity="registrations",
    )
    # Tracks and sessions: the coordinator.
    call(
        "PATCH",
        "/api/v1/tracks/testtraject",
        "/api/v1/tracks/<slug>",
        "coordinator",
        json={"capacity": 5},
        entity="tracks",
    )
    session = call(
        "POST",
        "/api/v1/tracks/testtraject/sessions",
        "/api/v1/tracks/<slug>/sessions",
        "coordinator",
        json={
            "title": "Extra labo",
            "phase": "labo",
            "starts_at": "2027-03-04T13:30:00+01:00",
            "ends_at": "2027-03-04T16:30:00+01:00",
            "location": "Stadhuis Roeselare",
        },
        entity="sessions",
    )
    call(
        "PATCH",
        f"/api/v1/sessions/{session['id']}",
        "/api/v1/sessions/<id:session_id>",
        "coordinator",
        json={"title": "Extra labo (verplaatst)"},
        entity="sessions",
    )
    call(
        "POST",
        f"/api/v1/sessions/{session['id']}/cancel",
        "/api/v1/sessions/<id:session_id>/cancel",
        "coordinator",
        entity="sessions",
    )
    # Lessons: written and submitted by the participant, returned and approved by the
    # coordinator.
    lesson = call(
        "POST",
        "/api/v1/tracks/testtraject/lessons",
        "/api/v1/tracks/<slug>/lessons",
        "participant",
        json={"title": "Werkkledij", "phase": "labo", "body": "Tekst"},
        entity="lessons",
    )
    lesson_path = f"/api/v1/lessons/{lesson['id']}"
    call(
        "POST",
        f"{lesson_path}/submit",
        "/api/v1/lessons/<id:lesson_id>/submit",
        "participant",
        entity="lessons",
    )
    call(
        "POST",
        f"{lesson_path}/return",
        "/api/v1/lessons/<id:lesson_id>/return",
        "coordinator",
        json={"comment": "Graag een voorbeeld."},
        entity="lessons",
    )
    call(
        "POST",
        f"{lesson_path}/submit",
        "/api/v1/lessons/<id:lesson_id>/submit",
        "participant",
        entity="lessons",
    )
    call(
        "POST",
        f"{lesson_path}/approve",
        "/api/v1/lessons/<id:lesson_id>/approve",
        "coordinator",
        entity="lessons",
    )
    # Toolkits.
    toolkit = call(
        "POST",
        "/api/v1/tracks/testtraject/toolkits",
        "/api/v1/tracks/<slug>/toolkits",
        "coordinator",
        json={"kind": "step_plan", "title": "Stappenplan"},
        entity="toolkits",
    )
    call(
        "POST",
        f"/api/v1/toolkits/{toolkit['id']}/items",
        "/api/v1/toolkits/<id:toolkit_id>/items",
        "coordinator",
        json={"title": "Stap 1", "lessons": [lesson["id"]]},
        entity="toolkit_items",
    )
    call(
        "POST",
        f"/api/v1/toolkits/{toolkit['id']}/publish",
        "/api/v1/toolkits/<id:toolkit_id>/publish",
        "coordinator",
        entity="toolkit_versions",
    )
    # A report on an action of an evaluation's action plan (issue 17): a coordinator.
    with app.app_context():
        from tests.evaluations.builders import make_plan

        coordinator = db.session.get(User, world.user_ids["coordinator"])
        action_id = make_plan(coordinator=coordinator)[1].id
        db.session.remove()
    last_id = max([last_id, *(row.id for row in _new_rows(app, last_id))])
    call(
        "POST",
        f"/api/v1/evaluation-actions/{action_id}/updates",
        "/api/v1/evaluation-actions/<id:action_id>/updates",
        "coordinator",
        json={"status": "in_progress", "note": "Gestart."},
        entity="action_updates",
    )
    # Programmes, milestones and a new track: staff (the coordinator).
    call(
        "POST",
        "/api/v1/programmes",
        "/api/v1/programmes",
        "coordinator",
        json={"title": "Nieuw programma", "starts_on": "2027-01-01", "ends_on": "2029-12-31"},
        entity="programmes",
    )
    call(
        "PATCH",
        "/api/v1/programmes/nieuw-programma",
        "/api/v1/programmes/<slug>",
        "coordinator",
        json={"summary": "Over het programma."},
        entity="programmes",
    )
    milestone = call(
        "POST",
        "/api/v1/programmes/nieuw-programma/milestones",
        "/api/v1/programmes/<slug>/milestones",
        "coordinator",
        json={"kind": "tools", "title": "Tools", "period": "2028"},
        entity="milestones",
    )
    call(
        "PUT",
        f"/api/v1/milestones/{milestone['id']}",
        "/api/v1/milestones/<id:milestone_id>",
        "coordinator",
        json={"kind": "tools", "title": "Tools", "period": "najaar 2028"},
        entity="milestones",
    )
    call(
        "DELETE",
        f"/api/v1/milestones/{milestone['id']}",
        "/api/v1/milestones/<id:milestone_id>",
        "coordinator",
        entity="milestones",
        status=(204,),
    )
    call(
        "POST",
        "/api/v1/programmes/nieuw-programma/tracks",
        "/api/v1/programmes/<slug>/tracks",
        "coordinator",
        json={"title": "Korte ketens"},
        entity="tracks",
    )
    # Cancelling the registration last: the participant again.
    call(
        "POST",
        f"/api/v1/registrations/{registration['id']}/cancel",
        "/api/v1/registrations/<id:registration_id>/cancel",
        "participant",
        entity="registrations",
    )

    # Every write endpoint of the API is among them (partnerships and peer review are
    # read-only through the API): a new one must be added here.
    writes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods & WRITE_METHODS
    }
    assert writes == covered


def test_reading_through_the_api_writes_nothing_in_the_log(app, world):
    # (/me is left out: its first call makes the calendar address, a change that is logged.)
    for path in ("/api/v1/tracks", "/api/v1/review-rounds", "/api/v1/partnerships"):
        assert world.get(path, "coordinator").status_code == 200
    assert _new_rows(app, 0) == []
