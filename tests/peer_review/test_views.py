"""Peer review over HTTP: who may open what (pages, documents, API), and uploads that are refused."""

import io
import re
from datetime import date
from pathlib import Path

import pytest

from lmb.accounts.services import create_api_token
from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import NameVisibility, RoundPhase
from tests.peer_review.builders import answers, build_round, docx_bytes, odt_bytes, pdf_bytes

PASSWORD = "correct horse battery"


@pytest.fixture
def assessed(app):
    """A round in assessment; Mol reviewed one submission, its co-reviewer has not."""
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, names=NameVisibility.hidden)
        round_, people = built["round"], built["people"]
        mol = people["mol"]
        mine = services.assignments_of(round_, mol.organization_id)
        target = mine[0]
        co_reviewer = next(
            a for a in target.submission.assignments if a.reviewer_id != mol.organization_id
        )
        services.save_review(
            target,
            by=mol,
            answers=answers(round_, comment="MOLS-OPMERKING"),
            summary="",
            submit=True,
        )
        owner = next(
            p for p in people.values() if p.organization_id == target.submission.organization_id
        )
        co = next(p for p in people.values() if p.organization_id == co_reviewer.reviewer_id)
        # The submission nobody of `co` reviews: co's own.
        own_submission = services.submission_of(round_, co.organization_id)
        data = {
            "round": round_.id,
            "target": target.id,
            "co_assignment": co_reviewer.id,
            "submission": target.submission_id,
            "version": target.submission.latest.id,
            "own_version_of_co": own_submission.latest.id,
            "mol": mol.email,
            "co": co.email,
            "owner": owner.email,
            "owner_name": owner.organization.name,
            "reviewer_names": [mol.organization.name, co.organization.name],
            "coordinator": built["coordinator"].email,
            "tokens": {
                p.email: create_api_token(p, "test")[1]
                for p in [*people.values(), built["coordinator"]]
            },
        }
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return data


def test_a_reviewer_cannot_open_work_not_assigned_to_them(assessed, make_browser):
    co = make_browser()
    co.login(assessed["co"])
    # co reviews Mol's target submission, so it may download that one...
    assert co.get(f"/review-documents/{assessed['version']}").status_code == 200
    # ...but not Mol's review assignment.
    assert co.get(f"/review-assignments/{assessed['target']}/review").status_code == 404
    stranger = make_browser()
    stranger.login(assessed["owner"])
    assert stranger.get(f"/review-assignments/{assessed['target']}/review").status_code == 404
    anonymous = make_browser()
    assert anonymous.get(f"/review-documents/{assessed['version']}").status_code == 302


def test_documents_of_unassigned_submissions_are_not_found(app, make_browser):
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, k=1, slug="een-review")
        round_, mol = built["round"], built["people"]["mol"]
        assigned = {a.submission_id for a in services.assignments_of(round_, mol.organization_id)}
        other = next(
            s.latest.id
            for s in round_.submissions
            if s.id not in assigned and s.organization_id != mol.organization_id
        )
        mine = services.submission_of(round_, mol.organization_id).latest.id
        email = mol.email
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    browser = make_browser()
    browser.login(email)
    assert browser.get(f"/review-documents/{other}").status_code == 404
    assert browser.get(f"/review-documents/{mine}").status_code == 200


def test_other_reviews_are_hidden_until_your_own_is_submitted(assessed, make_browser, app):
    co = make_browser()
    co.login(assessed["co"])
    page = co.get(f"/review-assignments/{assessed['co_assignment']}/review")
    assert page.status_code == 200
    assert "MOLS-OPMERKING" not in page.get_data(as_text=True)
    token = assessed["tokens"][assessed["co"]]
    api = app.test_client().get(
        f"/api/v1/review-submissions/{assessed['submission']}/reviews",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 403 and "MOLS-OPMERKING" not in api.get_data(as_text=True)

    levels, yes_no = _criteria(app, assessed)
    response = co.submit(
        f"/review-assignments/{assessed['co_assignment']}/review",
        {
            f"value-{levels}": "3",
            f"value-{yes_no}": "1",
            f"comment-{levels}": "Sterk",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    page = co.get(f"/review-assignments/{assessed['co_assignment']}/review").get_data(as_text=True)
    assert "MOLS-OPMERKING" in page
    api = app.test_client().get(
        f"/api/v1/review-submissions/{assessed['submission']}/reviews",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200
    assert "MOLS-OPMERKING" in api.get_data(as_text=True)


def _criteria(app, assessed):
    with app.app_context():
        return [c.id for c in services.get_round(assessed["round"]).criteria]


def test_the_reviewed_organization_reads_nothing_before_release(assessed, make_browser, app):
    owner = make_browser()
    owner.login(assessed["owner"])
    url = f"/review-submissions/{assessed['submission']}/feedback"
    page = owner.get(url)
    assert page.status_code == 403
    assert "MOLS-OPMERKING" not in page.get_data(as_text=True)
    token = assessed["tokens"][assessed["owner"]]
    api = app.test_client().get(
        f"/api/v1/review-submissions/{assessed['submission']}/reviews",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 403 and "MOLS-OPMERKING" not in api.get_data(as_text=True)

    coordinator = make_browser()
    coordinator.login(assessed["coordinator"])
    round_page = f"/review-rounds/{assessed['round']}"
    moved = coordinator.confirm(
        f"/review-rounds/{assessed['round']}/phase", {"expected": "assessment"}, page=round_page
    )
    assert moved.status_code == 302
    released = coordinator.confirm(
        f"/review-rounds/{assessed['round']}/release",
        {"submission": str(assessed["submission"])},
        page=round_page,
    )
    assert released.status_code == 302

    page = owner.get(url).get_data(as_text=True)
    assert "MOLS-OPMERKING" in page
    # The round hides reviewer names: not in the page, not in the API.
    for name in assessed["reviewer_names"]:
        assert name not in page
    api = (
        app.test_client()
        .get(
            f"/api/v1/review-submissions/{assessed['submission']}/reviews",
            headers={"Authorization": f"Bearer {token}"},
        )
        .get_json()
    )
    assert [item["reviewer"] for item in api["items"]] == [None]

    response = owner.submit(url, {"response": "We passen het plan aan.", "candidate_outcome": "y"})
    assert response.status_code == 302
    assert "We passen het plan aan." in owner.get(url).get_data(as_text=True)


def test_participants_and_strangers_cannot_use_the_coordinators_pages(assessed, make_browser):
    mol = make_browser()
    mol.login(assessed["mol"])
    for path in (
        "settings",
        "criteria",
        "organizations",
        "allocation",
        "export.csv",
        "export.xlsx",
    ):
        assert mol.get(f"/review-rounds/{assessed['round']}/{path}").status_code == 403
    assert mol.get(f"/review-rounds/{assessed['round']}").status_code == 200


def test_coordinator_pages_and_exports(assessed, make_browser):
    coordinator = make_browser()
    coordinator.login(assessed["coordinator"])
    base = f"/review-rounds/{assessed['round']}"
    for path in ("", "/settings", "/criteria", "/organizations", "/allocation", "/conflicts"):
        assert coordinator.get(base + path).status_code == 200, path
    csv_text = coordinator.get(base + "/export.csv").get_data().decode("utf-8-sig")
    assert "MOLS-OPMERKING" in csv_text
    assert coordinator.get(base + "/export.xlsx").data[:2] == b"PK"


# Uploads


@pytest.fixture
def submitting(app):
    with app.app_context():
        built = build_round(slug="uploads")
        data = {"round": built["round"].id, "mol": built["people"]["mol"].email}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return data


def _upload(browser, submitting, data: bytes, filename: str):
    url = f"/review-rounds/{submitting['round']}/submission"
    return browser.submit(
        url,
        {"summary": "Ons plan", "document": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (pdf_bytes(), "plan.pdf"),
        (docx_bytes(), "Meerjarenplan Mol.docx"),
        (odt_bytes(), "plan.odt"),
    ],
)
def test_real_documents_are_accepted(submitting, make_browser, data, filename):
    mol = make_browser()
    mol.login(submitting["mol"])
    assert _upload(mol, submitting, data, filename).status_code == 302
    page = mol.get(f"/review-rounds/{submitting['round']}/submission").get_data(as_text=True)
    assert filename in page
    link = re.search(r'href="(/review-documents/\d+)"', page).group(1)
    download = mol.get(link)
    # Never shown inline or sniffed into something the browser runs.
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.data == data


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"<html>not a pdf</html>", "plan.pdf", "is not a PDF document"),
        (docx_bytes(), "plan.pdf", "is not a PDF document"),
        (pdf_bytes(), "plan.exe", "Upload a PDF, DOCX or ODT document."),
        (pdf_bytes(), "../../etc/plan.pdf", "may not contain a path"),
        (pdf_bytes(), "..\\plan.pdf", "may not contain a path"),
        (pdf_bytes(), "plan\x00.pdf", "may not contain a path"),
        (pdf_bytes(), "p" * 300 + ".pdf", "longer than 150 characters"),
        (b"", "leeg.pdf", "The file is empty."),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(
    app, submitting, make_browser, data, filename, message
):
    mol = make_browser()
    mol.login(submitting["mol"])
    mol.client.set_cookie("lmb_locale", "en")
    response = _upload(mol, submitting, data, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert services.get_round(submitting["round"]).submissions == []
    uploads = list((Path(app.config["UPLOAD_FOLDER"]) / "peer-review").glob("*"))
    assert all(p.stat().st_size > 0 for p in uploads)


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    app, submitting, make_browser, monkeypatch
):
    monkeypatch.setitem(app.config, "REVIEW_DOCUMENT_MAX_BYTES", 1024 * 1024)
    folder = Path(app.config["UPLOAD_FOLDER"]) / "peer-review"
    before = set(folder.glob("*")) if folder.exists() else set()
    mol = make_browser()
    mol.login(submitting["mol"])
    response = _upload(mol, submitting, pdf_bytes() + b"0" * (1024 * 1024 + 1), "groot.pdf")
    assert response.status_code == 422
    assert "1 MB" in response.get_data(as_text=True)
    after = set(folder.glob("*")) if folder.exists() else set()
    assert after == before


def test_a_coordinator_runs_a_round_for_the_whole_programme(app, make_browser):
    from lmb.tracks.models import Programme
    from tests.builders import create_person

    with app.app_context():
        programme = Programme(
            slug="sdg-test",
            title="SDG-partnerschappen",
            starts_on=date(2022, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        db.session.add(programme)
        create_person("coordinator@sdg.example.org", role="coordinator", organization="VVSG")
        dogbo = create_person("dogbo@sdg.example.org", organization="Gemeente Dogbo")
        mol = create_person("mol@sdg.example.org", organization="Gemeente Mol")
        organization_ids = [dogbo.organization_id, mol.organization_id]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    participant = make_browser()
    participant.login("mol@sdg.example.org")
    assert participant.get("/programmes/sdg-test/review-rounds/new").status_code == 403

    coordinator = make_browser()
    coordinator.login("coordinator@sdg.example.org")
    response = coordinator.submit(
        "/programmes/sdg-test/review-rounds/new",
        {
            "title": "Partnerschapsplannen",
            "deliverable": "actieplan van het partnerschap",
            "submission_day": "2026-12-01",
            "submission_time": "17:00",
            "review_day": "2026-12-15",
            "review_time": "17:00",
            "reviews_per_submission": "1",
            "allocation_seed": "7",
            "names": "visible",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    round_id = int(response.headers["Location"].split("/")[2])
    with app.app_context():
        round_ = services.get_round(round_id)
        assert round_.programme.slug == "sdg-test" and round_.track is None
        assert round_.submission_deadline.isoformat() == "2026-12-01T16:00:00+00:00"
        assert round_.organizations == []
    response = coordinator.submit(
        f"/review-rounds/{round_id}/organizations",
        {"organizations": [str(i) for i in organization_ids]},
    )
    assert response.status_code == 302
    # In a programme round everyone of a taking-part organization acts for it.
    assert participant.get(f"/review-rounds/{round_id}").status_code == 200


def test_a_round_form_with_bad_input_answers_with_messages(app, make_browser):
    with app.app_context():
        built = build_round(phase=RoundPhase.setup, slug="bad-input")
        round_id, email = built["round"].id, built["coordinator"].email
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(email)
    response = coordinator.submit(
        f"/review-rounds/{round_id}/settings",
        {
            "title": "x",
            "deliverable": "plan",
            "submission_day": "2026-12-15",
            "submission_time": "17:00",
            "review_day": "2026-12-01",
            "review_time": "17:00",
            "reviews_per_submission": "0",
            "allocation_seed": "abc",
            "names": "nonsense",
            "meeting_session_id": "999999",
        },
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "error-summary" in page
    with app.app_context():
        assert services.get_round(round_id).reviews_per_submission == 2
    response = coordinator.submit(
        f"/review-rounds/{round_id}/criteria",
        {"title": "Niveaus", "kind": "levels", "levels": "enkel één", "weight": "1"},
    )
    assert "minstens twee niveaubeschrijvingen" in response.get_data(as_text=True)


def test_a_double_click_on_the_phase_button_moves_the_round_once(app, make_browser):
    with app.app_context():
        built = build_round(phase=RoundPhase.setup, slug="double")
        round_id, email = built["round"].id, built["coordinator"].email
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(email)
    page = f"/review-rounds/{round_id}"
    for _ in range(2):
        coordinator.confirm(f"{page}/phase", {"expected": "setup"}, page=page)
    with app.app_context():
        assert services.get_round(round_id).phase is RoundPhase.submission


def test_the_api_lists_my_rounds_with_tasks_and_my_assignments(app, assessed):
    client = app.test_client()
    token = assessed["tokens"][assessed["co"]]
    headers = {"Authorization": f"Bearer {token}"}
    rounds = client.get("/api/v1/review-rounds", headers=headers).get_json()
    assert rounds["total"] == 1
    item = rounds["items"][0]
    assert item["phase"] == "assessment" and len(item["tasks"]) == 2
    assignments = client.get(
        f"/api/v1/review-rounds/{assessed['round']}/assignments", headers=headers
    ).get_json()
    assert assignments["total"] == 2
    assert {a["reviewer"] for a in assignments["items"]} == {item["my_organization"]}
    everything = client.get(
        f"/api/v1/review-rounds/{assessed['round']}/assignments",
        headers={"Authorization": f"Bearer {assessed['tokens'][assessed['coordinator']]}"},
    ).get_json()
    assert everything["total"] == 6
    assert client.get("/api/v1/review-rounds").status_code == 401
    assert client.get("/api/v1/review-rounds/999999", headers=headers).status_code == 404


def test_a_candidate_outcome_reaches_the_outcome_harvesters(app, make_browser):
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="harvest")
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
        services.respond(
            submission,
            by=mol,
            response="De gemeenteraad koppelt voortaan elke beleidsdoelstelling aan een SDG.",
            points={},
            candidate_outcome=True,
        )
        submission_id, email = submission.id, built["coordinator"].email
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(email)
    page = coordinator.get("/outcomes/").get_data(as_text=True)
    assert f"from_submission={submission_id}" in page
    form = coordinator.get(f"/outcomes/new?from_submission={submission_id}").get_data(as_text=True)
    assert "koppelt voortaan elke beleidsdoelstelling" in form
    assert coordinator.get("/outcomes/new?from_submission=abc").status_code == 200


@pytest.mark.parametrize(
    "field, value",
    [
        ("location", "p.\t2"),
        ("location", "p.\u2028 2"),
        ("comment", "Sterk\x1b"),
        ("summary", "\x85"),
    ],
)
def test_a_review_refuses_control_characters_in_its_texts(
    assessed, make_browser, app, field, value
):
    """The review page reads its fields without a form class: the same rule as every form."""
    from lmb.peer_review.models import Review

    co = make_browser()
    co.login(assessed["co"])
    levels, yes_no = _criteria(app, assessed)
    data = {
        f"value-{levels}": "3",
        f"value-{yes_no}": "1",
        f"comment-{levels}": "Sterk",
        f"location-{levels}": "p. 2",
        "action": "submit",
    }
    key = "summary" if field == "summary" else f"{field}-{levels}"
    response = co.submit(
        f"/review-assignments/{assessed['co_assignment']}/review", {**data, key: value}
    )
    assert response.status_code == 422
    assert "niet toegestaan" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(Review)
                .where(Review.assignment_id == assessed["co_assignment"])
            )
            == 0
        )
    ok = co.submit(f"/review-assignments/{assessed['co_assignment']}/review", data)
    assert ok.status_code == 302


def test_a_line_separator_in_a_review_text_is_a_line_break(assessed, make_browser, app):
    """As in every text area of a form (lmb.core.forms.Form): U+2028/U+2029 become \\n."""
    from lmb.peer_review.models import Review

    co = make_browser()
    co.login(assessed["co"])
    levels, yes_no = _criteria(app, assessed)
    data = {
        f"value-{levels}": "3",
        f"value-{yes_no}": "1",
        f"comment-{levels}": "Sterk\u2028plan",
        f"location-{levels}": "p. 2",
        "summary": "Een\u2029twee",
        "action": "submit",
    }
    assert (
        co.submit(f"/review-assignments/{assessed['co_assignment']}/review", data).status_code
        == 302
    )
    with app.app_context():
        review = db.session.scalar(
            db.select(Review).where(Review.assignment_id == assessed["co_assignment"])
        )
        assert review.summary == "Een\ntwee"
        assert {s.comment for s in review.scores} >= {"Sterk\nplan"}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
