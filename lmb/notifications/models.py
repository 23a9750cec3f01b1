"""The outbox: every message the platform sends, written in the transaction that caused it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum
from lmb.core.i18n import localized
from lmb.core.models import UTCDateTime, utcnow
from lmb.extensions import db


class MessageStatus(LabelledEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    # No longer true when its turn came (e.g. a reminder for a session that moved).
    dropped = "dropped"

    @classmethod
    def _labels(cls):
        return {
            cls.pending: _l("Pending"),
            cls.sending: _l("Sending"),
            cls.sent: _l("Sent"),
            cls.failed: _l("Failed"),
            cls.dropped: _l("Dropped (out of date)"),
        }


class Frequency(LabelledEnum):
    immediately = "immediately"
    weekly = "weekly"

    @classmethod
    def _labels(cls):
        return {cls.immediately: _l("Immediately"), cls.weekly: _l("Weekly digest")}


class OutboundMessage(db.Model):
    """One e-mail to one recipient, waiting to be sent, sent, or given up on."""

    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Names what the message is about and for whom, e.g.
    # "account:verify:user:12:v1"; a second insert with the same key is a no-op.
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    # What kind of message this is (template name), e.g. "account/verify".
    kind: Mapped[str] = mapped_column(String(80))
    recipient_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recipient_email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # Optional iCalendar part and its METHOD (REQUEST or CANCEL) for invites. A session mail
    # to a person who subscribed to their calendar address has the METHOD it stands for and
    # no part (lmb.scheduling.invites).
    ical: Mapped[str | None] = mapped_column(Text)
    ical_method: Mapped[str | None] = mapped_column(String(16))
    # What List-Unsubscribe stops: "track:3" (one theme's news), "all" (every theme), or
    # None for invites, reminders of one's own sessions and account mail.
    unsubscribe_scope: Mapped[str | None] = mapped_column(String(40))
    # What the message is about ("session:12") and that thing's version when it was
    # written ("seq:3"): at send time a message whose subject has moved on is dropped.
    about: Mapped[str | None] = mapped_column(String(80), index=True)
    about_version: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus), default=MessageStatus.pending
    )
    # Attempts made (counted when a send is tried, never at claim time); at most MAX_ATTEMPTS.
    attempts: Mapped[int] = mapped_column(default=0)
    # For a pending message: when it is due; for one being sent: until when its lease holds.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Which claim holds the message while it is being sent (status sending): the dispatcher
    # sends and records it only while this is still its own token.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    # Chosen when the message is written and reused on every retry, so a resend is recognisable.
    message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The user model by name: the outbox imports no domain.
    recipient: Mapped[User | None] = relationship("User")  # noqa: F821


def _theme_of_track(context) -> str:
    """A row written with only a track names the track's theme."""
    return f"track:{context.get_current_parameters()['track_id']}"


class Subscription(db.Model):
    """A person's choice to hear news of a theme, immediately or weekly. A theme is named
    "<kind>:<id>" (a track, a programme, a call: lmb.notifications.subscriptions.ThemeSource);
    a track's theme also keeps its track_id, so that removing the track removes it."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("user_id", "theme", name="uq_subscriptions_user_theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(60), index=True, default=_theme_of_track)
    track_id: Mapped[int | None] = mapped_column(
        ForeignKey("tracks.id", ondelete="CASCADE"), index=True
    )
    frequency: Mapped[Frequency] = mapped_column(
        enum_column(Frequency), default=Frequency.immediately
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship("User")  # noqa: F821


class NewsTexts:
    """The title and summary of news in the reader's language (a mail's: its recipient's):
    the English or French when there is, else the Dutch, noted as untranslated."""

    shown_title = property(lambda self: localized(self.title, self._titles())[0])
    shown_summary = property(lambda self: localized(self.summary, self._summaries())[0])
    title_language = property(lambda self: localized(self.title, self._titles())[1])

    def _titles(self) -> dict:
        return {"en": self.title_en, "fr": self.title_fr}

    def _summaries(self) -> dict:
        return {"en": self.summary_en, "fr": self.summary_fr}


@dataclass(frozen=True)
class NewsText(NewsTexts):
    """News as a mail tells it when it is told (a NewsItem not read back from the table)."""

    title: str
    summary: str
    url: str
    title_en: str = ""
    summary_en: str = ""
    title_fr: str = ""
    summary_fr: str = ""


class NewsItem(NewsTexts, db.Model):
    """News in a theme (a track opened, a toolkit was published), for immediate mail and digests."""

    __tablename__ = "news_items"
    __table_args__ = (
        Index("ix_news_items_track_id_created_at", "track_id", "created_at"),
        Index("ix_news_items_theme_created_at", "theme", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Names the news so that telling it twice is a no-op, e.g. "track-opened:3".
    key: Mapped[str] = mapped_column(String(120), unique=True)
    # The theme it is news of ("track:3", "programme:1", ...); a track's also its track_id.
    theme: Mapped[str] = mapped_column(String(60), default=_theme_of_track)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The same in French, when the news is of content that has it (a call for partnerships,
    # issue 18); empty means French readers get the Dutch.
    title_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    summary_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    # And in English (a track's title_en), for English readers.
    title_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    summary_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderOptOut(db.Model):
    """A person who asked (through List-Unsubscribe or their themes page) for no reminders."""

    __tablename__ = "reminder_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
