"""/api/v1 for lessons and toolkits, with the API tests' world of roles and tokens."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader

from lmb.extensions import db
from lmb.toolkits.models import Lesson, Toolkit, ToolkitKind


def create(api, who="participant", **fields):
    body = {"title": "Werkkledij", "phase": "labo", "body": "Tekst", **fields}
    return api.post("/api/v1/tracks/testtraject/lessons", who, json=body)


def test_writing_submitting_and_approving_a_lesson(app, lesson_world):
    api = lesson_world
    assert create(api, "anonymous").status_code == 401
    assert create(api, "other_coordinator").status_code == 403
    response = create(
        api, sdgs=[8, 12], tags=["Werkkledij"], body="<script>x</script> [a](javascript:y)"
    )
    assert response.status_code == 201, response.get_json()
    lesson = response.get_json()
    assert lesson["status"] == "draft" and lesson["sdgs"] == [8, 12]
    assert lesson["tags"] == ["werkkledij"]
    assert "<script>" not in lesson["body_html"] and "href" not in lesson["body_html"]
    lesson_id = lesson["id"]
    assert api.get(f"/api/v1/lessons/{lesson_id}").status_code == 404
    assert api.get(f"/api/v1/lessons/{lesson_id}", "participant").status_code == 200
    assert api.post(f"/api/v1/lessons/{lesson_id}/submit", "participant").status_code == 200
    assert api.post(f"/api/v1/lessons/{lesson_id}/approve", "participant").status_code == 403
    assert (
        api.post(f"/api/v1/lessons/{lesson_id}/return", "coordinator", json={}).status_code == 422
    )
    approved = api.post(f"/api/v1/lessons/{lesson_id}/approve", "coordinator")
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    page = api.get("/api/v1/lessons?sdg=12&track=testtraject").get_json()
    assert page["total"] == 1 and page["items"][0]["id"] == lesson_id
    assert api.get("/api/v1/lessons?sdg=3").get_json()["total"] == 0
    assert api.get("/api/v1/lessons?sdg=40").status_code == 422
    assert api.get("/api/v1/lessons?track=nope").status_code == 404


def test_bad_lesson_input_is_a_4xx_never_a_500(lesson_world):
    api = lesson_world
    for body in (
        {"title": "", "phase": "labo"},
        {"title": "x", "phase": "later"},
        {"title": "x", "phase": "labo", "sdgs": [0]},
        {"title": "x", "phase": "labo", "session_id": 999_999},
        {"title": "x\x00", "phase": "labo"},
        {"title": "x", "phase": "labo", "tags": ["x" * 41]},
    ):
        response = api.post("/api/v1/tracks/testtraject/lessons", "participant", json=body)
        assert response.status_code == 422, body
        assert "error" in response.get_json()


def test_published_toolkits_and_their_exports(app, lesson_world):
    api = lesson_world
    with app.app_context():
        from lmb.tracks.models import PhaseKey
        from lmb.tracks.services import track_by_slug
        from tests.toolkits.helpers import a_toolkit, approved_lesson

        track = track_by_slug("testtraject")
        coordinator = track.coordinators[0]
        source = approved_lesson(track, coordinator, coordinator, "Bron", phase=PhaseKey.uitrol)
        toolkit = a_toolkit(
            track, coordinator, ToolkitKind.step_plan, [("Eerste stap", "", [source])],
            title="Stappenplan",
        )  # fmt: skip
        toolkit_id = toolkit.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    assert api.get("/api/v1/toolkits").get_json()["total"] == 0
    assert api.get(f"/api/v1/toolkits/{toolkit_id}").status_code == 404
    assert api.get(f"/api/v1/toolkits/{toolkit_id}", "coordinator").status_code == 200
    assert api.post(f"/api/v1/toolkits/{toolkit_id}/publish", "participant").status_code == 403
    published = api.post(f"/api/v1/toolkits/{toolkit_id}/publish", "coordinator")
    assert published.status_code == 201
    [version] = published.get_json()["versions"]
    assert version["number"] == 1 and set(version["downloads"]) == {"html", "md", "pdf", "docx"}
    listing = api.get("/api/v1/toolkits").get_json()
    assert listing["total"] == 1 and listing["items"][0]["kind"] == "step_plan"

    pdf = api.get(f"/api/v1/toolkits/{toolkit_id}/export?format=pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Stap 1. Eerste stap" in text and "Bron" in text
    word = api.get(f"/api/v1/toolkits/{toolkit_id}/export?format=docx&version=1")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs]
    assert "Stap 1. Eerste stap" in paragraphs
    assert api.get(f"/api/v1/toolkits/{toolkit_id}/export?format=odt").status_code == 422
    assert api.get(f"/api/v1/toolkits/{toolkit_id}/export?format=md&version=2").status_code == (404)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Toolkit)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Lesson)) == 1


def test_the_openapi_document_describes_lessons_and_toolkits(app):
    spec = app.test_client().get("/api/openapi.json").get_json()
    paths = spec["paths"]
    for path, method in [
        ("/api/v1/lessons", "get"),
        ("/api/v1/lessons/{lesson_id}", "get"),
        ("/api/v1/toolkits", "get"),
        ("/api/v1/toolkits/{toolkit_id}", "get"),
        ("/api/v1/toolkits/{toolkit_id}/export", "get"),
    ]:
        assert "security" not in paths[path][method]
    for path in (
        "/api/v1/tracks/{slug}/lessons",
        "/api/v1/lessons/{lesson_id}/submit",
        "/api/v1/lessons/{lesson_id}/approve",
        "/api/v1/lessons/{lesson_id}/return",
        "/api/v1/toolkits/{toolkit_id}/publish",
    ):
        operation = paths[path]["post"]
        assert operation["security"] == [{"bearerAuth": []}] and "401" in operation["responses"]
    names = {p["name"] for p in paths["/api/v1/lessons"]["get"]["parameters"]}
    assert {"q", "track", "phase", "sdg", "tag", "organization", "year", "page", "per_page"} <= (
        names
    )


def test_a_coordinator_builds_a_toolkit_through_the_api(app, lesson_world):
    api = lesson_world
    lesson = create(api, "coordinator", title="Bron uit de praktijk").get_json()
    api.post(f"/api/v1/lessons/{lesson['id']}/approve", "coordinator")
    draft = create(api, "participant", title="Nog niet goedgekeurd").get_json()
    body = {"kind": "checklist", "title": "Checklist ✓", "language": "en"}
    assert api.post(
        "/api/v1/tracks/testtraject/toolkits", "participant", json=body
    ).status_code == (403)
    assert (
        api.post(
            "/api/v1/tracks/testtraject/toolkits", "coordinator", json={**body, "kind": "poster"}
        ).status_code
        == 422
    )
    created = api.post("/api/v1/tracks/testtraject/toolkits", "coordinator", json=body)
    assert created.status_code == 201
    toolkit_id = created.get_json()["id"]
    items = f"/api/v1/toolkits/{toolkit_id}/items"
    refused = api.post(items, "coordinator", json={"title": "x", "lessons": [draft["id"]]})
    assert refused.status_code == 422
    item = api.post(
        items,
        "coordinator",
        json={"title": "Ask the wearers", "group": "Before", "lessons": [lesson["id"]]},
    )
    assert item.status_code == 201
    assert item.get_json()["position"] == 1 and item.get_json()["lessons"] == [lesson["id"]]
    assert api.post(f"/api/v1/toolkits/{toolkit_id}/publish", "coordinator").status_code == 201
    markdown = api.get(f"/api/v1/toolkits/{toolkit_id}/export?format=md").get_data(as_text=True)
    assert "## Before" in markdown and "- [ ] Ask the wearers" in markdown
    assert "Bron uit de praktijk" in markdown and "## Sources" in markdown
