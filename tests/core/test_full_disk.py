"""A full disk (or a quota, an I/O or permission error) while an upload is stored: every upload
form answers with a clear message, leaves no file behind, keeps what was stored before intact,
and works again once there is space.

Two ways to fill the disk: a real 64 KiB tmpfs as UPLOAD_FOLDER (skipped where mounting is not
permitted), and the operating system's fsync/replace raising the error (any errno).
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lmb.extensions import db
from lmb.peer_review.models import SubmissionVersion
from lmb.toolkits import services as toolkits
from lmb.toolkits.models import LessonAttachment
from lmb.tracks.models import PhaseKey
from tests.conftest import csrf_from
from tests.peer_review.builders import build_round, pdf_bytes, submit

FULL_MESSAGE = "opslagruimte van het platform is vol"
BROKEN_MESSAGE = "probleem met de opslag van het platform"
NOTHING_SAVED = "Er is niets bewaard"


@dataclass
class UploadForm:
    """One form through which people upload a file, driven over HTTP."""

    name: str
    email: str
    url: str
    page: str
    field: str
    model: type
    existing_id: int
    existing_url: str
    existing_bytes: bytes

    def upload(self, browser, data: bytes, filename: str):
        response = browser.submit(
            self.url,
            {"summary": "Ons plan", self.field: (io.BytesIO(data), filename)},
            page=self.page,
            content_type="multipart/form-data",
        )
        if response.status_code == 302 and self.name == "lesson attachment":
            # The attachment form goes back to the lesson's page, where the outcome is told.
            text = browser.get(response.headers["Location"]).get_data(as_text=True)
            return response.status_code, text
        return response.status_code, response.get_data(as_text=True)

    def rows(self, app) -> int:
        with app.app_context():
            count = db.session.scalar(select(func.count()).select_from(self.model))
            db.session.remove()
        return count


def review_document(app) -> UploadForm:
    with app.app_context():
        built = build_round(slug="full-disk")
        mol = built["people"]["mol"]
        data = pdf_bytes("Eerste versie")
        submission = submit(built["round"], mol, data=data)
        form = UploadForm(
            name="review document",
            email=mol.email,
            url=f"/review-rounds/{built['round'].id}/submission",
            page=f"/review-rounds/{built['round'].id}/submission",
            field="document",
            model=SubmissionVersion,
            existing_id=submission.latest.id,
            existing_url=f"/review-documents/{submission.latest.id}",
            existing_bytes=data,
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return form


def lesson_attachment(app) -> UploadForm:
    from tests.toolkits.helpers import a_track

    with app.app_context():
        track, _coordinator, participant = a_track(slug="volle-schijf")
        lesson = toolkits.create_lesson(
            participant, track, title="Met verslag", phase=PhaseKey.labo
        )
        data = pdf_bytes("Eerste bijlage")
        attachment = toolkits.add_attachment(
            lesson, by=participant, stream=io.BytesIO(data), filename="verslag.pdf"
        )
        form = UploadForm(
            name="lesson attachment",
            email=participant.email,
            url=f"/lessons/{lesson.id}/attachments",
            page=f"/lessons/{lesson.id}/edit",
            field="file",
            model=LessonAttachment,
            existing_id=attachment.id,
            existing_url=f"/attachments/{attachment.id}",
            existing_bytes=data,
        )
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return form


FORMS = {"review document": review_document, "lesson attachment": lesson_attachment}


@pytest.fixture
def upload_folder(app, tmp_path):
    """A fresh UPLOAD_FOLDER for the test (the session's is put back afterwards)."""

    def use(folder: Path) -> Path:
        app.config["UPLOAD_FOLDER"] = str(folder)
        return folder

    before = app.config["UPLOAD_FOLDER"]
    yield use
    app.config["UPLOAD_FOLDER"] = before


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 64 KiB tmpfs, or a skip where mounting is not permitted (no root, a container)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the filesystem is full; returns it (delete it to make space)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def a_larger_pdf() -> bytes:
    # Larger than one page of the filesystem, so that it cannot fit in a partly used block.
    return pdf_bytes("Tweede versie " + "x" * 20_000)


def assert_existing_intact(browser, form: UploadForm):
    download = browser.get(form.existing_url)
    assert download.status_code == 200
    assert download.data == form.existing_bytes


@pytest.mark.parametrize("form_name", list(FORMS))
def test_an_upload_onto_a_full_tmpfs_says_so_and_leaves_nothing(
    app, make_browser, upload_folder, small_tmpfs, form_name
):
    folder = upload_folder(small_tmpfs)
    form = FORMS[form_name](app)
    browser = make_browser()
    browser.login(form.email)
    rows = form.rows(app)
    filler = fill(folder)
    before = files_under(folder)

    status, page = form.upload(browser, a_larger_pdf(), "tweede.pdf")

    assert FULL_MESSAGE in page and NOTHING_SAVED in page
    assert "Er ging iets mis" not in page  # not the generic error page
    assert status in (302, 422)
    assert files_under(folder) == before, "a partial file stayed behind"
    assert not list(folder.rglob("*.part"))
    assert form.rows(app) == rows
    assert_existing_intact(browser, form)

    # Space again: the same upload works, and both files are there.
    filler.unlink()
    status, page = form.upload(browser, a_larger_pdf(), "tweede.pdf")
    assert status == 302, page[:2000]
    assert FULL_MESSAGE not in page
    assert form.rows(app) == rows + 1
    assert len(files_under(folder)) == len(before)  # the new file instead of the filler
    assert_existing_intact(browser, form)


@pytest.mark.parametrize("form_name", list(FORMS))
@pytest.mark.parametrize(
    ("failing", "error", "message"),
    [
        ("fsync", errno.ENOSPC, FULL_MESSAGE),
        ("fsync", errno.EDQUOT, FULL_MESSAGE),
        ("fsync", errno.EIO, BROKEN_MESSAGE),
        ("replace", errno.EACCES, BROKEN_MESSAGE),
        ("replace", errno.EROFS, BROKEN_MESSAGE),
    ],
)
def test_any_os_error_while_storing_says_so_and_leaves_nothing(
    app, make_browser, upload_folder, tmp_path, monkeypatch, form_name, failing, error, message
):
    folder = upload_folder(tmp_path / "uploads")
    form = FORMS[form_name](app)
    browser = make_browser()
    browser.login(form.email)
    rows = form.rows(app)
    before = files_under(folder)

    def fail(*args, **kwargs):
        raise OSError(error, os.strerror(error))

    # The operating system refuses (the partial file is already written when fsync fails).
    with monkeypatch.context() as patch:
        patch.setattr(os, failing, fail)
        status, page = form.upload(browser, a_larger_pdf(), "tweede.pdf")

    assert message in page and NOTHING_SAVED in page
    assert status in (302, 422)
    assert files_under(folder) == before
    assert form.rows(app) == rows
    assert_existing_intact(browser, form)

    status, page = form.upload(browser, a_larger_pdf(), "tweede.pdf")
    assert status == 302 and form.rows(app) == rows + 1


def test_a_review_document_refused_for_a_full_disk_is_on_its_field(
    app, make_browser, upload_folder, tmp_path, monkeypatch
):
    upload_folder(tmp_path / "uploads")
    form = review_document(app)
    browser = make_browser()
    browser.login(form.email)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    status, page = form.upload(browser, a_larger_pdf(), "tweede.pdf")
    assert status == 422
    # Next to the file field, with the summary the person typed kept in the form.
    field_at = page.index('name="document"')
    assert FULL_MESSAGE in page[field_at - 1500 : field_at + 1500]
    assert "Ons plan" in page


def test_a_full_temporary_folder_while_the_form_is_read_is_a_clear_507(
    app, make_browser, upload_folder, small_tmpfs, tmp_path, monkeypatch
):
    """Large uploads are spooled to the temporary folder before our code sees them."""
    upload_folder(tmp_path / "uploads")
    form = lesson_attachment(app)
    browser = make_browser()
    browser.login(form.email)
    rows = form.rows(app)
    token = csrf_from(browser.get(form.page).get_data(as_text=True))
    # The request body is made before the temporary folder fills (the test client spools too).
    boundary, body = encode_multipart(
        {
            "csrf_token": token,
            form.field: FileStorage(
                io.BytesIO(pdf_bytes("x" * 600_000)), "groot.pdf", content_type="application/pdf"
            ),
        }
    )
    fill(small_tmpfs)
    monkeypatch.setattr(tempfile, "tempdir", str(small_tmpfs))
    response = browser.client.post(
        form.url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 507
    assert FULL_MESSAGE in response.get_data(as_text=True)
    assert form.rows(app) == rows
