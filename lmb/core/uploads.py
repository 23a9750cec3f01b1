"""Uploaded files: their type told by their content, a size limit, safe stored names under
UPLOAD_FOLDER (outside the web root), and downloads as attachments.

The functions are shared by every domain that accepts documents:

- `sniff(stream, allowed)` → the kind ("pdf", "docx", "odt", "png", "jpeg", "gif", "webp") that
  the bytes are, if it is one of `allowed`; else UploadRefused. The name and the browser's
  content type are never trusted.
- `store(stream, area=..., allowed=..., max_bytes=..., filename=...)` → a StoredFile: checked,
  written under UPLOAD_FOLDER/<area>/ with a random name; the caller keeps its fields in a row.
  A write that fails (full disk, quota, I/O, permission) leaves no file and raises
  StorageFailed (507 when the storage is full) with a message for the person.
- `path_of(stored_name)` → the file's Path (refuses anything outside the upload folder).
- `remove(stored_name)`, and `send_stored(stored_name, download_name, kind)` → an attachment
  response (Content-Disposition: attachment; nosniff) for a view that checked permission.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from flask import current_app, send_file
from flask_babel import gettext as _

from lmb.core import text
from lmb.core.errors import ServiceError


@dataclass(frozen=True)
class Kind:
    name: str
    extension: str
    mimetype: str


KINDS = {
    kind.name: kind
    for kind in (
        Kind("pdf", "pdf", "application/pdf"),
        Kind(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Kind("odt", "odt", "application/vnd.oasis.opendocument.text"),
        Kind("png", "png", "image/png"),
        Kind("jpeg", "jpg", "image/jpeg"),
        Kind("gif", "gif", "image/gif"),
        Kind("webp", "webp", "image/webp"),
    )
}
DOCUMENTS = frozenset({"pdf", "docx", "odt"})
IMAGES = frozenset({"png", "jpeg", "gif", "webp"})

DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Parts read from inside a ZIP are small; a larger one is not a document we know.
MAX_PART_BYTES = 1024 * 1024
CHUNK = 64 * 1024


class UploadRefused(ServiceError):
    """A file that is not of an allowed kind, is empty, or is too large."""

    code = "upload_refused"


# The storage is full (disk or quota): the person can only wait; 507 Insufficient Storage.
FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class StorageFailed(ServiceError):
    """The file was fine but could not be written (a full disk, a quota, an I/O or permission
    error). Nothing of it is kept; the message tells the person to try again later."""

    status = 503
    code = "storage_failed"

    @classmethod
    def from_os_error(cls, error: OSError, field: str | None = None) -> StorageFailed:
        if error.errno in FULL:
            refused = cls(
                _(
                    "The file could not be saved: the storage space of the platform is full. "
                    "Nothing was saved. Please try again later."
                ),
                field=field,
            )
            refused.status = 507
            refused.code = "insufficient_storage"
            return refused
        return cls(
            _(
                "The file could not be saved because of a problem with the platform's storage. "
                "Nothing was saved. Please try again later."
            ),
            field=field,
        )


def _zip_kind(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200 and archive.read(info).strip() == ODT_MIMETYPE:
                    return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= MAX_PART_BYTES and DOCX_MAIN in archive.read(info):
                    return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def _kind_of(stream: BinaryIO) -> str | None:
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def sniff(stream: BinaryIO, allowed: set[str] | frozenset[str]) -> str:
    """The kind of file `stream` holds, judged by its bytes; UploadRefused if not allowed.

    The stream must be seekable; it is left at its start.
    """
    stream.seek(0)
    kind = _kind_of(stream)
    if kind is None or kind not in allowed:
        names = ", ".join(sorted(KINDS[k].extension.upper() for k in allowed))
        raise UploadRefused(
            _("This type of file is not accepted. Accepted: %(kinds)s.", kinds=names)
        )
    return kind


def safe_filename(name: str | None, default: str = "file") -> str:
    """A name fit for a Content-Disposition header and a listing: no path, no control
    characters or line separators (they become spaces), at most 120 characters; letters such
    as é stay."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    # The rule of every single-line value (lmb.core.text), and no format characters either
    # (a right-to-left override would disguise the extension).
    name = text.clean_single_line(name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"|?*\s]+', " ", name).strip(" .")
    if not name:
        return default
    stem, dot, extension = name.rpartition(".")
    stem = stem.strip(" .")
    if dot and stem and len(extension) <= 10:
        return stem[: 120 - len(extension) - 1] + "." + extension
    return name[:120]


# Extensions that also name a kind (a JPEG is often called .jpeg or .jpe).
EXTENSIONS = {"jpeg": {"jpg", "jpeg", "jpe"}, "odt": {"odt"}, "docx": {"docx"}}


def filename_for(name: str | None, kind: str) -> str:
    """The (safe) name with the extension of what the file is: a PDF called "notes.docx"
    is "notes.pdf", one called "notes" is "notes.pdf"; "foto.JPG" of a JPEG stays."""
    extension = KINDS[kind].extension
    name = safe_filename(name, default=f"file.{extension}")
    stem, dot, current = name.rpartition(".")
    if dot and stem and current.lower() in EXTENSIONS.get(kind, {extension}):
        return name
    if dot and stem and re.fullmatch(r"[A-Za-z0-9]{1,10}", current):
        name = stem
    return f"{name[: 119 - len(extension)]}.{extension}"


def ascii_filename(name: str, default: str = "download") -> str:
    """The ASCII fallback of a (safe) file name for old clients: é → e, the rest → _."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^A-Za-z0-9._()+-]+", "_", folded).strip("._ ")
    stem, dot, extension = folded.rpartition(".")
    if dot and not stem.strip("_"):
        return f"{default}.{extension}" if extension else default
    return folded[:120] or default


def content_disposition(
    filename: str | None, disposition: str = "attachment", default: str = "download"
) -> str:
    """A Content-Disposition header value that any name is safe in: an ASCII fallback
    (`filename="..."`) and the full name as UTF-8 (RFC 6266 `filename*`), no quotes, no line
    breaks, no path."""
    # A title's slash is part of the name here, not a path; the extension stays whatever the
    # stem (a title) holds.
    name = re.sub(r"[/\\]+", "-", filename or "")
    stem, dot, extension = name.rpartition(".")
    if dot and re.fullmatch(r"[A-Za-z0-9]{1,10}", extension):
        default_stem = default.rsplit(".", 1)[0] if "." in default else default
        stem = safe_filename(stem, default=default_stem)[: 119 - len(extension)]
        name = f"{stem}.{extension}"
    else:
        name = safe_filename(name, default=default)
    return (
        f'{disposition}; filename="{ascii_filename(name, default)}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )


@dataclass(frozen=True)
class StoredFile:
    stored_name: str  # relative to UPLOAD_FOLDER, e.g. "lessons/3f2a....pdf"
    kind: str
    size: int
    filename: str  # the uploader's name, made safe, with the extension of its kind

    @property
    def mimetype(self) -> str:
        return KINDS[self.kind].mimetype


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]).resolve()


def path_of(stored_name: str) -> Path:
    root = upload_root()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError("a stored name outside the upload folder")
    return path


def _size_of(stream: BinaryIO, max_bytes: int) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    if size > max_bytes:
        raise UploadRefused(
            _("The file is too large (at most %(size)s MB).", size=max_bytes // (1024 * 1024))
        )
    return size


def check(stream: BinaryIO, *, allowed: set[str] | frozenset[str], max_bytes: int) -> tuple:
    """The rules `store` keeps (not empty, not too large, a kind `allowed`), without storing:
    (size, kind), or UploadRefused. The stream is left at its start."""
    size = _size_of(stream, max_bytes)
    return size, sniff(stream, allowed)


def store(
    stream: BinaryIO,
    *,
    area: str,
    allowed: set[str] | frozenset[str],
    max_bytes: int,
    filename: str | None = None,
) -> StoredFile:
    """Check and keep an uploaded file under UPLOAD_FOLDER/<area>/ with a random name.

    The file is written to a temporary name and renamed, so a half-written file is never seen.
    """
    size, kind = check(stream, allowed=allowed, max_bytes=max_bytes)
    stored_name = f"{area}/{secrets.token_hex(16)}.{KINDS[kind].extension}"
    target = path_of(stored_name)
    partial = target.with_suffix(".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as out:
            while chunk := stream.read(CHUNK):
                out.write(chunk)
            out.flush()
            # A full disk or quota may only show when the data reaches it.
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as error:
        # Nothing half-written stays behind to keep the disk full.
        _discard(partial)
        current_app.logger.error("an upload to %s could not be stored: %s", area, error)
        raise StorageFailed.from_os_error(error) from error
    finally:
        stream.seek(0)
    return StoredFile(
        stored_name=stored_name,
        kind=kind,
        size=size,
        filename=filename_for(filename, kind),
    )


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        current_app.logger.error("could not remove %s: %s", path, error)


def remove(stored_name: str) -> None:
    """Remove a stored file; a failure is logged, never shown: the row is already gone."""
    _discard(path_of(stored_name))


def send_stored(stored_name: str, download_name: str, kind: str):
    """The stored file as a download; the caller has checked who may have it."""
    response = send_file(
        path_of(stored_name),
        mimetype=KINDS[kind].mimetype,
        max_age=0,
    )
    # Our header, not send_file's: any stored name (older rows too) is safe in it.
    response.headers["Content-Disposition"] = content_disposition(
        filename_for(download_name, kind), default=f"file.{KINDS[kind].extension}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
