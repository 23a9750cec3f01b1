"""Writing messages into the outbox, and sending them: claim a batch, send, record the result."""

from __future__ import annotations

import random
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.mail import build_email, new_message_id
from lmb.notifications.models import MessageStatus, OutboundMessage

# A claimed message not marked sent within this time is claimable again (its sender died).
CLAIM_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


def _insert_ignoring_duplicates():
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(OutboundMessage)


def enqueue(
    *,
    key: str,
    kind: str,
    recipient,
    subject: str,
    context: dict | None = None,
    ical: str | None = None,
    ical_method: str | None = None,
    unsubscribable: bool = False,
) -> bool:
    """Write one message into the outbox in the current transaction.

    `recipient` is a User; `subject` a lazy string, rendered with the templates
    `notifications/mail/<kind>.txt` and `.html` in the recipient's language. A second call
    with the same key changes nothing (ON CONFLICT DO NOTHING). True if a row was written.
    """
    locale = recipient.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    context = {**(context or {}), "recipient": recipient}
    with force_locale(locale):
        values = {
            "idempotency_key": key,
            "kind": kind,
            "recipient_user_id": recipient.id,
            "recipient_email": recipient.email,
            "locale": locale,
            "subject": str(subject),
            "body_text": render_template(f"notifications/mail/{kind}.txt", **context),
            "body_html": render_template(f"notifications/mail/{kind}.html", **context),
            "ical": ical,
            "ical_method": ical_method,
            "unsubscribable": unsubscribable,
            "status": MessageStatus.pending,
            "attempts": 0,
            "next_attempt_at": utcnow(),
            "created_at": utcnow(),
        }
    statement = _insert_ignoring_duplicates().values(**values)
    result = db.session.execute(
        statement.on_conflict_do_nothing(index_elements=["idempotency_key"])
    )
    return result.rowcount == 1


@dataclass
class FlushResult:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    pending: int = 0


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def pending_count() -> int:
    return db.session.scalar(
        select(func.count()).where(
            OutboundMessage.status.in_([MessageStatus.pending, MessageStatus.sending])
        )
    )


def claim(batch_size: int, now: datetime) -> list[OutboundMessage]:
    """Take up to `batch_size` due messages for this dispatcher alone, and commit the claim.

    PostgreSQL skips rows another dispatcher has locked; SQLite serialises writers, and the
    status condition in the UPDATE makes a row go to one claimer only.
    """
    due = (
        select(OutboundMessage.id)
        .where(
            or_(
                OutboundMessage.status == MessageStatus.pending,
                OutboundMessage.status == MessageStatus.sending,
            ),
            OutboundMessage.next_attempt_at <= now,
        )
        .order_by(OutboundMessage.next_attempt_at, OutboundMessage.id)
        .limit(batch_size)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed_ids = db.session.scalars(
        update(OutboundMessage)
        .where(
            OutboundMessage.id.in_(due.scalar_subquery()),
            OutboundMessage.status.in_([MessageStatus.pending, MessageStatus.sending]),
            OutboundMessage.next_attempt_at <= now,
        )
        .values(
            status=MessageStatus.sending,
            attempts=OutboundMessage.attempts + 1,
            next_attempt_at=now + CLAIM_LEASE,
        )
        .returning(OutboundMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    if not claimed_ids:
        return []
    messages = list(
        db.session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.id.in_(claimed_ids))
            .order_by(OutboundMessage.id)
            .execution_options(populate_existing=True)
        )
    )
    for message in messages:
        if message.message_id is None:
            message.message_id = new_message_id(message.id)
    db.session.commit()
    return messages


def _retry_delay(attempts: int) -> timedelta:
    delay = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)
    return delay * random.uniform(0.8, 1.2)


def _record_failure(message: OutboundMessage, error: str, permanent: bool, now: datetime) -> str:
    message.last_error = error[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.failed
        return "failed"
    message.status = MessageStatus.pending
    message.next_attempt_at = now + _retry_delay(message.attempts)
    return "retrying"


def _connect() -> smtplib.SMTP:
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def flush(batch_size: int = 200, now: datetime | None = None) -> FlushResult:
    """Send what is due, batch after batch, one SMTP connection per batch."""
    result = FlushResult()
    if mail_configured():
        while True:
            now_batch = now or utcnow()
            messages = claim(batch_size, now_batch)
            if not messages:
                break
            _send_batch(messages, now_batch, result)
            if len(messages) < batch_size:
                break
    result.pending = pending_count()
    return result


def _send_batch(messages: list[OutboundMessage], now: datetime, result: FlushResult) -> None:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        for message in messages:
            outcome = _record_failure(message, f"connection: {error}", permanent=False, now=now)
            setattr(result, outcome, getattr(result, outcome) + 1)
        db.session.commit()
        return
    try:
        for message in messages:
            outcome = _send_one(smtp, message, sender, now)
            setattr(result, outcome, getattr(result, outcome) + 1)
            # Each result is durable at once: a crash later cannot make this one go twice.
            db.session.commit()
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _send_one(smtp: smtplib.SMTP, message: OutboundMessage, sender: str, now: datetime) -> str:
    try:
        smtp.send_message(build_email(message, sender))
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        return _record_failure(message, f"{code} {reply!r}", permanent=code >= 500, now=now)
    except smtplib.SMTPResponseException as error:
        return _record_failure(
            message,
            f"{error.smtp_code} {error.smtp_error!r}",
            permanent=error.smtp_code >= 500,
            now=now,
        )
    except (TimeoutError, OSError, smtplib.SMTPException) as error:
        return _record_failure(message, f"connection: {error}", permanent=False, now=now)
    message.status = MessageStatus.sent
    message.sent_at = utcnow()
    message.last_error = None
    return "sent"


def retry(message: OutboundMessage) -> None:
    """An admin sends a failed message once more."""
    if message.status is not MessageStatus.failed:
        raise ServiceError(_("Only failed messages can be retried."))
    message.status = MessageStatus.pending
    message.attempts = 0
    message.next_attempt_at = utcnow()
    db.session.commit()
