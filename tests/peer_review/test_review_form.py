"""The review form never loses work: every typed text comes back on an error, the missing
score is marked on its own field, drafts are saved by a button and by the page's script, and
the document is shown beside the form."""

import re

import pytest

from lmb.extensions import db
from lmb.peer_review import services
from lmb.peer_review.models import ReviewAssignment, ReviewStatus, RoundPhase
from tests.peer_review.builders import build_round


@pytest.fixture
def reviewing(app):
    """A round in assessment and one of Mol's assignments, nothing written yet."""
    with app.app_context():
        built = build_round(phase=RoundPhase.assessment, slug="formulier")
        round_, mol = built["round"], built["people"]["mol"]
        assignment = services.assignments_of(round_, mol.organization_id)[0]
        levels, yes_no = round_.criteria
        data = {
            "assignment": assignment.id,
            "levels": levels.id,
            "yes_no": yes_no.id,
            "mol": mol.email,
            "version": assignment.submission.latest.id,
        }
        db.session.commit()
        db.session.remove()
    return data


def typed(r, *, action, yes_no=True):
    data = {
        "action": action,
        f"value-{r['levels']}": "2",
        f"comment-{r['levels']}": "Sterke koppeling met SDG 11 & 13 <b>",
        f"location-{r['levels']}": "p. 12, tabel 3",
        f"comment-{r['yes_no']}": "Burgerpanel in 2024",
        f"location-{r['yes_no']}": "bijlage B",
        "summary": "Een degelijk plan.\nTweede alinea.",
    }
    if yes_no:
        data[f"value-{r['yes_no']}"] = "1"
    return data


def stored(app, assignment_id):
    with app.app_context():
        review = db.session.get(ReviewAssignment, assignment_id).review
        result = None
        if review is not None:
            result = {
                "status": review.status,
                "summary": review.summary,
                "comments": sorted(s.comment for s in review.scores),
            }
        db.session.remove()
    return result


def test_a_missing_score_keeps_every_typed_text_and_marks_its_own_field(
    reviewing, make_browser, app
):
    mol = make_browser()
    mol.login(reviewing["mol"])
    url = f"/review-assignments/{reviewing['assignment']}/review"
    response = mol.submit(url, typed(reviewing, action="submit", yes_no=False))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    # Every text as typed (escaped), the chosen level still chosen.
    assert "Sterke koppeling met SDG 11 &amp; 13 &lt;b&gt;" in html
    assert 'value="p. 12, tabel 3"' in html
    assert "Burgerpanel in 2024" in html
    assert 'value="bijlage B"' in html
    assert "Een degelijk plan.\nTweede alinea." in html
    assert re.search(rf'id="value-{reviewing["levels"]}-2"[^>]*checked', html)
    # The missing score is marked on its own fieldset, and only there.
    yes_no = reviewing["yes_no"]
    # (the group carries aria-invalid and its message, not each radio button: issue 19)
    group = re.search(rf'<fieldset id="criterion-{yes_no}" class="criterion has-error"[^>]*>', html)
    assert group and 'aria-invalid="true"' in group.group(0)
    assert f"value-{yes_no}-error" in group.group(0)  # aria-describedby names the message
    assert f'id="value-{yes_no}-error"' in html
    assert "Kies een score voor dit criterium." in html
    levels = re.search(
        rf'<fieldset id="criterion-{reviewing["levels"]}" class="criterion"[^>]*>', html
    )
    assert levels and "aria-invalid" not in levels.group(0)
    assert f'href="#value-{yes_no}-1"' in html  # the error summary links to the field
    # Nothing was stored by the refused submission.
    assert stored(app, reviewing["assignment"]) is None


def test_a_draft_is_stored_without_scores_and_submitting_it_later_works(
    reviewing, make_browser, app
):
    mol = make_browser()
    mol.login(reviewing["mol"])
    url = f"/review-assignments/{reviewing['assignment']}/review"
    data = typed(reviewing, action="draft", yes_no=False)
    data.pop(f"value-{reviewing['levels']}")
    response = mol.submit(url, data)
    assert response.status_code == 302
    draft = stored(app, reviewing["assignment"])
    assert draft["status"] is ReviewStatus.draft
    assert "Burgerpanel in 2024" in draft["comments"]
    page = mol.get(url).get_data(as_text=True)
    assert "Ontwerp opslaan" in page and "Burgerpanel in 2024" in page
    assert mol.submit(url, typed(reviewing, action="submit")).status_code == 302
    assert stored(app, reviewing["assignment"])["status"] is ReviewStatus.submitted


def test_the_page_script_saves_a_draft_and_never_touches_a_submitted_review(
    reviewing, make_browser, app
):
    mol = make_browser()
    mol.login(reviewing["mol"])
    url = f"/review-assignments/{reviewing['assignment']}/review"
    page = mol.get(url).get_data(as_text=True)
    assert 'data-autosave="30"' in page
    assert 'src="/static/review-draft.js"' in page
    assert "<script>" not in page  # no inline script (CSP)
    data = typed(reviewing, action="draft", yes_no=False)
    data["autosave"] = "1"
    response = mol.submit(url, data)
    assert response.status_code == 200
    assert response.get_json()["saved"] is True
    assert "Concept bewaard om" in response.get_json()["message"]
    assert stored(app, reviewing["assignment"])["summary"] == "Een degelijk plan.\nTweede alinea."
    # Without its token the script's request is refused like any form.
    refused = mol.client.post(url, data=data)
    assert refused.status_code in (400, 422)
    assert mol.submit(url, typed(reviewing, action="submit")).status_code == 302
    again = mol.submit(url, {**data, "summary": "overschreven"})
    assert again.status_code == 409
    assert stored(app, reviewing["assignment"])["summary"] == "Een degelijk plan.\nTweede alinea."
    assert app.test_client().get("/static/review-draft.js").status_code == 200


def test_the_pdf_is_shown_beside_the_form_framed_by_this_site_only(reviewing, make_browser):
    mol = make_browser()
    mol.login(reviewing["mol"])
    page = mol.get(f"/review-assignments/{reviewing['assignment']}/review")
    html = page.get_data(as_text=True)
    inline = f"/review-documents/{reviewing['version']}/inline"
    assert f'class="document-frame" tabindex="-1" src="{inline}"' in html
    assert f'href="/review-documents/{reviewing["version"]}"' in html  # the download fallback
    # The review page itself may be framed by nobody.
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    document = mol.get(inline)
    assert document.status_code == 200
    assert document.mimetype == "application/pdf"
    assert document.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in document.headers["Content-Security-Policy"]
    assert document.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert make_browser().get(inline).status_code == 302  # anonymous: log in first


def test_declining_asks_first_and_keeps_the_question_when_the_reason_is_missing(
    reviewing, make_browser, app
):
    mol = make_browser()
    mol.login(reviewing["mol"])
    review_page = mol.get(f"/review-assignments/{reviewing['assignment']}/review")
    confirm_url = f"/review-assignments/{reviewing['assignment']}/decline"
    assert f'href="{confirm_url}"' in review_page.get_data(as_text=True)
    question = mol.get(confirm_url)
    assert question.status_code == 200
    assert "De review van" in question.get_data(as_text=True)
    empty = mol.confirm(confirm_url, {"reason": ""})
    assert empty.status_code == 422
    assert 'aria-invalid="true"' in empty.get_data(as_text=True)
    done = mol.confirm(confirm_url, {"reason": "Belangenconflict"})
    assert done.status_code == 302
    with app.app_context():
        assignment = db.session.get(ReviewAssignment, reviewing["assignment"])
        assert assignment.status.name == "declined"
        db.session.remove()
