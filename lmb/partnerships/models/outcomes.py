"""Outcome harvesting: what changed, for whom, thanks to a partnership."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.models import TimestampMixin
from lmb.extensions import db
from lmb.partnerships.models.partnership import Partnership
from lmb.scheduling.models import Session
from lmb.tracks.models import Track


class OutcomeVisit(TimestampMixin, db.Model):
    """A visit to a municipality to harvest outcomes (seed 003: "evaluatie, geïnspireerd door
    methodiek van outcome harvesting, tijdens individuele bezoeken aan SDG-pilootgemeenten").
    Its session is scheduling's: the municipality's members and the visitor get an invite."""

    __tablename__ = "outcome_visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    track_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="RESTRICT"), index=True
    )
    planned_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), unique=True
    )
    purpose: Mapped[str] = mapped_column(Text, default="")

    municipality: Mapped[Organization] = relationship()
    track: Mapped[Track | None] = relationship()
    planned_by: Mapped[User | None] = relationship()
    session: Mapped[Session | None] = relationship()
    outcomes: Mapped[list[OutcomeRecord]] = relationship(
        back_populates="visit", order_by="OutcomeRecord.id"
    )


# Outcome harvesting


class OutcomeRecord(TimestampMixin, db.Model):
    """An outcome statement harvested during a visit to a pilot municipality (seed 003)."""

    __tablename__ = "outcome_records"
    __table_args__ = (
        CheckConstraint(
            "municipality_id IS NOT NULL OR partnership_id IS NOT NULL OR track_id IS NOT NULL",
            name="concerns_something",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The visit during which the outcome was harvested.
    visited_on: Mapped[date]
    # What the outcome concerns; at least one of the three. RESTRICT: no record is lost.
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="RESTRICT"), index=True
    )
    track_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="RESTRICT"), index=True
    )
    # The outcome: who changed what, when and where.
    actor: Mapped[str] = mapped_column(String(300))
    change: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(300), default="")
    significance: Mapped[str] = mapped_column(Text, default="")
    # How the programme contributed to the change.
    contribution: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    # Substantiation: who confirmed the outcome, and what they said.
    substantiation: Mapped[str] = mapped_column(Text, default="")
    confirmed_by: Mapped[str] = mapped_column(String(300), default="")
    sdgs: Mapped[list] = mapped_column(JSON, default=list)
    # The planned visit during which it was harvested, if it was planned on the platform.
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_visits.id", ondelete="SET NULL"), index=True
    )

    visit: Mapped[OutcomeVisit | None] = relationship(back_populates="outcomes")
    recorded_by: Mapped[User | None] = relationship()
    municipality: Mapped[Organization | None] = relationship()
    partnership: Mapped[Partnership | None] = relationship()
    track: Mapped[Track | None] = relationship()

    @property
    def substantiated(self) -> bool:
        return bool(self.confirmed_by.strip())
