"""A lesson's attachments: files its author (or a coordinator) adds while they may change it."""

from __future__ import annotations

from typing import BinaryIO

from flask_babel import gettext as _

from lmb.accounts.models import User
from lmb.core import uploads
from lmb.core.database import after_commit, after_rollback
from lmb.core.errors import ServiceError
from lmb.core.permissions import require
from lmb.extensions import db
from lmb.toolkits.models import Lesson, LessonAttachment
from lmb.toolkits.permissions import can_edit_lesson

ATTACHMENT_KINDS = uploads.DOCUMENTS | uploads.IMAGES
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10


def add_attachment(lesson: Lesson, *, by: User, stream: BinaryIO, filename: str | None):
    require(can_edit_lesson, by, lesson, _("You cannot change this lesson (any more)."))
    if len(lesson.attachments) >= MAX_ATTACHMENTS:
        raise ServiceError(_("At most %(n)s attachments.", n=MAX_ATTACHMENTS), field="file")
    try:
        stored = uploads.store(
            stream,
            area="lessons",
            allowed=ATTACHMENT_KINDS,
            max_bytes=MAX_ATTACHMENT_BYTES,
            filename=filename,
        )
    except (uploads.UploadRefused, uploads.StorageFailed) as refused:
        refused.field = "file"
        raise
    attachment = LessonAttachment(
        lesson=lesson,
        filename=stored.filename,
        stored_name=stored.stored_name,
        kind=stored.kind,
        size=stored.size,
        uploaded_by_id=by.id,
    )
    db.session.add(attachment)
    # Stored before its row: removed again if the transaction does not keep the row.
    after_rollback(lambda: uploads.remove(stored.stored_name))
    db.session.flush()
    return attachment


def remove_attachment(attachment: LessonAttachment, *, by: User) -> None:
    require(can_edit_lesson, by, attachment.lesson, _("You cannot change this lesson (any more)."))
    stored_name = attachment.stored_name
    db.session.delete(attachment)
    db.session.flush()
    after_commit(lambda: uploads.remove(stored_name))
