"""Partnerships with Benin and Rwanda, their calls, the steering group, and outcome records."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.columns import enum_column, partial_unique_index
from lmb.core.enums import LabelledEnum
from lmb.core.models import TimestampMixin, UTCDateTime
from lmb.extensions import db
from lmb.tracks.models import Programme, Session, Track

# Money: euros with cents, exact (Decimal in Python, NUMERIC in the database).
Money = Numeric(12, 2)
ZERO = Decimal("0.00")
# Seed 001 and 002: "35.000 euro financiering per SDG-partnerschap", for both municipalities.
DEFAULT_BUDGET = Decimal("35000.00")
SDG_NUMBERS = range(1, 18)


class Country(LabelledEnum):
    """The partner countries of the pilot, each with its association of municipalities."""

    benin = "benin"
    rwanda = "rwanda"

    @classmethod
    def _labels(cls):
        return {cls.benin: _l("Benin"), cls.rwanda: _l("Rwanda")}

    @property
    def iso_code(self) -> str:
        return {Country.benin: "BJ", Country.rwanda: "RW"}[self]

    @property
    def association(self) -> str:
        return {Country.benin: "ANCB", Country.rwanda: "RALGA"}[self]

    @property
    def theme(self) -> PartnershipTheme:
        """Seed 002: Rwanda works on citizen participation, Benin on local prosperity."""
        return {
            Country.benin: PartnershipTheme.local_prosperity,
            Country.rwanda: PartnershipTheme.citizen_participation,
        }[self]


class PartnershipTheme(LabelledEnum):
    citizen_participation = "citizen_participation"
    local_prosperity = "local_prosperity"

    @classmethod
    def _labels(cls):
        return {
            cls.citizen_participation: _l("Citizen participation (SDG 16)"),
            cls.local_prosperity: _l(
                "Local prosperity: innovation, decent work, inequality, renewable energy"
            ),
        }

    @property
    def sdgs(self) -> list[int]:
        return {
            PartnershipTheme.citizen_participation: [16],
            PartnershipTheme.local_prosperity: [7, 8, 9, 10],
        }[self]


class Side(LabelledEnum):
    """Which of the two municipalities spends (the budget is split over both)."""

    flemish = "flemish"
    partner = "partner"

    @classmethod
    def _labels(cls):
        return {cls.flemish: _l("Flemish municipality"), cls.partner: _l("Partner municipality")}


class ApplicationStatus(LabelledEnum):
    submitted = "submitted"
    selected = "selected"
    declined = "declined"
    withdrawn = "withdrawn"

    @classmethod
    def _labels(cls):
        return {
            cls.submitted: _l("Submitted"),
            cls.selected: _l("Selected"),
            cls.declined: _l("Not selected"),
            cls.withdrawn: _l("Withdrawn"),
        }


class CandidacyStatus(LabelledEnum):
    submitted = "submitted"
    selected = "selected"
    declined = "declined"
    withdrawn = "withdrawn"

    @classmethod
    def _labels(cls):
        return {
            cls.submitted: _l("Submitted"),
            cls.selected: _l("Selected"),
            cls.declined: _l("Not selected"),
            cls.withdrawn: _l("Withdrawn"),
        }


class SeatKind(LabelledEnum):
    """The three seats seed 001 asks for."""

    politician = "politician"
    global_policy_officer = "global_policy_officer"
    general_director = "general_director"

    @classmethod
    def _labels(cls):
        return {
            cls.politician: _l("Politician"),
            cls.global_policy_officer: _l("Global policy officer (mondiale ambtenaar)"),
            cls.general_director: _l("General director (algemeen directeur)"),
        }


# Calls for partnerships and the applications of municipalities


class PartnershipCall(TimestampMixin, db.Model):
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


class PartnershipActivity(TimestampMixin, db.Model):
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
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # Whose share of the budget pays for it.
    side: Mapped[Side] = mapped_column(enum_column(Side))
    planned_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    spent_amount: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), unique=True
    )

    partnership: Mapped[Partnership] = relationship(back_populates="activities")
    session: Mapped[Session | None] = relationship()

    @property
    def year(self) -> int:
        return self.starts_on.year


# The steering group, its seats, the call for candidates and the yearly meeting


class SteeringGroup(TimestampMixin, db.Model):
    """The steering group (stuurgroep) of the SDG-partnership pilot; it meets once a year."""

    __tablename__ = "steering_groups"
    __table_args__ = (CheckConstraint("meets_until >= meets_from", name="years_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The years of the yearly meeting (seed 001: from autumn 2022 to 2026).
    meets_from: Mapped[int]
    meets_until: Mapped[int]

    programme: Mapped[Programme] = relationship()
    seats: Mapped[list[Seat]] = relationship(
        back_populates="steering_group", order_by="Seat.position", cascade="all, delete-orphan"
    )
    meetings: Mapped[list[SteeringGroupMeeting]] = relationship(
        back_populates="steering_group", order_by="SteeringGroupMeeting.year"
    )

    def __str__(self) -> str:
        return self.name


class Seat(db.Model):
    """A seat of the steering group: a politician, a global policy officer, a general director."""

    __tablename__ = "steering_group_seats"
    __table_args__ = (
        UniqueConstraint("steering_group_id", "kind", name="uq_steering_group_seats_group_kind"),
        CheckConstraint("places > 0", name="places_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    steering_group_id: Mapped[int] = mapped_column(
        ForeignKey("steering_groups.id", ondelete="CASCADE")
    )
    kind: Mapped[SeatKind] = mapped_column(enum_column(SeatKind))
    position: Mapped[int]
    # What the seat asks for, in the words of the call.
    description: Mapped[str] = mapped_column(Text, default="")
    places: Mapped[int] = mapped_column(default=1)

    steering_group: Mapped[SteeringGroup] = relationship(back_populates="seats")

    @property
    def label(self) -> str:
        return self.kind.label


candidate_call_seats = Table(
    "candidate_call_seats",
    db.metadata,
    Column("call_id", ForeignKey("candidate_calls.id", ondelete="CASCADE"), primary_key=True),
    Column("seat_id", ForeignKey("steering_group_seats.id", ondelete="CASCADE"), primary_key=True),
)


class CandidateCall(TimestampMixin, db.Model):
    """A call for candidates for the steering group, with its deadline and the seats it asks for."""

    __tablename__ = "candidate_calls"
    __table_args__ = (
        CheckConstraint("opens_at IS NULL OR closes_at > opens_at", name="window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    steering_group_id: Mapped[int] = mapped_column(
        ForeignKey("steering_groups.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # None: open since it was published.
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The deadline: candidacies from this moment on are refused.
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)

    steering_group: Mapped[SteeringGroup] = relationship()
    seats: Mapped[list[Seat]] = relationship(
        secondary=candidate_call_seats, order_by="Seat.position"
    )

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and now < self.closes_at

    def __str__(self) -> str:
        return self.title


class Candidacy(TimestampMixin, db.Model):
    """A person's candidacy for one seat of the steering group."""

    __tablename__ = "candidacies"
    __table_args__ = (
        partial_unique_index(
            "uq_candidacies_live", "call_id", "user_id", where="status != 'withdrawn'"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("candidate_calls.id", ondelete="CASCADE"))
    seat_id: Mapped[int] = mapped_column(
        ForeignKey("steering_group_seats.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    motivation: Mapped[str] = mapped_column(Text)
    # For the politician's seat: a member of the committee "de gemeente in Europa en de wereld".
    committee_member: Mapped[bool] = mapped_column(default=False)
    status: Mapped[CandidacyStatus] = mapped_column(
        enum_column(CandidacyStatus), default=CandidacyStatus.submitted
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    call: Mapped[CandidateCall] = relationship()
    seat: Mapped[Seat] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class SteeringGroupMember(TimestampMixin, db.Model):
    """A person holding a seat; ended memberships stay as history."""

    __tablename__ = "steering_group_members"
    __table_args__ = (
        partial_unique_index(
            "uq_steering_group_members_live",
            "steering_group_id",
            "user_id",
            where="ended_at IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    steering_group_id: Mapped[int] = mapped_column(
        ForeignKey("steering_groups.id", ondelete="CASCADE")
    )
    seat_id: Mapped[int] = mapped_column(
        ForeignKey("steering_group_seats.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    candidacy_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidacies.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    steering_group: Mapped[SteeringGroup] = relationship()
    seat: Mapped[Seat] = relationship()
    user: Mapped[User] = relationship()


class SteeringGroupMeeting(db.Model):
    """The steering group's meeting of one year: a Session, so members get invites and reminders."""

    __tablename__ = "steering_group_meetings"
    __table_args__ = (
        UniqueConstraint("steering_group_id", "year", name="uq_steering_group_meetings_group_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    steering_group_id: Mapped[int] = mapped_column(
        ForeignKey("steering_groups.id", ondelete="CASCADE")
    )
    year: Mapped[int]
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), unique=True
    )

    steering_group: Mapped[SteeringGroup] = relationship(back_populates="meetings")
    session: Mapped[Session] = relationship()


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

    recorded_by: Mapped[User | None] = relationship()
    municipality: Mapped[Organization | None] = relationship()
    partnership: Mapped[Partnership | None] = relationship()
    track: Mapped[Track | None] = relationship()

    @property
    def substantiated(self) -> bool:
        return bool(self.confirmed_by.strip())
