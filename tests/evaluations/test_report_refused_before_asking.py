"""A report on an action asks before it mails (test_report_asks_first.py); what the service
refuses (a report that says nothing, evidence pointing at nothing, a link that is none, a file
of a refused kind) shows on its field first, never after "yes": no question, nothing saved or
mailed, no file kept."""

import io

import pytest

from lmb.core.uploads import upload_root
from tests.evaluations.test_pages import logged_in, plan  # noqa: F401 (the fixture)
from tests.evaluations.test_report_asks_first import _owned_and_followed, _told, _updates

QUESTION = 'name="confirmed" value="yes"'


def _stored_files(app) -> list:
    with app.app_context():
        root = upload_root() / "evaluations"
        return sorted(root.rglob("*")) if root.exists() else []


@pytest.mark.parametrize(
    ("report", "field", "said"),
    [
        ({"status": "planned", "note": ""}, "note", "Wijzig de status, schrijf een opmerking"),
        (
            {"status": "in_progress", "evidence_kind": "lesson", "evidence_id": "99999"},
            "evidence_id",
            "Er bestaat geen",
        ),
        (
            {"status": "in_progress", "evidence_kind": "url", "evidence_url": "ftp://vvsg.be/x"},
            "evidence_url",
            "",  # the form's own check or the service's: on the field either way
        ),
        ({"status": "in_progress", "evidence_kind": "nonsense"}, "evidence_kind", ""),
        ({"status": "in_progress", "evidence_kind": "file"}, "evidence_file", ""),
        (
            {
                "status": "in_progress",
                "evidence_kind": "file",
                "evidence_file": (io.BytesIO(b"just text"), "verslag.txt"),
            },
            "evidence_file",
            "Dit soort bestand wordt niet aanvaard.",
        ),
    ],
)
def test_a_refused_report_shows_on_its_field_before_any_question(
    plan,  # noqa: F811
    app,
    make_browser,
    report,
    field,
    said,
):
    _owned_and_followed(app, plan)
    files = _stored_files(app)
    coordinator = logged_in(make_browser, "coordinator@example.org")
    action_page = f"/evaluations/actions/{plan['action']}"
    response = coordinator.submit(
        f"{action_page}/update", report, page=action_page, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:3000]
    assert f'id="{field}-error"' in page and said in page
    assert QUESTION not in page
    assert _updates(app) == 0 and _told(app) == []
    assert _stored_files(app) == files
