"""A response marked as a candidate outcome in peer review is read only by whoever coordinates
its round (issue 12): the outcomes page, its "record as outcome" prefill link, the outcome
export and the API never show a coordinator another track's candidate. Admins see all."""

from __future__ import annotations

import ast
import io

import openpyxl
import pytest

from lmb.accounts import services as accounts
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import RoundPhase
from tests.builders import create_person
from tests.conftest import ROOT
from tests.peer_review.builders import answers, build_round

TEXTS = {
    "eerste": "EERSTE-RESPONS: de gemeenteraad koppelt elke doelstelling aan een SDG.",
    "tweede": "TWEEDE-RESPONS: het schepencollege budgetteert voortaan per SDG.",
}


def round_with_a_candidate(slug: str) -> dict:
    """A track of its own with its coordinator; Mol's response is a candidate outcome."""
    built = build_round(phase=RoundPhase.assessment, slug=slug)
    round_, people = built["round"], built["people"]
    for person in people.values():
        for assignment in services.assignments_of(round_, person.organization_id):
            services.save_review(
                assignment, by=person, answers=answers(round_), summary="", submit=True
            )
    services.switch_phase(round_, by=built["coordinator"])
    services.release(round_, by=built["coordinator"])
    mol = people["mol"]
    submission = services.submission_of(round_, mol.organization_id)
    services.respond(submission, by=mol, response=TEXTS[slug], points={}, candidate_outcome=True)
    _token, secret = accounts.create_api_token(built["coordinator"], "harvest")
    return {
        "submission": submission.id,
        "round": round_.id,
        "coordinator": built["coordinator"].email,
        "token": secret,
        "participant": mol.email,
    }


@pytest.fixture
def rounds(app, seeded):
    with app.app_context():
        result = {slug: round_with_a_candidate(slug) for slug in TEXTS}
        admin = create_person("admin@oogst.example.org", role="admin", organization="VVSG")
        _token, secret = accounts.create_api_token(admin, "harvest")
        result["admin"] = {"coordinator": admin.email, "token": secret}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return result


def visible_on_the_outcomes_page(make_browser, email, rounds) -> set[str]:
    browser = make_browser()
    browser.login(email)
    page = browser.get("/outcomes/").get_data(as_text=True)
    return {slug for slug in TEXTS if f"from_submission={rounds[slug]['submission']}" in page}


def prefilled(make_browser, email, submission_id) -> str:
    browser = make_browser()
    browser.login(email)
    response = browser.get(f"/outcomes/new?from_submission={submission_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_each_coordinator_sees_the_candidates_of_their_own_rounds_and_admins_all(
    rounds, make_browser
):
    assert visible_on_the_outcomes_page(make_browser, rounds["eerste"]["coordinator"], rounds) == {
        "eerste"
    }
    assert visible_on_the_outcomes_page(make_browser, rounds["tweede"]["coordinator"], rounds) == {
        "tweede"
    }
    assert visible_on_the_outcomes_page(make_browser, rounds["admin"]["coordinator"], rounds) == {
        "eerste",
        "tweede",
    }


@pytest.mark.parametrize(
    ("reader", "own", "other"), [("eerste", "eerste", "tweede"), ("tweede", "tweede", "eerste")]
)
def test_the_record_as_outcome_link_prefills_only_from_an_own_round(
    rounds, make_browser, reader, own, other
):
    email = rounds[reader]["coordinator"]
    assert TEXTS[own] in prefilled(make_browser, email, rounds[own]["submission"])
    foreign = prefilled(make_browser, email, rounds[other]["submission"])
    assert TEXTS[other] not in foreign
    # Nothing of the other round at all: not its organization's response, not its title.
    assert "Peer review" not in foreign.split('name="sources"', 1)[1][:500]


def test_an_admin_prefills_from_any_round(rounds, make_browser):
    for slug in TEXTS:
        page = prefilled(make_browser, rounds["admin"]["coordinator"], rounds[slug]["submission"])
        assert TEXTS[slug] in page


def test_the_export_and_the_api_hold_no_other_rounds_candidate(app, rounds, make_browser):
    reader = rounds["eerste"]
    browser = make_browser()
    browser.login(reader["coordinator"])
    workbook = openpyxl.load_workbook(io.BytesIO(browser.get("/outcomes/export.xlsx").data))
    cells = " ".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    assert TEXTS["tweede"] not in cells
    client = app.test_client()
    headers = {"Authorization": f"Bearer {reader['token']}"}
    for path in (
        "/api/v1/outcomes",
        "/api/v1/review-rounds",
        f"/api/v1/review-rounds/{rounds['tweede']['round']}",
        f"/api/v1/review-rounds/{rounds['tweede']['round']}/assignments",
        f"/api/v1/review-submissions/{rounds['tweede']['submission']}/reviews",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code in (200, 403, 404), path
        assert "TWEEDE-RESPONS" not in response.get_data(as_text=True), path
    # The other round's own pages and export stay closed to this coordinator too.
    for path in (
        f"/review-rounds/{rounds['tweede']['round']}",
        f"/review-rounds/{rounds['tweede']['round']}/export.xlsx",
        f"/review-submissions/{rounds['tweede']['submission']}/feedback",
    ):
        response = browser.get(path)
        assert response.status_code in (403, 404), path


def test_the_service_applies_the_rule(app, rounds):
    with app.app_context():
        by_email = accounts.find_user_by_email

        def slugs(email):
            found = {s.id for s in services.candidate_outcomes(by_email(email))}
            return {slug for slug in TEXTS if rounds[slug]["submission"] in found}

        assert slugs(rounds["eerste"]["coordinator"]) == {"eerste"}
        assert slugs(rounds["tweede"]["coordinator"]) == {"tweede"}
        assert slugs(rounds["admin"]["coordinator"]) == {"eerste", "tweede"}
        # The organization that responded harvests nothing: it is no coordinator.
        assert slugs(rounds["eerste"]["participant"]) == set()
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()


def test_partnerships_meet_peer_review_through_the_candidates_it_contributes(app):
    """Outcome harvesting imports nothing of peer review: peer review adds its candidates to
    lmb.partnerships.candidates from its own init_app."""
    from lmb.partnerships.candidates import outcome_candidates

    assert outcome_candidates.get("submission") is services.candidate_outcomes
    package = ROOT / "lmb" / "partnerships"
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in getattr(node, "names", [])]
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.startswith("lmb.peer_review") for name in names), path
