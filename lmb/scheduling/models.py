"""Sessions of every owner (a track's bijeenkomst, a partnership activity, the steering
group's yearly meeting) and each participant's attendance."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum, PhaseKey
from lmb.core.models import TimestampMixin, UTCDateTime, utcnow
from lmb.extensions import db

# When people are reminded of a session by default: ISO 8601 durations before its start (a
# track may choose its own, Track.reminder_offsets).
DEFAULT_REMINDER_OFFSETS = ("P7D", "P1D")


class SessionStatus(LabelledEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"

    @classmethod
    def _labels(cls):
        return {cls.scheduled: _l("Scheduled"), cls.cancelled: _l("Cancelled")}


class OwnerKind(enum.Enum):
    """What a session belongs to; the owning domain says who is invited (scheduling.audiences)."""

    track = "track"
    partnership_activity = "partnership_activity"
    steering_meeting = "steering_meeting"
    outcome_visit = "outcome_visit"


def _owner_kind_default(context):
    # A session made with a track (Session(track=...)) is the track's; any other owner is
    # named by whoever makes the session (create_session's owner_kind).
    return OwnerKind.track if context.get_current_parameters().get("track_id") else None


# UIDs made before issue 15 end in this; they are kept as they are (UIDs never change).
LEGACY_UID_DOMAIN = "lmb-leertrajecten"


def uid_domain() -> str:
    """What a calendar UID made here ends in, after the "@": this installation's name, so
    that two installations' events never share a UID in one calendar (their ids repeat).

    LMB_CALENDAR_UID_DOMAIN when set, else the host of LMB_BASE_URL: configuration, so every
    app server and the scheduler agree, and a copy restored elsewhere (with its own
    LMB_BASE_URL) makes its own."""
    config = current_app.config
    domain = config.get("CALENDAR_UID_DOMAIN") or urlsplit(config["BASE_URL"]).hostname
    return (domain or LEGACY_UID_DOMAIN).lower()[:80]


def calendar_uid(local: str) -> str:
    """The UID of `local` (e.g. "review-round-12-review") on this installation."""
    return f"{local}@{uid_domain()}"


def new_session_uid() -> str:
    return calendar_uid(str(uuid.uuid4()))


class Session(TimestampMixin, db.Model):
    """A meeting (bijeenkomst) of a track, physical or online.

    `owner_kind` says what it belongs to: a track (then `track_id` is set), or another
    domain's row that points to it (a partnership's activity, the steering group's yearly
    meeting), whose domain says who is invited (scheduling.audiences).
    """

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="times_ordered"),
        CheckConstraint("track_id IS NULL OR phase IS NOT NULL", name="phase_of_track_session"),
        CheckConstraint(
            "(owner_kind = 'track' AND track_id IS NOT NULL)"
            " OR (owner_kind <> 'track' AND track_id IS NULL)",
            name="track_iff_owned_by_track",
        ),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        Index("ix_sessions_track_id_starts_at", "track_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    owner_kind: Mapped[OwnerKind] = mapped_column(
        enum_column(OwnerKind), default=_owner_kind_default
    )
    # Required for a track's session; None for a session of another domain.
    phase: Mapped[PhaseKey | None] = mapped_column(enum_column(PhaseKey))
    title: Mapped[str] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    # Smaller than the track's capacity when the room is; None: the track's.
    capacity: Mapped[int | None]
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.scheduled
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # iCalendar identity: the UID never changes; SEQUENCE rises with every change that matters.
    uid: Mapped[str] = mapped_column(String(120), unique=True, default=new_session_uid)
    sequence: Mapped[int] = mapped_column(default=0)
    # Added by `lmb seed --demo`: every page that lists it says so.
    is_demo: Mapped[bool] = mapped_column(default=False)

    # The track is the tracks domain's (lmb.tracks.models), named here by its mapped name.
    track: Mapped[Track | None] = relationship("Track", back_populates="sessions")  # noqa: F821


def made_as(local: str):
    """A condition on Session: its UID was made for `local` (calendar_uid), on whichever
    domain (this installation's, an earlier LMB_BASE_URL's, or before issue 15's): so that
    seed data is added once and found again, whatever its UIDs end in."""
    return Session.uid.startswith(f"{local}@", autoescape=True)


class Intent(LabelledEnum):
    """Whether a participant plans to come to a session."""

    yes = "yes"
    maybe = "maybe"
    no = "no"

    @classmethod
    def _labels(cls):
        return {cls.yes: _l("I will come"), cls.maybe: _l("Maybe"), cls.no: _l("I cannot come")}


class Attendance(db.Model):
    """A participant's intent for a session, and afterwards whether they attended."""

    __tablename__ = "attendances"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id", name="uq_attendances_session_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    intent: Mapped[Intent | None] = mapped_column(enum_column(Intent))
    # Recorded by a coordinator after the session; None until then.
    attended: Mapped[bool | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FeedVersion(db.Model):
    """The calendar feeds' version stamp: one row, moved by every committed change that a feed
    could show (lmb.scheduling.stamps), so a feed reader's If-None-Match is answered from it
    without building the feed."""

    __tablename__ = "feed_versions"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
