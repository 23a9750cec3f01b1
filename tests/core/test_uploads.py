"""Uploads: the type is judged from the content, the size is limited, names are safe and
files live under UPLOAD_FOLDER, outside the web root."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from PIL import Image

from lmb.core import uploads
from lmb.core.uploads import UploadRefused, safe_filename, sniff, store


def pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Verslag")
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Verslag")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def image_bytes(format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 80, 122)).save(buffer, format=format)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "geen document")
    return buffer.getvalue()


ALL = uploads.DOCUMENTS | uploads.IMAGES


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (pdf_bytes, "pdf"),
        (docx_bytes, "docx"),
        (odt_bytes, "odt"),
        (lambda: image_bytes("PNG"), "png"),
        (lambda: image_bytes("JPEG"), "jpeg"),
        (lambda: image_bytes("GIF"), "gif"),
        (lambda: image_bytes("WEBP"), "webp"),
    ],
)
def test_sniff_knows_documents_and_images_by_their_bytes(make, kind):
    stream = io.BytesIO(make())
    assert sniff(stream, ALL) == kind
    assert stream.tell() == 0


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 a windows program",
        b"<html><script>alert(1)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        plain_zip(),
        b"PK\x03\x04 not really a zip",
        b"",
    ],
)
def test_sniff_refuses_what_is_not_an_allowed_document(content):
    with pytest.raises(UploadRefused):
        sniff(io.BytesIO(content), ALL)


def test_sniff_respects_the_allowed_kinds():
    with pytest.raises(UploadRefused) as refused:
        sniff(io.BytesIO(image_bytes("PNG")), uploads.DOCUMENTS)
    assert "PDF" in refused.value.message


def test_safe_filename_keeps_letters_and_drops_paths_and_controls():
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\zoë\\Verslag café.pdf") == "Verslag café.pdf"
    assert safe_filename('a"b\r\n<c>.pdf') == "a b c.pdf"
    assert safe_filename("   ") == "file"
    assert len(safe_filename("x" * 500 + ".docx")) == 120


def test_store_keeps_the_file_under_the_upload_folder_with_a_random_name(app, ctx):
    stored = store(
        io.BytesIO(pdf_bytes()),
        area="lessons",
        allowed=ALL,
        max_bytes=1024 * 1024,
        filename="../Verslag.pdf",
    )
    path = Path(app.config["UPLOAD_FOLDER"]) / stored.stored_name
    assert path.read_bytes().startswith(b"%PDF-")
    assert stored.kind == "pdf" and stored.filename == "Verslag.pdf"
    assert "Verslag" not in stored.stored_name and stored.stored_name.startswith("lessons/")
    static = Path(app.static_folder).resolve()
    assert static not in path.resolve().parents
    with pytest.raises(ValueError):
        uploads.path_of("../../secret_key")


def test_store_refuses_files_that_are_too_large_or_empty(app, ctx):
    with pytest.raises(UploadRefused):
        store(io.BytesIO(b"%PDF-" + b"0" * 2000), area="x", allowed=ALL, max_bytes=1000)
    with pytest.raises(UploadRefused):
        store(io.BytesIO(b""), area="x", allowed=ALL, max_bytes=1000)
    assert not list(Path(app.config["UPLOAD_FOLDER"]).glob("x/*"))
