"""Submitted documents (PDF, DOCX, ODT): peer review's rules on top of lmb.core.uploads.

The uploader's file name must not name a path or hide characters (it is refused, with a
message, rather than silently changed: it is the organization's own document), and its
extension must say what the content is.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from lmb.core import uploads
from lmb.core.errors import ServiceError

AREA = "peer-review"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 150


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


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(64 * 1024):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def store(stream: BinaryIO, filename: str | None) -> uploads.StoredFile:
    """Check and keep an uploaded document; a refusal leaves nothing behind."""
    name = clean_filename(filename)
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    if extension not in uploads.DOCUMENTS:
        raise ServiceError(_("Upload a PDF, DOCX or ODT document."), field="document")
    stream.seek(0, os.SEEK_END)
    empty = stream.tell() == 0
    stream.seek(0)
    if empty:
        raise ServiceError(_("The file is empty."), field="document")
    try:
        kind = uploads.sniff(stream, uploads.DOCUMENTS | uploads.IMAGES)
    except uploads.UploadRefused:
        kind = None
    if kind != extension:
        raise ServiceError(
            _(
                "The file is called .%(ext)s but its content is not a %(label)s document.",
                ext=extension,
                label=extension.upper(),
            ),
            field="document",
        )
    try:
        return uploads.store(
            stream, area=AREA, allowed=uploads.DOCUMENTS, max_bytes=max_bytes(), filename=name
        )
    except uploads.UploadRefused as error:
        raise ServiceError(error.message, field="document") from error
    except uploads.StorageFailed as error:
        error.field = "document"
        raise
