"""The steering group: its seats, the call for candidates, candidacies, members and meetings."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale, get_locale, gettext
from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import User
from lmb.core.columns import enum_column, partial_unique_index
from lmb.core.i18n import localized
from lmb.core.models import TimestampMixin, UTCDateTime
from lmb.extensions import db
from lmb.partnerships.models.enums import (
    CandidacyStatus,
    SeatKind,
)
from lmb.partnerships.models.french import FrenchBeside
from lmb.scheduling.models import Session
from lmb.tracks.models import Programme

# The steering group, its seats, the call for candidates and the yearly meeting


class SteeringGroup(FrenchBeside, TimestampMixin, db.Model):
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
    # French beside Dutch, for the partners (issue 18); empty: French readers get the Dutch.
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    # And in English, for English readers; empty: they get the Dutch.
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
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


class CandidateCall(FrenchBeside, TimestampMixin, db.Model):
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
    # French beside Dutch, for the partners (issue 18); empty when none.
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The day the call was published (seed 001: 14 July 2022); None when not known.
    published_on: Mapped[date | None]
    # None: open since it was published.
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The deadline: candidacies from this moment on are refused. At midnight (local) it reads
    # "before <that day>" (seed 001: "vóór 15 september"; the last day is the 14th).
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
    # The record of the meeting (Markdown), written by the association's coordinators and read
    # by the members (lmb/partnerships/permissions.py: may_read_meeting_record); the agenda is
    # the session's.
    minutes: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    # The same in French beside the Dutch, for the partners who read them (issue 18); empty
    # means French readers get the Dutch, marked as such.
    agenda_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    minutes_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    decisions_fr: Mapped[str] = mapped_column(Text, default="", server_default="")

    steering_group: Mapped[SteeringGroup] = relationship(back_populates="meetings")
    session: Mapped[Session] = relationship()

    def title_in_reader_language(self) -> tuple[str, str]:
        """(title, language) of the meeting: "Yearly meeting 2026" in the page's language (a
        mail's: its recipient's) when its session bears that title in Dutch, as
        schedule_meeting names it; a title given otherwise is the session's own, in Dutch."""
        with force_locale("nl"):
            dutch = gettext("Yearly meeting %(year)s", year=self.year)
        if self.session.title != dutch:
            return self.session.title, "nl"
        return gettext("Yearly meeting %(year)s", year=self.year), str(get_locale() or "nl")

    def in_reader_language(self, name: str) -> tuple[str, str]:
        """(text, language) of the agenda, minutes or decisions for the page's language: the
        French text when the page is French and it has one, else the Dutch (noted as
        untranslated when there is Dutch to show)."""
        dutch = self.session.agenda if name == "agenda" else getattr(self, name)
        return localized(dutch or "", {"fr": getattr(self, f"{name}_fr")})
