"""The evaluations' JSON API: the published response and its plan for anyone, a report on an
action by its owner or a coordinator with a token, the same rules as the pages."""

import sqlalchemy as sa

from lmb.accounts.services import create_api_token
from lmb.evaluations.models import Action, ActionStatus, Evaluation
from lmb.extensions import db
from tests.builders import create_person
from tests.evaluations.builders import staff
from tests.tracks.test_seed import run_seed


def _people(app):
    with app.app_context():
        owner = create_person("eigenaar@example.org")
        other = create_person("ander@example.org")
        coordinator = staff()
        action = db.session.scalar(sa.select(Action).where(Action.when_text == "Voorjaar 2020"))
        action.owners.append(owner)
        tokens = {
            name: create_api_token(person, "tests")[1]
            for name, person in (("owner", owner), ("other", other), ("coordinator", coordinator))
        }
        ids = {"action": action.id, "evaluation": db.session.scalar(sa.select(Evaluation.id))}
        db.session.commit()
        db.session.remove()
    return tokens, ids


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_the_seeded_response_and_plan_for_anyone(app):
    run_seed(app)
    client = app.test_client()
    listing = client.get("/api/v1/evaluations").get_json()
    assert listing["total"] == 1 and listing["items"][0]["evaluator"] == "Ace Europe"
    body = client.get(f"/api/v1/evaluations/{listing['items'][0]['id']}").get_json()
    assert body["budget"] == "520146.00" and body["responded_on"] == "2019-07-05"
    assert [r["position"] for r in body["recommendations"]] == [
        "agree",
        "agree",
        None,
        "partly_agree",
        "out_of_scope",
        "disagree",
        "agree",
        "agree",
        None,
    ]
    assert [p["recommendation"] for p in body["plan"]] == [None, 8, 6, 4]
    rows = [(a["who"], a["when"]) for p in body["plan"] for a in p["actions"]]
    assert len(rows) == 15 and ("", "") in rows
    assert ("VVSG directie", "na start nieuwe Vlaamse regering") in rows
    assert client.get("/api/v1/evaluations/4242").status_code == 404


def test_owners_and_coordinators_report_with_a_token(app):
    run_seed(app)
    tokens, ids = _people(app)
    client = app.test_client()
    path = f"/api/v1/evaluation-actions/{ids['action']}/updates"
    assert client.post(path, json={"status": "done"}).status_code == 401
    assert (
        client.post(path, json={"status": "done"}, headers=bearer(tokens["other"])).status_code
        == 403
    )
    bad = client.post(path, json={"status": "klaar"}, headers=bearer(tokens["owner"]))
    assert bad.status_code == 422
    missing = client.post(
        path,
        json={"status": "done", "evidence": [{"kind": "lesson", "target_id": 4242}]},
        headers=bearer(tokens["owner"]),
    )
    assert missing.status_code == 422
    done = client.post(
        path,
        json={
            "status": "in_progress",
            "note": "Eerste gesprekken.",
            "evidence": [{"kind": "url", "url": "https://www.vvsg.be/kaart", "label": "Kaart"}],
        },
        headers=bearer(tokens["owner"]),
    )
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["status"] == "in_progress"
    assert done.get_json()["evidence"] == [
        {"kind": "url", "target_id": None, "url": "https://www.vvsg.be/kaart", "label": "Kaart"}
    ]
    by_coordinator = client.post(
        path, json={"status": "done"}, headers=bearer(tokens["coordinator"])
    )
    assert by_coordinator.status_code == 201
    with app.app_context():
        assert db.session.get(Action, ids["action"]).status is ActionStatus.done
