"""Calls for partnerships, the applications of municipalities, partnerships with their contacts and activities."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.columns import enum_column, partial_unique_index
from lmb.core.models import TimestampMixin, UTCDateTime
from lmb.extensions import db
from lmb.partnerships.models.enums import (
    ZERO,
    ActivityStatus,
    ApplicationStatus,
    Country,
    Money,
    PartnershipTheme,
    Side,
)
from lmb.partnerships.models.french import FrenchBeside
from lmb.scheduling.models import Session
from lmb.tracks.models import Programme

if TYPE_CHECKING:
    from lmb.partnerships.models.reports import PartnershipReport

# Calls for partnerships and the applications of municipalities


class PartnershipCall(FrenchBeside, TimestampMixin, db.Model):
    """A call for SDG partnerships: municipalities apply while it is open; the association selects."""

    __tablename__ = "partnership_calls"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="window_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # French beside Dutch, for the partner municipalities (issue 18); empty when none.
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)

    programme: Mapped[Programme] = relationship()
    applications: Mapped[list[PartnershipApplication]] = relationship(
        back_populates="call", order_by="PartnershipApplication.created_at"
    )

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def __str__(self) -> str:
        return self.title


class PartnershipApplication(TimestampMixin, db.Model):
    """A Flemish municipality's application to a call, with a short motivation."""

    __tablename__ = "partnership_applications"
    __table_args__ = (
        # One live application per municipality and call; withdrawn ones stay as history.
        partial_unique_index(
            "uq_partnership_applications_live",
            "call_id",
            "organization_id",
            where="status != 'withdrawn'",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("partnership_calls.id", ondelete="CASCADE"))
    # The applying municipality (the applicant's organization when they applied).
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The partner country the municipality prefers (and with it the theme).
    country: Mapped[Country] = mapped_column(enum_column(Country))
    motivation: Mapped[str] = mapped_column(Text)
    # What a selection needs (issue 16): the partner municipality the applicant proposes,
    # the theme and SDGs, who to contact on both sides, and the council's decision.
    proposed_partner: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[PartnershipTheme | None] = mapped_column(enum_column(PartnershipTheme))
    sdgs: Mapped[list] = mapped_column(JSON, default=list)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    partner_contact: Mapped[str] = mapped_column(Text, default="")
    # The council's decision (gemeenteraadsbeslissing) as uploaded (lmb.core.uploads).
    decision_filename: Mapped[str] = mapped_column(String(200), default="")
    decision_stored_name: Mapped[str] = mapped_column(String(200), default="")
    decision_kind: Mapped[str] = mapped_column(String(10), default="")
    decision_size: Mapped[int] = mapped_column(default=0)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus), default=ApplicationStatus.submitted
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The partnership a selected application led to.
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="SET NULL")
    )

    call: Mapped[PartnershipCall] = relationship(back_populates="applications")
    organization: Mapped[Organization] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    partnership: Mapped[Partnership | None] = relationship()


# Partnerships, their people and activities

partnership_contacts = Table(
    "partnership_contacts",
    db.metadata,
    Column("partnership_id", ForeignKey("partnerships.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Partnership(TimestampMixin, db.Model):
    """An SDG partnership (SDG-partnerschap): a Flemish and a partner municipality, 2 years, one
    theme, a budget split over both."""

    __tablename__ = "partnerships"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="dates_ordered"),
        CheckConstraint("budget_flemish >= 0 AND budget_partner >= 0", name="budget_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[Country] = mapped_column(enum_column(Country))
    theme: Mapped[PartnershipTheme] = mapped_column(enum_column(PartnershipTheme))
    # The SDGs the partnership works on (numbers 1-17).
    sdgs: Mapped[list] = mapped_column(JSON, default=list)
    flemish_municipality_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    partner_municipality_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # The budget (seed: about 35,000 EUR), split over the two municipalities.
    budget_flemish: Mapped[Decimal] = mapped_column(Money)
    budget_partner: Mapped[Decimal] = mapped_column(Money)
    # After its 2 years a partnership may continue as a stedenband (city link).
    stedenband_since: Mapped[date | None]
    stedenband_url: Mapped[str] = mapped_column(String(500), default="")
    stedenband_note: Mapped[str] = mapped_column(Text, default="")
    # Added by `lmb seed --demo`: every page that shows it says so.
    is_demo: Mapped[bool] = mapped_column(default=False)

    programme: Mapped[Programme] = relationship()
    flemish_municipality: Mapped[Organization] = relationship(
        foreign_keys=[flemish_municipality_id]
    )
    partner_municipality: Mapped[Organization] = relationship(
        foreign_keys=[partner_municipality_id]
    )
    contacts: Mapped[list[User]] = relationship(
        secondary=partnership_contacts, order_by="User.name"
    )
    activities: Mapped[list[PartnershipActivity]] = relationship(
        back_populates="partnership",
        order_by="(PartnershipActivity.starts_on, PartnershipActivity.id)",
        cascade="all, delete-orphan",
    )
    reports: Mapped[list[PartnershipReport]] = relationship(
        back_populates="partnership", order_by="PartnershipReport.id", cascade="all, delete-orphan"
    )

    @property
    def confirmed_activities(self) -> list[PartnershipActivity]:
        return [a for a in self.activities if a.status is ActivityStatus.confirmed]

    @property
    def proposed_activities(self) -> list[PartnershipActivity]:
        return [a for a in self.activities if a.status is ActivityStatus.proposed]

    def report(self, kind) -> PartnershipReport | None:
        return next((r for r in self.reports if r.kind is kind), None)

    @property
    def budget_total(self) -> Decimal:
        return self.budget_flemish + self.budget_partner

    @property
    def partner_association(self) -> str:
        return self.country.association

    @property
    def flemish_side(self) -> Side:
        return Side.flemish

    @property
    def partner_side(self) -> Side:
        return Side.partner

    def budget_of(self, side: Side) -> Decimal:
        return self.budget_flemish if side is Side.flemish else self.budget_partner

    def municipality_of(self, side: Side) -> Organization:
        return self.flemish_municipality if side is Side.flemish else self.partner_municipality

    def __str__(self) -> str:
        return self.title


class PartnershipActivity(FrenchBeside, TimestampMixin, db.Model):
    """Something a partnership does, with its dates, planned amount and what was spent; a
    meeting among them has a Session, so that people get it as a calendar invite."""

    __tablename__ = "partnership_activities"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        CheckConstraint("planned_amount >= 0 AND spent_amount >= 0", name="amounts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # French beside Dutch, for the partners who read it together (issue 18); empty when none.
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # Whose share of the budget pays for it.
    side: Mapped[Side] = mapped_column(enum_column(Side))
    planned_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    spent_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), unique=True
    )
    # A partner municipality's people propose; the Flemish side confirms (issue 18).
    status: Mapped[ActivityStatus] = mapped_column(
        enum_column(ActivityStatus), default=ActivityStatus.confirmed
    )
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    partnership: Mapped[Partnership] = relationship(back_populates="activities")
    session: Mapped[Session | None] = relationship()
    proposed_by: Mapped[User | None] = relationship()

    @property
    def year(self) -> int:
        return self.starts_on.year
