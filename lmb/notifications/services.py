"""Writing messages into the outbox, and sending them: claim a batch, send, record the result."""

from __future__ import annotations

import random
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from lmb.core.database import insert_ignoring_conflicts
from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.core.text import clean_single_line
from lmb.extensions import db
from lmb.notifications.currency import current_versions
from lmb.notifications.links import unsubscribe_link
from lmb.notifications.mail import build_email, new_message_id
from lmb.notifications.models import (
    Frequency,
    MessageStatus,
    OutboundMessage,
    ReminderOptOut,
    Subscription,
)

# A claimed message not marked sent within this time is claimable again (its sender died);
# LMB_OUTBOX_CLAIM_LEASE_SECONDS overrides it.
CLAIM_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
KEY_CHUNK = 1000


@dataclass
class Draft:
    """A message to write: rendered in the recipient's language when it is enqueued.

    `subject` is a lazy string or a function of no arguments, evaluated in that language.
    """

    key: str
    kind: str
    recipient: object
    subject: object
    context: dict = field(default_factory=dict)
    ical: str | None = None
    ical_method: str | None = None
    unsubscribe_scope: str | None = None
    about: str | None = None
    about_version: str | None = None


def existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(
            db.session.scalars(
                select(OutboundMessage.idempotency_key).where(
                    OutboundMessage.idempotency_key.in_(chunk)
                )
            )
        )
    return found


# Mail merge: a message's texts are rendered once per kind, language and shared context, with
# markers where the recipient's own name and unsubscribe link go; a sweep that writes a
# reminder to 1,000 participants of one session renders it twice (nl, en), not 1,000 times.
NAME_MARK = "\ue000name\ue000"
EMAIL_MARK = "\ue000email\ue000"
UNSUBSCRIBE_MARK = "\ue000unsubscribe\ue000"


@dataclass(frozen=True)
class _Placeholder:
    name: str = NAME_MARK
    email: str = EMAIL_MARK
    locale: str = "nl"


def _render_shared(draft: Draft, locale: str) -> tuple[str, str, str]:
    context = {
        **draft.context,
        "recipient": _Placeholder(locale=locale),
        "unsubscribe_url": UNSUBSCRIBE_MARK if draft.unsubscribe_scope else None,
    }
    subject = draft.subject() if callable(draft.subject) else draft.subject
    return (
        str(subject),
        render_template(f"notifications/mail/{draft.kind}.txt", **context),
        render_template(f"notifications/mail/{draft.kind}.html", **context),
    )


def _personalise(text: str, recipient, unsubscribe_url: str | None, html: bool) -> str:
    values = {
        NAME_MARK: recipient.name,
        EMAIL_MARK: recipient.email,
        UNSUBSCRIBE_MARK: unsubscribe_url or "",
    }
    for mark, value in values.items():
        text = text.replace(mark, str(escape(value)) if html else value)
    return text


def _row(draft: Draft, locale: str, shared: tuple[str, str, str], now: datetime) -> dict:
    recipient = draft.recipient
    subject, text, html = shared
    unsubscribe_url = (
        unsubscribe_link(recipient.id, draft.unsubscribe_scope) if draft.unsubscribe_scope else None
    )
    return {
        "idempotency_key": draft.key,
        "kind": draft.kind,
        "recipient_user_id": recipient.id,
        "recipient_email": recipient.email,
        "locale": locale,
        # A header: one line, whatever the subject was built from (lmb.core.text).
        "subject": clean_single_line(_personalise(subject, recipient, None, html=False)),
        "body_text": _personalise(text, recipient, unsubscribe_url, html=False),
        "body_html": _personalise(html, recipient, unsubscribe_url, html=True),
        "ical": draft.ical,
        "ical_method": draft.ical_method,
        "unsubscribe_scope": draft.unsubscribe_scope,
        "about": draft.about,
        "about_version": draft.about_version,
        # Chosen once, kept on every retry: a resent mail is recognisably the same mail.
        "message_id": new_message_id(),
        "status": MessageStatus.pending,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


INSERT_CHUNK = 1000


def enqueue_many(drafts: list[Draft]) -> int:
    """Write messages into the outbox in the current transaction; return how many are new.

    A key already in the outbox is skipped, and the INSERT says ON CONFLICT DO NOTHING, so a
    race between two writers still leaves one row per key. Large lists go in chunks, so that
    a sweep for 100,000 people never holds 100,000 rendered mails at once.
    """
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]

    def locale_of(draft: Draft) -> str:
        return draft.recipient.locale or default_locale

    # Drafts that share their context and subject share their texts (see _render_shared).
    rendered: dict[tuple, tuple[str, str, str]] = {}
    seen: set[str] = set()
    written = 0
    now = utcnow()
    for start in range(0, len(drafts), INSERT_CHUNK):
        chunk = drafts[start : start + INSERT_CHUNK]
        known = existing_keys([d.key for d in chunk])
        fresh = [d for d in chunk if d.key not in known and d.key not in seen]
        seen.update(d.key for d in fresh)
        rows = []
        for locale, group in groupby(sorted(fresh, key=locale_of), key=locale_of):
            with force_locale(locale):
                for draft in group:
                    shared_key = (
                        locale,
                        draft.kind,
                        id(draft.context),
                        id(draft.subject),
                        draft.unsubscribe_scope is not None,
                    )
                    if shared_key not in rendered:
                        rendered[shared_key] = _render_shared(draft, locale)
                    rows.append(_row(draft, locale, rendered[shared_key], now))
        if rows:
            statement = insert_ignoring_conflicts(OutboundMessage, "idempotency_key")
            written += len(db.session.execute(statement.returning(OutboundMessage.id), rows).all())
    return written


def enqueue(**fields) -> bool:
    """Write one message (the fields of Draft) into the outbox; True if it is new."""
    return enqueue_many([Draft(**fields)]) == 1


# Subscriptions ("Kies hieronder uw thema")


def unsubscribe(user_id: int, scope: str) -> int:
    """Stop the news of one theme ("track:3"), of all ("all"), or reminders ("reminders")."""
    if scope == "reminders":
        set_reminders(user_id, wanted=False)
        return 1
    statement = delete(Subscription).where(Subscription.user_id == user_id)
    if scope.startswith("track:") and scope[6:].isdigit():
        statement = statement.where(Subscription.track_id == int(scope[6:]))
    elif scope != "all":
        raise ServiceError(_("This unsubscribe link is not valid."))
    removed = db.session.execute(statement).rowcount
    db.session.commit()
    return removed


def wants_reminders(user_id: int) -> bool:
    return db.session.get(ReminderOptOut, user_id) is None


def set_reminders(user_id: int, wanted: bool) -> None:
    opt_out = db.session.get(ReminderOptOut, user_id)
    if wanted and opt_out is not None:
        db.session.delete(opt_out)
    elif not wanted and opt_out is None:
        db.session.add(ReminderOptOut(user_id=user_id))
    db.session.commit()


def set_subscriptions(user, track_ids: list[int], frequency: Frequency) -> None:
    """A person's themes: exactly these tracks, all at one frequency."""
    wanted = set(track_ids)
    current = {
        s.track_id: s
        for s in db.session.scalars(select(Subscription).where(Subscription.user_id == user.id))
    }
    for track_id, subscription in current.items():
        if track_id not in wanted:
            db.session.delete(subscription)
        else:
            subscription.frequency = frequency
    for track_id in wanted - current.keys():
        db.session.add(Subscription(user_id=user.id, track_id=track_id, frequency=frequency))
    db.session.commit()


def subscriptions_of(user) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.user_id == user.id)))


# Dispatch


@dataclass
class FlushResult:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    dropped: int = 0
    pending: int = 0


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def pending_count(session: OrmSession | None = None) -> int:
    return (session or db.session).scalar(
        select(func.count()).where(
            OutboundMessage.status.in_([MessageStatus.pending, MessageStatus.sending])
        )
    )


def _claim_lease() -> timedelta:
    seconds = current_app.config.get("OUTBOX_CLAIM_LEASE_SECONDS")
    return timedelta(seconds=int(seconds)) if seconds else CLAIM_LEASE


def claim(session: OrmSession, batch_size: int, now: datetime) -> list[OutboundMessage]:
    """Take up to `batch_size` due messages for this dispatcher alone, and commit the claim.

    PostgreSQL skips rows another dispatcher has locked; SQLite serialises writers, and the
    status condition in the UPDATE makes a row go to one claimer only. A claim is a lease:
    a dispatcher that dies leaves its messages to be claimed again after the lease.
    """
    claimable = OutboundMessage.status.in_([MessageStatus.pending, MessageStatus.sending])
    due = (
        select(OutboundMessage.id)
        .where(claimable, OutboundMessage.next_attempt_at <= now)
        .order_by(OutboundMessage.next_attempt_at, OutboundMessage.id)
        .limit(batch_size)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claimed_ids = session.scalars(
        update(OutboundMessage)
        .where(
            OutboundMessage.id.in_(due.scalar_subquery()),
            claimable,
            OutboundMessage.next_attempt_at <= now,
        )
        .values(
            status=MessageStatus.sending,
            attempts=OutboundMessage.attempts + 1,
            next_attempt_at=now + _claim_lease(),
        )
        .returning(OutboundMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    session.commit()
    if not claimed_ids:
        return []
    messages = list(
        session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.id.in_(claimed_ids))
            .options(selectinload(OutboundMessage.recipient))
            .order_by(OutboundMessage.id)
            .execution_options(populate_existing=True)
        )
    )
    # Rows written before Message-IDs were chosen at enqueue time get theirs now.
    missing = [message for message in messages if message.message_id is None]
    for message in missing:
        message.message_id = new_message_id()
    session.commit()
    return messages


def drop_out_of_date(session: OrmSession, messages: list[OutboundMessage]) -> list[OutboundMessage]:
    """Mark messages whose subject moved on (a session moved or was cancelled) as dropped."""
    versions = current_versions([m.about for m in messages if m.about])
    current = []
    for message in messages:
        if message.about in versions and versions[message.about] != message.about_version:
            message.status = MessageStatus.dropped
            message.last_error = "out of date: {} is now {}".format(
                message.about,
                versions.get(message.about) or "gone",
            )
        else:
            current.append(message)
    session.commit()
    return current


def _retry_delay(attempts: int) -> timedelta:
    delay = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)
    return delay * random.uniform(0.8, 1.2)


@dataclass(frozen=True)
class Outgoing:
    """What the dispatcher needs of a claimed message, detached from the ORM session so that
    recording each result is one small UPDATE and COMMIT."""

    id: int
    attempts: int
    message_id: str
    subject: str
    recipient_name: str
    recipient_email: str
    recipient_user_id: int | None
    locale: str
    body_text: str
    body_html: str
    ical: str | None
    ical_method: str | None
    unsubscribe_scope: str | None

    @classmethod
    def of(cls, message: OutboundMessage) -> Outgoing:
        return cls(
            id=message.id,
            attempts=message.attempts,
            message_id=message.message_id,
            subject=message.subject,
            recipient_name=message.recipient.name if message.recipient else "",
            recipient_email=message.recipient_email,
            recipient_user_id=message.recipient_user_id,
            locale=message.locale,
            body_text=message.body_text,
            body_html=message.body_html,
            ical=message.ical,
            ical_method=message.ical_method,
            unsubscribe_scope=message.unsubscribe_scope,
        )


class ResultLog:
    """Records each message's result the moment it is known: one UPDATE in autocommit mode,
    one round trip, so that a crash later cannot make a sent message go twice."""

    def __init__(self, engine):
        self.connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self.postgres = engine.dialect.name == "postgresql"
        if self.postgres:
            # A commit survives a crash of this process at once; only a crash of PostgreSQL
            # itself in the next fraction of a second could forget one, and that message is
            # then sent again with the same Message-ID. It spares a disk flush per mail.
            self.connection.execute(text("SET synchronous_commit TO OFF"))

    # Built once: the statements are the same for every message, only the values differ.
    SENT = (
        update(OutboundMessage)
        .where(OutboundMessage.id == bindparam("message_pk"))
        .values(status=MessageStatus.sent, sent_at=bindparam("sent_at"), last_error=None)
    )
    FAILED = (
        update(OutboundMessage)
        .where(OutboundMessage.id == bindparam("message_pk"))
        .values(status=MessageStatus.failed, last_error=bindparam("error"))
    )
    RETRY = (
        update(OutboundMessage)
        .where(OutboundMessage.id == bindparam("message_pk"))
        .values(
            status=MessageStatus.pending,
            last_error=bindparam("error"),
            next_attempt_at=bindparam("next_attempt_at"),
        )
    )

    def sent(self, message_id: int) -> None:
        self.connection.execute(self.SENT, {"message_pk": message_id, "sent_at": utcnow()})

    def failed(self, message_id: int, error: str) -> None:
        self.connection.execute(self.FAILED, {"message_pk": message_id, "error": error[:2000]})

    def retry(self, message_id: int, error: str, at: datetime) -> None:
        self.connection.execute(
            self.RETRY, {"message_pk": message_id, "error": error[:2000], "next_attempt_at": at}
        )

    def close(self) -> None:
        if self.postgres:
            self.connection.execute(text("RESET synchronous_commit"))
        self.connection.close()


def _record_failure(
    results: ResultLog, message: Outgoing, error: str, permanent: bool, now: datetime
) -> str:
    if permanent or message.attempts >= MAX_ATTEMPTS:
        results.failed(message.id, error)
        return "failed"
    results.retry(message.id, error, now + _retry_delay(message.attempts))
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
    """Send what is due, batch after batch, one SMTP connection per batch.

    The dispatcher claims in a database session of its own, so the caller's objects are left
    alone, and records each result through a ResultLog.
    """
    result = FlushResult()
    with OrmSession(db.engine, expire_on_commit=False) as session:
        if mail_configured():
            results = ResultLog(db.engine)
            try:
                while True:
                    now_batch = now or utcnow()
                    messages = claim(session, batch_size, now_batch)
                    if not messages:
                        break
                    current = [Outgoing.of(m) for m in drop_out_of_date(session, messages)]
                    result.dropped += len(messages) - len(current)
                    session.expunge_all()
                    if current:
                        _send_batch(results, current, now_batch, result)
                    if len(messages) < batch_size:
                        break
            finally:
                results.close()
        result.pending = pending_count(session)
    # The caller's own transaction may predate what was just recorded (SQLite keeps a
    # reader's snapshot): end it, so that the caller reads the results.
    db.session.commit()
    return result


def _count(result: FlushResult, outcome: str) -> None:
    setattr(result, outcome, getattr(result, outcome) + 1)


def _send_batch(
    results: ResultLog, messages: list[Outgoing], now: datetime, result: FlushResult
) -> None:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        for message in messages:
            _count(result, _record_failure(results, message, f"connection: {error}", False, now))
        return
    try:
        for index, message in enumerate(messages):
            outcome, error = _send_one(results, smtp, message, sender, now)
            _count(result, outcome)
            if error is not None:
                # The connection is gone: the rest of the batch waits for the next flush.
                for rest in messages[index + 1 :]:
                    _count(result, _record_failure(results, rest, error, False, now))
                break
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _send_one(
    results: ResultLog, smtp: smtplib.SMTP, message: Outgoing, sender: str, now: datetime
) -> tuple[str, str | None]:
    """Send one message and record the outcome; the error is returned when the connection broke."""
    try:
        smtp.send_message(build_email(message, sender))
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        return _record_failure(results, message, f"{code} {reply!r}", code >= 500, now), None
    except smtplib.SMTPServerDisconnected as error:
        text = f"connection: {error}"
        return _record_failure(results, message, text, False, now), text
    except smtplib.SMTPResponseException as error:
        text = f"{error.smtp_code} {error.smtp_error!r}"
        return _record_failure(results, message, text, error.smtp_code >= 500, now), None
    except (OSError, smtplib.SMTPException) as error:
        text = f"connection: {error}"
        return _record_failure(results, message, text, False, now), text
    results.sent(message.id)
    return "sent", None


def retry(message: OutboundMessage) -> None:
    """An admin sends a failed message once more."""
    if message.status is not MessageStatus.failed:
        raise ServiceError(_("Only failed messages can be retried."))
    message.status = MessageStatus.pending
    message.attempts = 0
    message.next_attempt_at = utcnow()
    db.session.commit()


def subscriptions(track_ids: list[int], frequency: Frequency) -> list[Subscription]:
    """The subscriptions of active people to these themes at this frequency, with the people."""
    return [
        subscription
        for subscription in db.session.scalars(
            select(Subscription)
            .where(Subscription.track_id.in_(track_ids), Subscription.frequency == frequency)
            .options(selectinload(Subscription.user))
        )
        if subscription.user.active
    ]
