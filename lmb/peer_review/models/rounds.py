"""Review rounds: their phase, their rubric (criteria), the organizations taking part and
the conflicts between them."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime
from lmb.extensions import db
from lmb.scheduling.models import Session
from lmb.tracks.models import Programme, Track

if TYPE_CHECKING:  # the mapper finds it by name in the registry
    from lmb.peer_review.models.submissions import Submission


class RoundPhase(LabelledEnum):
    setup = "setup"
    submission = "submission"
    assessment = "assessment"
    feedback = "feedback"
    closed = "closed"

    @classmethod
    def _labels(cls):
        return {
            cls.setup: _l("Setting up"),
            cls.submission: _l("Submission"),
            cls.assessment: _l("Assessment"),
            cls.feedback: _l("Feedback"),
            cls.closed: _l("Closed"),
        }

    @property
    def next(self) -> RoundPhase | None:
        members = list(RoundPhase)
        index = members.index(self)
        return members[index + 1] if index + 1 < len(members) else None


class NameVisibility(LabelledEnum):
    """Whether the reviewed organization sees who reviewed it."""

    visible = "visible"
    after_closing = "after_closing"
    hidden = "hidden"

    @classmethod
    def _labels(cls):
        return {
            cls.visible: _l("Reviewer names are visible with the feedback"),
            cls.after_closing: _l("Reviewer names are hidden until the round closes"),
            cls.hidden: _l("Reviewers stay anonymous (double blind)"),
        }


class CriterionKind(LabelledEnum):
    levels = "levels"
    yes_no = "yes_no"
    comment = "comment"

    @classmethod
    def _labels(cls):
        return {
            cls.levels: _l("Levels (score with a description per level)"),
            cls.yes_no: _l("Yes or no"),
            cls.comment: _l("Comment only"),
        }


class ConflictReason(LabelledEnum):
    intermunicipal = "intermunicipal"
    merger = "merger"
    consultant = "consultant"
    other = "other"

    @classmethod
    def _labels(cls):
        return {
            cls.intermunicipal: _l("Same intermunicipal cooperation"),
            cls.merger: _l("Planned merger"),
            cls.consultant: _l("Shared consultant"),
            cls.other: _l("Other reason"),
        }


class ReviewRound(TimestampMixin, db.Model):
    """A peer review round of a track (or of a whole programme)."""

    __tablename__ = "review_rounds"
    __table_args__ = (
        CheckConstraint("(track_id IS NULL) != (programme_id IS NULL)", name="track_or_programme"),
        CheckConstraint("reviews_per_submission BETWEEN 1 AND 10", name="reviews_per_submission"),
        CheckConstraint("review_deadline > submission_deadline", name="deadlines_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="CASCADE"), index=True
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    # What organizations hand in, e.g. "meerjarenplan 2020-2025: SDG-integratie".
    deliverable: Mapped[str] = mapped_column(String(300))
    instructions: Mapped[str] = mapped_column(Text, default="")
    submission_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    review_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    phase: Mapped[RoundPhase] = mapped_column(enum_column(RoundPhase), default=RoundPhase.setup)
    phase_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Let the deadlines switch submission → assessment → feedback.
    advance_by_dates: Mapped[bool] = mapped_column(default=True)
    reviews_per_submission: Mapped[int] = mapped_column(default=2)
    # Reciprocal ring (A reviews B, B reviews C, C reviews A) when the conflicts allow it.
    ring: Mapped[bool] = mapped_column(default=False)
    # The allocation's random seed: the same seed gives the same allocation.
    allocation_seed: Mapped[int] = mapped_column(default=1)
    names: Mapped[NameVisibility] = mapped_column(
        enum_column(NameVisibility), default=NameVisibility.visible
    )
    # A comments-only round has no scores at all.
    comments_only: Mapped[bool] = mapped_column(default=False)
    # The session of the track where the submissions are discussed.
    meeting_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL")
    )

    track: Mapped[Track | None] = relationship()
    programme: Mapped[Programme | None] = relationship()
    meeting_session: Mapped[Session | None] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="round", order_by="Criterion.position", cascade="all, delete-orphan"
    )
    organizations: Mapped[list[Organization]] = relationship(
        secondary="review_round_organizations", order_by="Organization.name"
    )
    submissions: Mapped[list[Submission]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.title

    @property
    def context_title(self) -> str:
        return self.track.title if self.track else self.programme.title

    @property
    def rules(self):
        """What the round allows in its phase: a lmb.peer_review.phases.PhaseRules."""
        from lmb.peer_review.phases import PHASES  # the table imports these models

        return PHASES[self.phase]

    def allows(self, action: str) -> bool:
        """For templates: `round.allows("submit")` is `round.rules.may_submit` (a typo fails)."""
        return getattr(self.rules, f"may_{action}")


class RoundOrganization(db.Model):
    """An organization taking part in a round: it submits, and it reviews others."""

    __tablename__ = "review_round_organizations"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Criterion(db.Model):
    """One line of the review form (rubric)."""

    __tablename__ = "review_criteria"
    __table_args__ = (CheckConstraint("weight >= 0", name="weight_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[CriterionKind] = mapped_column(
        enum_column(CriterionKind), default=CriterionKind.levels
    )
    # For levels: the description of each level, from score 0 upwards.
    levels: Mapped[list] = mapped_column(JSON, default=list)
    weight: Mapped[int] = mapped_column(default=1)
    # Shown and scored, but not counted in the total.
    independent: Mapped[bool] = mapped_column(default=False)

    round: Mapped[ReviewRound] = relationship(back_populates="criteria")

    @property
    def max_score(self) -> int:
        if self.kind is CriterionKind.levels:
            return max(len(self.levels) - 1, 0)
        return 1 if self.kind is CriterionKind.yes_no else 0

    @property
    def scored(self) -> bool:
        return self.kind is not CriterionKind.comment and not self.round.comments_only


class Conflict(TimestampMixin, db.Model):
    """Two organizations that should not review each other; counts once confirmed."""

    __tablename__ = "review_conflicts"
    __table_args__ = (
        UniqueConstraint("round_id", "first_id", "second_id", name="uq_review_conflicts_pair"),
        CheckConstraint("first_id < second_id", name="pair_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"))
    first_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    reason: Mapped[ConflictReason] = mapped_column(enum_column(ConflictReason))
    note: Mapped[str] = mapped_column(String(500), default="")
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    first: Mapped[Organization] = relationship(foreign_keys=[first_id])
    second: Mapped[Organization] = relationship(foreign_keys=[second_id])
    declared_by: Mapped[User | None] = relationship()
