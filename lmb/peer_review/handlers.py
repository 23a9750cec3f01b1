"""Where peer review listens to other domains: its deadlines in each person's calendar feed,
and what it holds about a person for their data download."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lmb.accounts.privacy import personal_data_section
from lmb.calendar.services import Deadline, deadline_source
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.peer_review.models import Review, SubmissionVersion
from lmb.peer_review.services import my_deadlines


@deadline_source
def review_deadlines(user, now: datetime) -> list[Deadline]:
    titles = {
        "submission": lambda r: _(
            "Deadline: submit %(what)s (%(round)s)", what=r.deliverable, round=r.title
        ),
        "review": lambda r: _("Deadline: reviews for %(round)s", round=r.title),
    }
    return [
        Deadline(
            uid=f"review-round-{round_.id}-{kind}@lmb-leertrajecten",
            title=titles[kind](round_),
            at=at,
            url=absolute_url("peer_review.round_page", round_id=round_.id),
            changed_at=round_.updated_at,
        )
        for round_, kind, at in my_deadlines(user, now)
    ]


@personal_data_section("peer_review", _l("Peer review"))
def peer_review_data(user) -> dict:
    uploads = db.session.scalars(
        select(SubmissionVersion).where(SubmissionVersion.uploaded_by_id == user.id)
    )
    reviews = db.session.scalars(select(Review).where(Review.author_id == user.id))
    return {
        "uploads": [
            {
                "round": v.submission.round.title,
                "file": v.filename,
                "uploaded_at": v.uploaded_at.isoformat(),
            }
            for v in uploads
        ],
        "reviews_written": [
            {
                "round": r.assignment.submission.round.title,
                "of": r.assignment.submission.organization.name,
                "status": r.status.name,
                "summary": r.summary,
            }
            for r in reviews
        ],
    }
