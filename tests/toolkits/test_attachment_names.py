"""A lesson attachment is named after what it is (issue 12): the stored name and the download
name carry the extension of the detected content type, whatever the uploader called it, and
a file that is not what its name claims is refused or never served as that claim."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from lmb.core.uploads import filename_for
from lmb.extensions import db
from lmb.toolkits import services
from lmb.toolkits.models import Lesson, LessonAttachment
from lmb.tracks.models import PhaseKey
from tests.core.test_uploads import docx_bytes, pdf_bytes
from tests.toolkits.helpers import a_track


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 80, 122)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def lesson(app):
    with app.app_context():
        track, _coordinator, participant = a_track(slug="bijlagen")
        lesson = services.create_lesson(participant, track, title="Bijlagen", phase=PhaseKey.labo)
        result = {"id": lesson.id, "author": participant.email}
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return result


def upload(make_browser, lesson, data: bytes, filename: str):
    browser = make_browser()
    browser.login(lesson["author"])
    response = browser.submit(
        f"/lessons/{lesson['id']}/attachments",
        {"file": (io.BytesIO(data), filename)},
        page=f"/lessons/{lesson['id']}/edit",
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return browser, response.get_data(as_text=True)


def attachments(app, lesson_id) -> list[tuple[int, str, str, str]]:
    with app.app_context():
        rows = [
            (a.id, a.filename, a.stored_name, a.kind)
            for a in db.session.get(Lesson, lesson_id).attachments
        ]
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return rows


@pytest.mark.parametrize(
    ("data", "uploaded_as", "named", "mimetype"),
    [
        (pdf_bytes(), "notes.docx", "notes.pdf", "application/pdf"),
        (pdf_bytes(), "notes", "notes.pdf", "application/pdf"),
        (pdf_bytes(), "Verslag café.PDF", "Verslag café.PDF", "application/pdf"),
        (docx_bytes(), "verslag.pdf", "verslag.docx", None),
        (image("PNG"), "schema.pdf", "schema.png", "image/png"),
        (image("JPEG"), "foto.JPG", "foto.JPG", "image/jpeg"),
        (image("JPEG"), "foto.jpeg", "foto.jpeg", "image/jpeg"),
        (image("GIF"), "animatie.png", "animatie.gif", "image/gif"),
        (image("WEBP"), "beeld.v2.docx", "beeld.v2.webp", "image/webp"),
    ],
)
def test_the_names_follow_the_detected_content(
    app, make_browser, lesson, data, uploaded_as, named, mimetype
):
    browser, page = upload(make_browser, lesson, data, uploaded_as)
    [(attachment_id, filename, stored_name, kind)] = attachments(app, lesson["id"])
    extension = named.rsplit(".", 1)[1].lower()
    assert filename == named
    assert stored_name.endswith("." + {"jpeg": "jpg"}.get(kind, kind))
    assert named in page
    download = browser.get(f"/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == data
    if mimetype:
        assert download.headers["Content-Type"] == mimetype
    disposition = download.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote(named, safe='')}" in disposition
    assert disposition.split('filename="', 1)[1].split('"')[0].lower().endswith("." + extension)


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<html><script>alert(1)</script></html>", "verslag.pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "schema.png"),
        (b"%!PS-Adobe-3.0 not a pdf", "verslag.pdf"),
        (b"MZ\x90\x00 a program", "foto.jpg"),
    ],
)
def test_a_file_that_is_not_what_its_name_claims_is_refused(
    app, make_browser, lesson, data, filename
):
    folder = Path(app.config["UPLOAD_FOLDER"]) / "lessons"
    before = set(folder.glob("*")) if folder.exists() else set()
    _browser, page = upload(make_browser, lesson, data, filename)
    assert "wordt niet aanvaard" in page
    assert attachments(app, lesson["id"]) == []
    assert (set(folder.glob("*")) if folder.exists() else set()) == before


def test_an_older_attachment_named_otherwise_is_served_as_what_it_is(app, make_browser, lesson):
    """Rows stored before the names followed the content download with the right extension."""
    browser, _page = upload(make_browser, lesson, pdf_bytes(), "verslag.pdf")
    [(attachment_id, *_rest)] = attachments(app, lesson["id"])
    with app.app_context():
        db.session.get(LessonAttachment, attachment_id).filename = "verslag.html"
        db.session.commit()
        db.session.remove()
    download = browser.get(f"/attachments/{attachment_id}")
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert 'filename="verslag.pdf"' in download.headers["Content-Disposition"]
    assert "filename*=UTF-8''verslag.pdf" in download.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("notes.docx", "pdf", "notes.pdf"),
        ("notes", "pdf", "notes.pdf"),
        ("", "png", "file.png"),
        ("   ", "odt", "file.odt"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("plan v1.2 (final)", "docx", "plan v1.2 (final).docx"),
        ("photo.JPE", "jpeg", "photo.JPE"),
        ("x" * 300 + ".pdf", "pdf", "x" * 116 + ".pdf"),
    ],
)
def test_filename_for(name, kind, expected):
    assert filename_for(name, kind) == expected


def test_an_attachment_whose_file_is_gone_is_a_404_not_a_crash(app, make_browser, lesson):
    browser, _page = upload(make_browser, lesson, pdf_bytes(), "verslag.pdf")
    [(attachment_id, _filename, stored_name, _kind)] = attachments(app, lesson["id"])
    (Path(app.config["UPLOAD_FOLDER"]) / stored_name).unlink()
    assert browser.get(f"/attachments/{attachment_id}").status_code == 404
