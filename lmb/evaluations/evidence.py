"""Evidence of a report on an action (a lesson, toolkit, review round or outcome it points
at, a link, a file): its rules, checked before a report's question and again when it is saved,
and the row it becomes. The services (lmb.evaluations.services) use these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _

from lmb.accounts.models import User
from lmb.core import uploads
from lmb.core.database import after_rollback
from lmb.core.errors import ServiceError
from lmb.evaluations.models import Evidence, EvidenceKind
from lmb.extensions import db
from lmb.partnerships.models import OutcomeRecord
from lmb.peer_review.models import ReviewRound
from lmb.toolkits.models import Lesson, Toolkit

EVIDENCE_FILE_KINDS = frozenset({"pdf", "docx", "odt", "png", "jpeg"})
MAX_FILE_BYTES = 20 * 1024 * 1024
# What each kind of evidence points at, by id.
TARGETS = {
    EvidenceKind.lesson: Lesson,
    EvidenceKind.toolkit: Toolkit,
    EvidenceKind.review_round: ReviewRound,
    EvidenceKind.outcome: OutcomeRecord,
}


@dataclass
class EvidenceInput:
    kind: EvidenceKind
    target_id: int | None = None
    url: str = ""
    label: str = ""
    stream: BinaryIO | None = None
    filename: str = ""


def checked_evidence(item: EvidenceInput, field: str = "evidence_id"):
    """The rules a piece of evidence keeps, without storing anything: the lesson, toolkit, round
    or outcome it points at (None for a link or a file), or a refusal on its field."""
    if item.kind in TARGETS:
        target = db.session.get(TARGETS[item.kind], item.target_id or 0)
        if target is None:
            raise ServiceError(_("There is no such %(what)s.", what=item.kind.label), field)
        return target
    if item.kind is EvidenceKind.url:
        if not item.url.startswith(("https://", "http://")):
            raise ServiceError(_("A web address starts with https:// or http://."), "evidence_url")
        return None
    if item.stream is None:
        raise ServiceError(_("Choose a file."), "evidence_file")
    try:
        uploads.check(item.stream, allowed=EVIDENCE_FILE_KINDS, max_bytes=MAX_FILE_BYTES)
    except uploads.UploadRefused as error:
        raise ServiceError(error.message, "evidence_file") from error
    return None


def evidence_row(item: EvidenceInput, by: User, field: str = "evidence_id") -> Evidence:
    evidence = Evidence(kind=item.kind, label=item.label.strip(), added_by=by)
    target = checked_evidence(item, field)
    if target is not None:
        evidence.target_id = target.id
        evidence.label = evidence.label or getattr(target, "title", None) or target.change[:300]
    elif item.kind is EvidenceKind.url:
        evidence.url = item.url
    else:
        try:
            stored = uploads.store(
                item.stream,
                area="evaluations",
                allowed=EVIDENCE_FILE_KINDS,
                max_bytes=MAX_FILE_BYTES,
                filename=item.filename,
            )
        except uploads.UploadRefused as error:
            raise ServiceError(error.message, "evidence_file") from error
        after_rollback(lambda: uploads.remove(stored.stored_name))
        evidence.filename = stored.filename
        evidence.stored_name = stored.stored_name
        evidence.file_kind = stored.kind
        evidence.label = evidence.label or stored.filename
    return evidence
