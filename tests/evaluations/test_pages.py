"""The evaluation pages over HTTP with the seeded document 003: everyone reads the published
response and its follow-up; coordinators edit; an action's owner reports on it; bad input is
a message on the field; the follow-up exports."""

import io
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from lmb.evaluations.models import Action, ActionStatus, Evaluation
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from tests.tracks.test_seed import run_seed


@pytest.fixture
def plan(app, make_user):
    run_seed(app)
    ids = {
        "coordinator": make_user(
            "coordinator@example.org", role="coordinator", organization="VVSG"
        ),
        "owner": make_user("eigenaar@example.org"),
        "other": make_user("ander@example.org"),
    }
    with app.app_context():
        ids["evaluation"] = db.session.scalar(sa.select(Evaluation.id))
        action = db.session.scalar(sa.select(Action).where(Action.when_text == "September 2020"))
        ids["action"] = action.id
        ids["priority"] = action.priority_id
        db.session.remove()
    return ids


def logged_in(make_browser, email):
    browser = make_browser()
    browser.login(email)
    return browser


def test_everyone_reads_the_published_response_and_its_follow_up(plan, browser):
    page = browser.get(f"/evaluations/{plan['evaluation']}").get_data(as_text=True)
    assert "Ace Europe" in page and "9 aanbevelingen" in page
    assert "Deels akkoord" in page and "Valt buiten bereik" in page and "Niet akkoord" in page
    assert "Mieck Vos, algemeen directeur VVSG" in page
    follow_up = browser.get(f"/evaluations/{plan['evaluation']}/follow-up")
    text = follow_up.get_data(as_text=True)
    assert follow_up.status_code == 200
    assert "Internationale rechtvaardigheid meer benadrukken" in text
    assert "Gedaan in april 2019" in text and "na start nieuwe Vlaamse regering" in text
    # Late ones first: in the section of recommendation 8, the summer 2019 evaluation (late)
    # comes before the peer review done in April 2019.
    section = text[text.index("Aanbeveling 8.") :]
    assert section.index("outcome harvesting") < section.index("Peer review stimuleren")
    assert "Evaluaties" in browser.get("/evaluations/").get_data(as_text=True)


def test_a_draft_is_for_the_staff_only(plan, app, browser, make_browser):
    with app.app_context():
        db.session.get(Evaluation, plan["evaluation"]).published = False
        db.session.commit()
    path = f"/evaluations/{plan['evaluation']}"
    assert browser.get(path).status_code == 404
    assert browser.get(f"/evaluations/actions/{plan['action']}").status_code == 404
    assert logged_in(make_browser, "ander@example.org").get(path + "/follow-up").status_code == 404
    assert logged_in(make_browser, "coordinator@example.org").get(path).status_code == 200


def test_a_coordinator_names_an_owner_who_then_reports_with_evidence(plan, app, make_browser):
    coordinator = logged_in(make_browser, "coordinator@example.org")
    edit = f"/evaluations/actions/{plan['action']}/edit"
    response = coordinator.submit(
        edit,
        {
            "priority_id": plan["priority"],
            "text": "Internationale conferentie over de SDG's",
            "who": "VVSG Internationaal",
            "when_text": "September 2020",
            "owners": [plan["owner"]],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    owner = logged_in(make_browser, "eigenaar@example.org")
    action_page = f"/evaluations/actions/{plan['action']}"
    assert "Verslag over de actie" in owner.get(action_page).get_data(as_text=True)
    response = owner.submit(
        f"{action_page}/update",
        {
            "status": "in_progress",
            "note": "Sprekers gevraagd.",
            "evidence_kind": "url",
            "evidence_url": "https://www.vvsg.be/conferentie",
            "evidence_label": "Programma",
        },
        page=action_page,
    )
    assert response.status_code == 302
    page = owner.get(action_page).get_data(as_text=True)
    assert "Sprekers gevraagd." in page and "Gepland → Bezig" in page
    assert 'href="https://www.vvsg.be/conferentie"' in page
    with app.app_context():
        assert db.session.get(Action, plan["action"]).status is ActionStatus.in_progress
        told = db.session.scalars(
            sa.select(OutboundMessage.recipient_email).where(
                OutboundMessage.kind == "evaluation/action_updated"
            )
        ).all()
        # The seeded pilot track has no coordinators; the owner does not hear of their own report.
        assert told == []
    # Someone else may neither report nor see the form.
    other = logged_in(make_browser, "ander@example.org")
    assert "Verslag over de actie" not in other.get(action_page).get_data(as_text=True)
    refused = other.submit(f"{action_page}/update", {"status": "done"}, page=action_page)
    assert refused.status_code == 403
    mine = owner.get("/evaluations/actions/mine").get_data(as_text=True)
    assert "Internationale conferentie over de SDG" in mine


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"status": "done", "evidence_kind": "lesson", "evidence_id": "4242"},
            "evidence_id",
            "Er bestaat geen",
        ),
        (
            {"status": "done", "evidence_kind": "url", "evidence_url": "geen adres"},
            "evidence_url",
            "volledig webadres",
        ),
        ({"status": "planned", "note": ""}, "note", "Wijzig de status"),
        ({"status": "kapot"}, "status", ""),
        ({"status": "done", "evidence_kind": "file"}, "evidence_file", "Kies een bestand"),
    ],
)
def test_bad_reports_are_messages_on_the_field(plan, make_browser, data, field, message):
    coordinator = logged_in(make_browser, "coordinator@example.org")
    action_page = f"/evaluations/actions/{plan['action']}"
    response = coordinator.submit(f"{action_page}/update", data, page=action_page)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page


def test_coordinators_record_evaluations_and_recommendations(plan, make_browser, browser):
    coordinator = logged_in(make_browser, "coordinator@example.org")
    missing = coordinator.submit("/evaluations/new", {"title": "", "evaluator": ""})
    assert missing.status_code == 422 and 'id="title-error"' in missing.get_data(as_text=True)
    taken = coordinator.submit(
        f"/evaluations/{plan['evaluation']}/recommendations/new",
        {"number": "9", "title": "Dubbel", "position": "agree"},
    )
    assert taken.status_code == 422 and 'id="number-error"' in taken.get_data(as_text=True)
    added = coordinator.submit(
        f"/evaluations/{plan['evaluation']}/recommendations/new",
        {"number": "10", "title": "Een tiende", "position": "partly_agree", "response": "Deels."},
    )
    assert added.status_code == 302
    assert "Een tiende" in browser.get(f"/evaluations/{plan['evaluation']}").get_data(as_text=True)
    assert browser.get("/evaluations/new").status_code == 302  # to the login page
    participant = logged_in(make_browser, "ander@example.org")
    assert participant.get("/evaluations/new").status_code == 403


def test_the_follow_up_exports(plan, browser):
    base = f"/evaluations/{plan['evaluation']}/follow-up"
    xlsx = browser.get(base + ".xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    # The header, the 15 actions, and a row for each of the 6 recommendations (1, 2, 3, 5, 7,
    # 9) that no heading of the plan names.
    assert len(rows) == 1 + 15 + 6
    texts = [row[3] for row in rows]
    assert any(t and t.startswith("Internationale conferentie") for t in texts)
    assert "Gedaan" in [row[8] for row in rows]
    pdf = browser.get(base + ".pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    docx = browser.get(base + ".docx")
    names = zipfile.ZipFile(io.BytesIO(docx.data)).namelist()
    assert "word/document.xml" in names
    body = zipfile.ZipFile(io.BytesIO(docx.data)).read("word/document.xml").decode()
    assert "OPVOLGING VAN HET ACTIEPLAN" in body and "Handtekening" in body
    assert "Gelezen en goedgekeurd op" in body and "Aanbeveling 8." in body


def test_a_coordinator_names_the_outcome_that_answers_a_recommendation(
    plan, app, make_browser, browser
):
    from datetime import date

    from lmb.evaluations.models import Recommendation
    from lmb.partnerships.models import OutcomeRecord
    from lmb.tracks.models import Track

    with app.app_context():
        pilot = db.session.scalar(sa.select(Track).where(Track.slug == "sdg-piloottraject"))
        outcome = OutcomeRecord(
            track=pilot,
            visited_on=date(2019, 8, 1),
            actor="Gemeente",
            change="Processen beter gedocumenteerd.",
            occurred_on=date(2019, 7, 1),
        )
        db.session.add(outcome)
        db.session.flush()
        outcome_id = outcome.id
        recommendation_id = db.session.scalar(
            sa.select(Recommendation.id).where(Recommendation.number == 8)
        )
        db.session.commit()
    coordinator = logged_in(make_browser, "coordinator@example.org")
    page = f"/evaluations/{plan['evaluation']}"
    path = f"/evaluations/recommendations/{recommendation_id}/answers"
    wrong = coordinator.submit(path, {"kind": "outcome", "target_id": "4242"}, page=page)
    assert wrong.status_code == 422 and 'id="target_id-error"' in wrong.get_data(as_text=True)
    done = coordinator.submit(path, {"kind": "outcome", "target_id": outcome_id}, page=page)
    assert done.status_code == 302
    text = browser.get(page).get_data(as_text=True)
    assert "Beantwoord door" in text and "Processen beter gedocumenteerd." in text


def test_a_coordinator_records_a_draft_evaluation_with_its_report(plan, app, make_browser, browser):
    from lmb.tracks.models import Programme
    from tests.security.scene import pdf_bytes

    with app.app_context():
        programme_id = db.session.scalar(
            sa.select(Programme.id).where(Programme.slug.contains("2017-2019"))
        )
    coordinator = logged_in(make_browser, "coordinator@example.org")
    data = {
        "programme_id": programme_id,
        "title": "Eindevaluatie",
        "evaluator": "Ace Europe",
        "budget": "1000.50",
        "period_starts_on": "2019-10-01",
        "period_ends_on": "2019-09-01",
    }
    backwards = coordinator.submit("/evaluations/new", data)
    assert backwards.status_code == 422
    assert 'id="period_ends_on-error"' in backwards.get_data(as_text=True)
    data["period_ends_on"] = "2019-12-31"
    saved = coordinator.submit(
        "/evaluations/new",
        {**data, "report": (io.BytesIO(pdf_bytes("Rapport")), "rapport.pdf")},
        content_type="multipart/form-data",
        page="/evaluations/new",
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    path = saved.headers["Location"]
    page = coordinator.get(path).get_data(as_text=True)
    assert "Eindevaluatie" in page and "1.000,50" in page
    report = coordinator.get(path + "/report")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    # Not published: nobody else finds it, nor its report.
    assert browser.get(path).status_code == 404
    assert browser.get(path + "/report").status_code == 404
