"""Submissions and their documents (versions), reviewer assignments, reviews with their
scores, and the reviewed organization's responses."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.columns import enum_column, partial_unique_index
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime, utcnow
from lmb.extensions import db
from lmb.peer_review.models.rounds import Criterion, ReviewRound


class AssignmentStatus(LabelledEnum):
    active = "active"
    declined = "declined"

    @classmethod
    def _labels(cls):
        return {cls.active: _l("Assigned"), cls.declined: _l("Declined")}


class ReviewStatus(LabelledEnum):
    draft = "draft"
    submitted = "submitted"

    @classmethod
    def _labels(cls):
        return {cls.draft: _l("Draft"), cls.submitted: _l("Submitted")}


class Submission(TimestampMixin, db.Model):
    """An organization's work in a round; its documents are the versions."""

    __tablename__ = "review_submissions"
    __table_args__ = (
        UniqueConstraint("round_id", "organization_id", name="uq_review_submissions_round_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    # The person the coordinator and reviewers can turn to.
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text, default="")
    # When the reviews of this submission were released to its organization.
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The organization's response to its reviews, and whether it is a candidate outcome.
    response: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    candidate_outcome: Mapped[bool] = mapped_column(default=False)

    round: Mapped[ReviewRound] = relationship(back_populates="submissions")
    organization: Mapped[Organization] = relationship()
    contact: Mapped[User | None] = relationship()
    versions: Mapped[list[SubmissionVersion]] = relationship(
        back_populates="submission",
        order_by="SubmissionVersion.number",
        cascade="all, delete-orphan",
    )
    assignments: Mapped[list[ReviewAssignment]] = relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )
    point_responses: Mapped[list[PointResponse]] = relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )

    @property
    def latest(self) -> SubmissionVersion | None:
        return self.versions[-1] if self.versions else None


class SubmissionVersion(db.Model):
    """One uploaded document of a submission; new versions until the deadline."""

    __tablename__ = "review_submission_versions"
    __table_args__ = (
        UniqueConstraint("submission_id", "number", name="uq_review_submission_versions_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("review_submissions.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    # The name the uploader gave, cleaned; the stored name is ours and never shown.
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    # "pdf", "docx" or "odt", as found in the content itself.
    kind: Mapped[str] = mapped_column(String(10))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    late: Mapped[bool] = mapped_column(default=False)

    submission: Mapped[Submission] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship()


class ReviewAssignment(TimestampMixin, db.Model):
    """A reviewer organization assigned to a submission."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        partial_unique_index(
            "uq_review_assignments_live", "submission_id", "reviewer_id", where="status = 'active'"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("review_submissions.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_column(AssignmentStatus), default=AssignmentStatus.active
    )
    # Placed by hand by a coordinator, not by the allocation.
    manual: Mapped[bool] = mapped_column(default=False)
    decline_reason: Mapped[str] = mapped_column(String(500), default="")
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship(back_populates="assignments")
    reviewer: Mapped[Organization] = relationship()
    review: Mapped[Review | None] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", uselist=False
    )


class Review(TimestampMixin, db.Model):
    """A reviewer organization's review: a draft until submitted, editable until the phase ends."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus), default=ReviewStatus.draft
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    assignment: Mapped[ReviewAssignment] = relationship(back_populates="review")
    author: Mapped[User | None] = relationship()
    scores: Mapped[list[ReviewScore]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )

    def score_for(self, criterion_id: int) -> ReviewScore | None:
        return next((s for s in self.scores if s.criterion_id == criterion_id), None)


class ReviewScore(db.Model):
    """A review's answer on one criterion."""

    __tablename__ = "review_scores"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_id", name="uq_review_scores_criterion"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("review_criteria.id", ondelete="CASCADE"), index=True
    )
    # The level chosen (0..n) or, for yes/no, 1 or 0; None when not scored.
    value: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    # Where in the document the comment points: "p. 12", "section 3.2".
    location: Mapped[str] = mapped_column(String(200), default="")

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()


class PointResponse(db.Model):
    """What the reviewed organization will do with the reviews on one criterion."""

    __tablename__ = "review_point_responses"
    __table_args__ = (
        UniqueConstraint("submission_id", "criterion_id", name="uq_review_point_responses"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("review_submissions.id", ondelete="CASCADE")
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("review_criteria.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="point_responses")
    criterion: Mapped[Criterion] = relationship()
