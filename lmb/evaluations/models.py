"""Evaluations of a programme: the evaluators' recommendations, the association's response to
each, and the action plan that follows them up (seed 003: the mid-term evaluation 2017-2019)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import User
from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime, utcnow
from lmb.extensions import db
from lmb.tracks.models import Programme


class Position(LabelledEnum):
    """The association's answer to a recommendation."""

    agree = "agree"
    partly_agree = "partly_agree"
    disagree = "disagree"
    out_of_scope = "out_of_scope"

    @classmethod
    def _labels(cls):
        return {
            cls.agree: _l("Agree"),
            cls.partly_agree: _l("Partly agree"),
            cls.disagree: _l("Disagree"),
            cls.out_of_scope: _l("Out of our reach"),
        }


class ActionStatus(LabelledEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    postponed = "postponed"
    dropped = "dropped"

    @classmethod
    def _labels(cls):
        return {
            cls.planned: _l("Planned"),
            cls.in_progress: _l("In progress"),
            cls.done: _l("Done"),
            cls.postponed: _l("Postponed"),
            cls.dropped: _l("Dropped"),
        }

    @property
    def open(self) -> bool:
        """Still to be done: reminders and "overdue" concern these."""
        return self in (ActionStatus.planned, ActionStatus.in_progress, ActionStatus.postponed)


class EvidenceKind(LabelledEnum):
    lesson = "lesson"
    toolkit = "toolkit"
    review_round = "review_round"
    outcome = "outcome"
    file = "file"
    url = "url"

    @classmethod
    def _labels(cls):
        return {
            cls.lesson: _l("Lesson learned"),
            cls.toolkit: _l("Toolkit"),
            cls.review_round: _l("Peer-review round"),
            cls.outcome: _l("Outcome"),
            cls.file: _l("File"),
            cls.url: _l("Web address"),
        }


class Evaluation(TimestampMixin, db.Model):
    """An evaluation of a programme, by an outside evaluator, with the association's response."""

    __tablename__ = "evaluations"
    __table_args__ = (
        UniqueConstraint("key", name="uq_evaluations_key"),
        CheckConstraint(
            "period_ends_on IS NULL OR period_starts_on IS NULL"
            " OR period_ends_on >= period_starts_on",
            name="period_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A stable name for the seed to find its own row again (None for those made on the site).
    key: Mapped[str | None] = mapped_column(String(80))
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    evaluator: Mapped[str] = mapped_column(String(200))
    # When the evaluation was carried out, in words ("tweede helft van 2018") and as dates.
    period: Mapped[str] = mapped_column(String(200), default="")
    period_starts_on: Mapped[date | None]
    period_ends_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    # The evaluated programme's budget and who funds it, as the evaluation states them.
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    funded_by: Mapped[str] = mapped_column(String(300), default="")
    # What the action plan says of itself before its rows.
    plan_summary: Mapped[str] = mapped_column(Text, default="")
    # The management response: its date, who signed it, and whether everyone may read it.
    responded_on: Mapped[date | None]
    signed_by: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    # The evaluators' report, an uploaded file (lmb.core.uploads).
    report_filename: Mapped[str | None] = mapped_column(String(255))
    report_stored_name: Mapped[str | None] = mapped_column(String(255))
    report_kind: Mapped[str | None] = mapped_column(String(16))

    programme: Mapped[Programme] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="evaluation", order_by="Recommendation.number", cascade="all, delete-orphan"
    )
    priorities: Mapped[list[Priority]] = relationship(
        back_populates="evaluation", order_by="Priority.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.title


class Recommendation(TimestampMixin, db.Model):
    """One recommendation of the evaluators, with the association's response to it."""

    __tablename__ = "recommendations"
    __table_args__ = (
        UniqueConstraint("evaluation_id", "number", name="uq_recommendations_number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(400))
    text: Mapped[str] = mapped_column(Text, default="")
    # The response: None until the association answered.
    position: Mapped[Position | None] = mapped_column(enum_column(Position))
    response: Mapped[str] = mapped_column(Text, default="")

    evaluation: Mapped[Evaluation] = relationship(back_populates="recommendations")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Priority(db.Model):
    """A heading of the action plan: a recommendation the association made a priority, in
    the words of the plan (which need not be those of the recommendation)."""

    __tablename__ = "action_priorities"
    __table_args__ = (UniqueConstraint("evaluation_id", "position", name="uq_priorities_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(400))
    # The recommendation it answers, when the plan names one; None when it spans several.
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="SET NULL"), index=True
    )

    evaluation: Mapped[Evaluation] = relationship(back_populates="priorities")
    recommendation: Mapped[Recommendation | None] = relationship()
    actions: Mapped[list[Action]] = relationship(
        back_populates="priority", order_by="Action.position", cascade="all, delete-orphan"
    )


action_owners = Table(
    "action_owners",
    db.metadata,
    Column("action_id", ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Action(TimestampMixin, db.Model):
    """A row of the action plan: what, who and when, as the plan words them; the people who
    own it; the period the platform derives from "when" for its reminders; its status."""

    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("priority_id", "position", name="uq_actions_position"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    priority_id: Mapped[int] = mapped_column(
        ForeignKey("action_priorities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # "Wie" and "Wanneer" exactly as the plan has them (a team, or nobody: "").
    who: Mapped[str] = mapped_column(String(300), default="")
    when_text: Mapped[str] = mapped_column(String(300), default="")
    # The period derived from `when` (lmb.evaluations.periods); None where it names no date.
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.planned
    )

    priority: Mapped[Priority] = relationship(back_populates="actions")
    owners: Mapped[list[User]] = relationship(secondary=action_owners, order_by="User.name")
    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action",
        order_by="ActionUpdate.created_at.desc(), ActionUpdate.id.desc()",
        cascade="all, delete-orphan",
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="action", order_by="Evidence.id", cascade="all, delete-orphan"
    )

    def overdue(self, today: date) -> bool:
        return self.status.open and self.ends_on is not None and self.ends_on < today


class ActionUpdate(db.Model):
    """A dated step in an action's history: its status from then on, and what was said."""

    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Its own constraint name: two enum columns of one type on a table would share one.
    old_status: Mapped[ActionStatus] = mapped_column(
        Enum(
            ActionStatus,
            native_enum=False,
            create_constraint=True,
            length=32,
            name="old_actionstatus",
            validate_strings=True,
        )
    )
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus))
    note: Mapped[str] = mapped_column(Text, default="")

    action: Mapped[Action] = relationship(back_populates="updates")
    by: Mapped[User | None] = relationship()


class Evidence(db.Model):
    """What shows an action's progress, or what answers a recommendation: a lesson, a toolkit,
    a peer-review round, an outcome record, a file or a web address. The ids of the other
    domains' rows are plain integers (no foreign key): evidence outlives what it points at."""

    __tablename__ = "evidence"
    __table_args__ = (
        CheckConstraint(
            "action_id IS NOT NULL OR recommendation_id IS NOT NULL", name="evidence_of_something"
        ),
        CheckConstraint(
            "(kind IN ('file', 'url')) OR target_id IS NOT NULL", name="evidence_target"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), index=True
    )
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    update_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_updates.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind))
    target_id: Mapped[int | None]
    url: Mapped[str] = mapped_column(String(2000), default="")
    label: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(255))
    file_kind: Mapped[str | None] = mapped_column(String(16))
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action | None] = relationship(back_populates="evidence")
    recommendation: Mapped[Recommendation | None] = relationship()
    added_by: Mapped[User | None] = relationship()
