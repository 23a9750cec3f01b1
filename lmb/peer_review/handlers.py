"""Where peer review listens to other domains: its deadlines in each person's calendar feed,
and what it holds about a person for their data download and erasure."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from lmb.accounts import privacy
from lmb.accounts.privacy import Handling
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.peer_review.models import Conflict, Review, ReviewRound, Submission, SubmissionVersion
from lmb.peer_review.services import my_deadlines
from lmb.scheduling.feeds import Deadline, deadline_sources
from lmb.scheduling.models import calendar_uid


@deadline_sources
def review_deadlines(user, now: datetime) -> list[Deadline]:
    titles = {
        "submission": lambda r: _(
            "Deadline: submit %(what)s (%(round)s)", what=r.deliverable, round=r.title
        ),
        "review": lambda r: _("Deadline: reviews for %(round)s", round=r.title),
    }
    return [
        Deadline(
            uid=calendar_uid(f"review-round-{round_.id}-{kind}"),
            title=titles[kind](round_),
            at=at,
            url=absolute_url("peer_review.round_page", round_id=round_.id),
            changed_at=round_.updated_at,
        )
        for round_, kind, at in my_deadlines(user, now)
    ]


personal = privacy.register(
    "peer_review",
    _l("Peer review"),
    on_erasure=_l(
        "The documents, reviews and conflicts you handled stay with your organization, no "
        "longer under your name; you are no longer the contact person of a submission."
    ),
    covers={
        # The work belongs to the organizations; the person who did it is forgotten.
        "review_submission_versions.uploaded_by_id": Handling.cleared,
        "reviews.author_id": Handling.cleared,
        "review_conflicts.declared_by_id": Handling.cleared,
        "review_submissions.contact_id": Handling.cleared,
        "review_submissions.organization_id": Handling.organization,
        "review_assignments.reviewer_id": Handling.organization,
        "review_conflicts.first_id": Handling.organization,
        "review_conflicts.second_id": Handling.organization,
        "review_round_organizations.organization_id": Handling.organization,
    },
)

CLEARED = (
    (SubmissionVersion, "uploaded_by_id"),
    (Review, "author_id"),
    (Conflict, "declared_by_id"),
    (Submission, "contact_id"),
)


@personal.exporter
def peer_review_data(user) -> dict:
    uploads = db.session.scalars(
        select(SubmissionVersion)
        .where(SubmissionVersion.uploaded_by_id == user.id)
        .order_by(SubmissionVersion.id)
    )
    reviews = db.session.scalars(
        select(Review).where(Review.author_id == user.id).order_by(Review.id)
    )
    contact_of = db.session.scalars(
        select(Submission).where(Submission.contact_id == user.id).order_by(Submission.id)
    )
    conflicts = db.session.scalars(
        select(Conflict).where(Conflict.declared_by_id == user.id).order_by(Conflict.id)
    )
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
                "comments": [
                    {"criterion": s.criterion.title, "comment": s.comment, "location": s.location}
                    for s in r.scores
                    if s.comment or s.location
                ],
            }
            for r in reviews
        ],
        "contact_person_of": [
            {"round": s.round.title, "organization": s.organization.name} for s in contact_of
        ],
        "conflicts_declared": [
            {
                "round": db.session.get(ReviewRound, c.round_id).title,
                "between": [c.first.name, c.second.name],
                "reason": c.reason.name,
                "note": c.note,
            }
            for c in conflicts
        ],
    }


def _unnamed(erasure, value):
    return privacy.scrub(value, erasure, whole_words=True)


@personal.eraser
def forget_peer_review_people(erasure) -> None:
    # What stays of their work does not name them either: a file name, a signed review.
    user_id = erasure.user.id
    for version in db.session.scalars(
        select(SubmissionVersion).where(SubmissionVersion.uploaded_by_id == user_id)
    ):
        version.filename = _unnamed(erasure, version.filename)
    for review in db.session.scalars(select(Review).where(Review.author_id == user_id)):
        review.summary = _unnamed(erasure, review.summary)
        for score in review.scores:
            score.comment = _unnamed(erasure, score.comment)
            score.location = _unnamed(erasure, score.location)
            # Their answers: the log's copies lose the name too.
            erasure.copies.setdefault("review_scores", set()).add(str(score.id))
    for conflict in db.session.scalars(select(Conflict).where(Conflict.declared_by_id == user_id)):
        conflict.note = _unnamed(erasure, conflict.note)
    db.session.flush()
    for model, column in CLEARED:
        db.session.execute(
            update(model)
            .where(getattr(model, column) == erasure.user.id)
            .values({column: None})
            .execution_options(synchronize_session="fetch")
        )
