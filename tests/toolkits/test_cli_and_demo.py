"""`lmb toolkits export` and the demo data: one toolkit of each kind from demo lessons."""

from __future__ import annotations

import io

import docx
import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from lmb.cli import seed, toolkits
from lmb.extensions import db
from lmb.toolkits.models import Lesson, LessonStatus, Toolkit, ToolkitKind
from tests.toolkits.helpers import a_toolkit, a_track, approved_lesson


@pytest.fixture
def toolkit_id(app):
    with app.app_context():
        track, coordinator, participant = a_track()
        lesson = approved_lesson(track, participant, coordinator, "Draagvlak bij de dragers")
        toolkit = a_toolkit(
            track, coordinator, ToolkitKind.checklist,
            [{"group": "Vooraf", "title": "Laat de dragers kiezen", "lessons": [lesson]}],
            title="Checklist werkkledij",
        )  # fmt: skip
        result = toolkit.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return result


def run(app, *args):
    return app.test_cli_runner().invoke(toolkits, ["export", *map(str, args)])


def test_export_writes_the_draft_until_a_version_is_published(app, toolkit_id, tmp_path):
    out = tmp_path / "checklist.md"
    result = run(app, toolkit_id, "--format", "md", "-o", out)
    assert result.exit_code == 0, result.output
    assert "draft" in result.output
    text = out.read_text()
    assert "- [ ] Laat de dragers kiezen" in text and "Ontwerp, niet gepubliceerd" in text
    assert run(app, toolkit_id, "--format", "md", "-o", out, "--version", 1).exit_code != 0


@pytest.mark.parametrize("fmt", ["html", "md", "pdf", "docx"])
def test_export_writes_the_latest_version_in_each_format(app, toolkit_id, tmp_path, fmt):
    with app.app_context():
        from lmb.toolkits.services import publish

        toolkit = db.session.get(Toolkit, toolkit_id)
        publish(toolkit, by=toolkit.track.coordinators[0])
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    out = tmp_path / f"checklist.{fmt}"
    result = run(app, toolkit_id, "--format", fmt, "-o", out)
    assert result.exit_code == 0 and "version 1" in result.output
    body = out.read_bytes()
    if fmt == "pdf":
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    elif fmt == "docx":
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    else:
        text = body.decode()
    assert "Checklist werkkledij" in text and "Laat de dragers kiezen" in text
    assert "Draagvlak bij de dragers" in text


def test_export_refuses_unknown_toolkits_and_formats(app, tmp_path):
    assert run(app, 999, "--format", "pdf", "-o", tmp_path / "x.pdf").exit_code != 0
    assert run(app, 1, "--format", "odt", "-o", tmp_path / "x.odt").exit_code != 0


def test_the_demo_has_one_published_toolkit_of_each_kind_built_from_demo_lessons(app):
    result = app.test_cli_runner().invoke(seed, ["--demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        found = db.session.scalars(sa.select(Toolkit).order_by(Toolkit.id)).all()
        assert sorted(t.kind.name for t in found) == ["checklist", "manual", "step_plan"]
        assert len(found) == 3
        for toolkit in found:
            assert [v.number for v in toolkit.versions] == [1]
            cited = [lesson for item in toolkit.items for lesson in item.lessons]
            assert cited and all(lesson.status is LessonStatus.approved for lesson in cited)
            assert all(lesson.track_id == toolkit.track_id for lesson in cited)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Lesson)) >= 8
    client = app.test_client()
    listing = client.get("/toolkits/").get_data(as_text=True)
    for toolkit_title in (
        "Handleiding duurzame werkkledij aankopen",
        "Stappenplan: de SDG’s in het meerjarenplan",
        "Checklist: een participatietraject met de diaspora",
    ):
        assert toolkit_title in listing
    assert "Koppel elke actie" in client.get("/lessons/").get_data(as_text=True)
