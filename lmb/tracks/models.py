"""Programmes with their milestones; tracks with phases and registrations (their sessions:
lmb.scheduling.models)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import Organization, User
from lmb.core.columns import enum_column, partial_unique_index
from lmb.core.enums import LabelledEnum, PhaseKey
from lmb.core.i18n import localized
from lmb.core.models import TimestampMixin, UTCDateTime, utcnow
from lmb.extensions import db
from lmb.scheduling.models import DEFAULT_REMINDER_OFFSETS


class MilestoneKind(LabelledEnum):
    kickoff = "kickoff"
    tracks_start = "tracks_start"
    public_feedback = "public_feedback"
    tools = "tools"
    call_deadline = "call_deadline"
    steering_group_meeting = "steering_group_meeting"
    partnerships_start = "partnerships_start"

    @classmethod
    def _labels(cls):
        return {
            cls.kickoff: _l("Kick-off"),
            cls.tracks_start: _l("Start of the tracks"),
            cls.public_feedback: _l("Public feedback of lessons"),
            cls.tools: _l("Tools"),
            cls.call_deadline: _l("Call deadline"),
            cls.steering_group_meeting: _l("Steering-group meeting"),
            cls.partnerships_start: _l("Start of the partnerships"),
        }


class DatePrecision(LabelledEnum):
    """How exactly a milestone's date is known: the seeds say "najaar 2022" or just "2017"."""

    day = "day"
    month = "month"
    season = "season"
    year = "year"

    @classmethod
    def _labels(cls):
        return {
            cls.day: _l("Day"),
            cls.month: _l("Month"),
            cls.season: _l("Season"),
            cls.year: _l("Year"),
        }


class TrackStatus(LabelledEnum):
    announced = "announced"
    open = "open"
    running = "running"
    closed = "closed"

    @classmethod
    def _labels(cls):
        return {
            cls.announced: _l("Announced"),
            cls.open: _l("Open for registration"),
            cls.running: _l("Running"),
            cls.closed: _l("Closed"),
        }


class RegistrationStatus(LabelledEnum):
    confirmed = "confirmed"
    waitlisted = "waitlisted"
    cancelled = "cancelled"

    @classmethod
    def _labels(cls):
        return {
            cls.confirmed: _l("Confirmed"),
            cls.waitlisted: _l("On the waiting list"),
            cls.cancelled: _l("Cancelled"),
        }


class Programme(TimestampMixin, db.Model):
    """A programme of the association: 2016-2018 tracks, 2022-2026 SDG partnerships."""

    __tablename__ = "programmes"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The same texts in English; empty means the Dutch text is shown.
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    # And in French, for the partners who read the SDG partnerships together (issue 18).
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # Whom to ask; empty means VVSG's Dienst Internationaal (lmb.tracks.contact).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    # Added by `lmb seed --demo`: every page that shows it says so.
    is_demo: Mapped[bool] = mapped_column(default=False)

    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="programme", order_by="Milestone.starts_on", cascade="all, delete-orphan"
    )
    tracks: Mapped[list[Track]] = relationship(back_populates="programme", order_by="Track.number")

    def __str__(self) -> str:
        return self.title

    # The reader's language when the programme has it (English, French), else the Dutch
    # (recorded as untranslated: lmb.core.i18n.localized).
    shown_title = property(lambda self: localized(self.title, self._titles())[0])
    shown_summary = property(lambda self: localized(self.summary, self._summaries())[0])
    title_language = property(lambda self: localized(self.title, self._titles())[1])
    summary_language = property(lambda self: localized(self.summary, self._summaries())[1])

    def _titles(self) -> dict[str, str]:
        return {"en": self.title_en, "fr": self.title_fr}

    def _summaries(self) -> dict[str, str]:
        return {"en": self.summary_en, "fr": self.summary_fr}


class Milestone(TimestampMixin, db.Model):
    """A dated step of a programme. A season or a year is stored as the range it covers."""

    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("programme_id", "key", name="uq_milestones_programme_key"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    # Stable name within the programme, so that seeding twice finds the same row.
    key: Mapped[str] = mapped_column(String(80))
    kind: Mapped[MilestoneKind] = mapped_column(enum_column(MilestoneKind))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The same text in English; empty means the Dutch text is shown.
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # And in French (issue 18).
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision), default=DatePrecision.day
    )

    programme: Mapped[Programme] = relationship(back_populates="milestones")

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when there is one in it, else the Dutch one
        (the page then says it is untranslated: lmb.core.i18n.localized)."""
        return localized(self.title, {"en": self.title_en, "fr": self.title_fr})[0]

    @property
    def shown_description(self) -> str:
        return localized(self.description, {"en": self.description_en, "fr": self.description_fr})[
            0
        ]

    @property
    def title_language(self) -> str:
        """The language `shown_title` is in (marked where it differs from the page's)."""
        return localized(self.title, {"en": self.title_en, "fr": self.title_fr})[1]

    @property
    def description_language(self) -> str:
        return localized(self.description, {"en": self.description_en, "fr": self.description_fr})[
            1
        ]


def _reads_english() -> bool:
    return str(get_locale() or "nl") == "en"


def _shown(dutch: str, english: str) -> str:
    """The English text to a reader of English when there is one, else the Dutch."""
    return english if english and _reads_english() else dutch


def _language(english: str) -> str:
    return "en" if english and _reads_english() else "nl"


track_coordinators = Table(
    "track_coordinators",
    db.metadata,
    Column("track_id", ForeignKey("tracks.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

track_partners = Table(
    "track_partners",
    db.metadata,
    Column("track_id", ForeignKey("tracks.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Track(TimestampMixin, db.Model):
    """A learning track (leertraject): a group of municipalities working on one theme."""

    __tablename__ = "tracks"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_window_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    # The track's number in the programme's overview (1-7 for 2016-2018).
    number: Mapped[int]
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # The same texts in English; empty means the Dutch text is shown.
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # Added by `lmb seed --demo`: every page that shows it says so.
    is_demo: Mapped[bool] = mapped_column(default=False)
    # What a track's own page holds (seed 000): inhoud, verloop, doelgroep, doelstellingen.
    content: Mapped[str] = mapped_column(Text, default="")
    course: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    # Whom to ask; empty means VVSG's Dienst Internationaal (lmb.tracks.contact).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[TrackStatus] = mapped_column(
        enum_column(TrackStatus), default=TrackStatus.announced
    )
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Confirmed places; None means no limit.
    capacity: Mapped[int | None]
    # Moderated tracks confirm registrations by hand instead of automatically.
    moderated: Mapped[bool] = mapped_column(default=False)
    # When participants are reminded of a session: ISO 8601 durations before its start.
    reminder_offsets: Mapped[list] = mapped_column(
        JSON, default=lambda: list(DEFAULT_REMINDER_OFFSETS)
    )

    programme: Mapped[Programme] = relationship(back_populates="tracks")
    phases: Mapped[list[Phase]] = relationship(
        back_populates="track", order_by="Phase.starts_on", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[Session]] = relationship(  # noqa: F821  (lmb.scheduling.models)
        back_populates="track", order_by="Session.starts_at", cascade="all, delete-orphan"
    )
    coordinators: Mapped[list[User]] = relationship(
        secondary=track_coordinators, backref="coordinated_tracks", order_by="User.name"
    )
    partners: Mapped[list[Organization]] = relationship(
        secondary=track_partners, order_by="Organization.name"
    )

    def __str__(self) -> str:
        return self.title

    shown_title = property(lambda self: _shown(self.title, self.title_en))
    shown_summary = property(lambda self: _shown(self.summary, self.summary_en))
    shown_description = property(lambda self: _shown(self.description, self.description_en))
    title_language = property(lambda self: _language(self.title_en))
    summary_language = property(lambda self: _language(self.summary_en))
    description_language = property(lambda self: _language(self.description_en))

    @property
    def capacity_known(self) -> bool:
        """Whether the number of places is decided: a limit, or none once registration has a
        window. A track not yet launched with no limit has its places still to be determined
        (seed 000: registration only "eenmaal het traject gelanceerd is")."""
        return self.capacity is not None or self.registration_opens_at is not None

    def phase(self, key: PhaseKey) -> Phase | None:
        return next((p for p in self.phases if p.key is key), None)

    def current_phase(self, today: date) -> Phase | None:
        return next((p for p in self.phases if p.starts_on <= today <= p.ends_on), None)


class Phase(db.Model):
    """One of a track's three phases with the dates it runs."""

    __tablename__ = "phases"
    __table_args__ = (
        UniqueConstraint("track_id", "key", name="uq_phases_track_key"),
        CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    key: Mapped[PhaseKey] = mapped_column(enum_column(PhaseKey))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    track: Mapped[Track] = relationship(back_populates="phases")


class Registration(TimestampMixin, db.Model):
    """A person's registration (inschrijving) for a track."""

    __tablename__ = "registrations"
    __table_args__ = (
        # One live registration per person and track; cancelled ones stay as history.
        partial_unique_index(
            "uq_registrations_live", "track_id", "user_id", where="status != 'cancelled'"
        ),
        Index("ix_registrations_track_id_status", "track_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    # 1 is next in line; None unless waitlisted.
    waitlist_position: Mapped[int | None]
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    track: Mapped[Track] = relationship()
    user: Mapped[User] = relationship()


class TrackInterest(db.Model):
    """A person who asked to be told when a track's registration opens."""

    __tablename__ = "track_interests"
    __table_args__ = (
        UniqueConstraint("track_id", "user_id", name="uq_track_interests_track_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    track: Mapped[Track] = relationship()
    user: Mapped[User] = relationship()


# Sessions belong to the scheduling domain (lmb.scheduling.models); Track.sessions names them,
# so they are mapped whenever the tracks' models are.
import lmb.scheduling.models  # noqa: E402, F401
