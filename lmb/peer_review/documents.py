"""Submitted documents: the name checked, the type read from the content, the size limited,
kept under the upload folder (outside the web root) under a name of our own."""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from lmb.core.errors import ServiceError

KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 150
CHUNK = 64 * 1024


@dataclass
class StoredDocument:
    filename: str
    stored_name: str
    kind: str
    size: int
    sha256: str


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "peer-review"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def max_bytes() -> int:
    return int(current_app.config.get("REVIEW_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def clean_filename(name: str | None) -> str:
    """The uploader's file name, refused when it tries to name a path or hide characters."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise ServiceError(_("Choose a file to upload."), field="document")
    if any(ch in name for ch in "/\\\0") or name.startswith(".") or ".." in name:
        raise ServiceError(
            _(
                "The file name may not contain a path or hidden parts. Rename the file and try again."
            ),
            field="document",
        )
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ServiceError(
            _("The file name contains invisible characters. Rename the file and try again."),
            field="document",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(
            _(
                "The file name is longer than %(n)s characters. Rename the file and try again.",
                n=MAX_NAME_LENGTH,
            ),
            field="document",
        )
    return name


def _kind_of_content(path: Path) -> str | None:
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and "content.xml" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype == KINDS["odt"]:
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def store(stream: BinaryIO, filename: str | None) -> StoredDocument:
    """Check and keep an uploaded document; a refusal leaves nothing behind."""
    name = clean_filename(filename)
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension not in KINDS:
        raise ServiceError(_("Upload a PDF, DOCX or ODT document."), field="document")
    limit = max_bytes()
    stored_name = secrets.token_hex(16)
    path = _folder() / stored_name
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ServiceError(
                        _("The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024) or 1),
                        field="document",
                    )
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise ServiceError(_("The file is empty."), field="document")
        kind = _kind_of_content(path)
        if kind != extension:
            raise ServiceError(
                _(
                    "The file is called .%(ext)s but its content is not a %(label)s document.",
                    ext=extension,
                    label=extension.upper(),
                ),
                field="document",
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredDocument(name, stored_name, kind, size, digest.hexdigest())


def path_of(stored_name: str) -> Path:
    # Stored names are our own hex tokens; anything else never reaches the file system.
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return _folder() / stored_name


def discard(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
