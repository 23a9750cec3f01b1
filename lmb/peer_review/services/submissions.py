"""Organizations hand in their work."""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select

from lmb.accounts.models import User
from lmb.core import uploads
from lmb.core.database import after_rollback
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.peer_review import documents
from lmb.peer_review.models import (
    ReviewRound,
    Submission,
    SubmissionVersion,
)
from lmb.peer_review.permissions import may_take_part, require
from lmb.peer_review.teams import team_organization_id

# Submissions


def submission_of(round_: ReviewRound, organization_id: int) -> Submission | None:
    return db.session.scalar(
        select(Submission).where(
            Submission.round_id == round_.id, Submission.organization_id == organization_id
        )
    )


def submit(
    round_: ReviewRound,
    *,
    by: User,
    summary: str,
    document: BinaryIO | None = None,
    filename: str | None = None,
    contact: User | None = None,
    now: datetime | None = None,
) -> Submission:
    """A new version of the organization's submission; late ones (after the deadline, while
    the phase is still open) are marked."""
    now = now or utcnow()
    require(
        may_take_part, by, round_, _("Only organizations that take part in this round can submit.")
    )
    organization_id = team_organization_id(by, round_)
    if not round_.rules.may_submit:
        raise ServiceError(_("Submitting is only possible while the submission phase is open."))
    submission = submission_of(round_, organization_id)
    if submission is None and document is None:
        raise ServiceError(_("Choose a file to upload."), field="document")
    digest = documents.sha256_of(document) if document is not None else None
    stored = documents.store(document, filename) if document is not None else None
    if stored is not None:
        # Stored before its row: removed again if the transaction does not keep the row.
        after_rollback(lambda: uploads.remove(stored.stored_name))
    try:
        # A savepoint: a refusal undoes what this call changed, not the caller's work.
        with db.session.begin_nested():
            if submission is None:
                submission = Submission(round=round_, organization_id=organization_id, contact=by)
                db.session.add(submission)
            submission.summary = summary
            if contact is not None and contact.id != submission.contact_id:
                if team_organization_id(contact, round_) != organization_id:
                    raise ServiceError(
                        _("The contact must take part for this organization."), field="contact"
                    )
                submission.contact = contact
            if stored is not None:
                number = len(submission.versions) + 1
                submission.versions.append(
                    SubmissionVersion(
                        number=number,
                        filename=stored.filename,
                        stored_name=stored.stored_name,
                        kind=stored.kind,
                        size=stored.size,
                        sha256=digest,
                        uploaded_by=by,
                        uploaded_at=now,
                        late=now > round_.submission_deadline,
                    )
                )
    except BaseException:
        if stored is not None:
            uploads.remove(stored.stored_name)
        raise
    return submission
