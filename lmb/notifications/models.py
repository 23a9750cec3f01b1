"""The outbox: every message the platform sends, written in the transaction that caused it."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lmb.accounts.models import User
from lmb.core.columns import enum_column
from lmb.core.enums import LabelledEnum
from lmb.core.models import UTCDateTime, utcnow
from lmb.extensions import db


class MessageStatus(LabelledEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"

    @classmethod
    def _labels(cls):
        return {
            cls.pending: _l("Pending"),
            cls.sending: _l("Sending"),
            cls.sent: _l("Sent"),
            cls.failed: _l("Failed"),
        }


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
    # Optional iCalendar part and its METHOD (REQUEST or CANCEL) for invites.
    ical: Mapped[str | None] = mapped_column(Text)
    ical_method: Mapped[str | None] = mapped_column(String(16))
    # Whether the mail carries List-Unsubscribe (not for invites and account mail).
    unsubscribable: Mapped[bool] = mapped_column(default=False)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus), default=MessageStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Assigned at the first attempt and reused on every retry, so a resend is recognisable.
    message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[User | None] = relationship()
