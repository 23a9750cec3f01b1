"""Writing messages into the outbox, and sending them: claim a batch, send, record the result."""

from __future__ import annotations

import contextlib
import logging
import random
import smtplib
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import groupby

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import escape
from sqlalchemy import bindparam, case, delete, func, literal, null, select, text, update
from sqlalchemy.exc import DBAPIError
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
    db.session.flush()
    return removed


def wants_reminders(user_id: int) -> bool:
    return db.session.get(ReminderOptOut, user_id) is None


def set_reminders(user_id: int, wanted: bool) -> None:
    opt_out = db.session.get(ReminderOptOut, user_id)
    if wanted and opt_out is not None:
        db.session.delete(opt_out)
    elif not wanted and opt_out is None:
        db.session.add(ReminderOptOut(user_id=user_id))
    db.session.flush()


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
    db.session.flush()


def subscriptions_of(user) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.user_id == user.id)))


# Dispatch
#
# A dispatcher claims a batch (status sending, its own claim token, next_attempt_at = the end
# of the lease) and then, per message: takes it (a conditional UPDATE on id, claim token,
# status and attempts that counts the attempt and renews the lease; nothing is sent when it
# matches no row, because the lease ran out and another dispatcher claimed the message),
# sends it, and records the result with the same condition. A batch is bounded by count and
# by time; what is left of it when the time is up, when SMTP breaks off or when the process
# is told to stop (SIGTERM) goes back to pending at once rather than waiting for the lease.

# Set by `lmb scheduler` and `lmb outbox flush` on SIGTERM: the message in flight is finished,
# the rest of the claim is handed back, and flush() returns.
STOP = threading.Event()
# A batch sends for at most this long (LMB_OUTBOX_BATCH_SECONDS) and, by default, at most
# half the lease; the rest of it goes back to pending and the next claim follows at once.
BATCH_SECONDS = 60
log = logging.getLogger(__name__)


@dataclass
class FlushResult:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    dropped: int = 0
    pending: int = 0
    # Claims handed back unsent (time bound or shutdown): due again at once.
    handed_back: int = 0
    # Taken by another dispatcher while this one was sending (its lease ran out): not sent here.
    lost_claims: int = 0
    # What is still pending, and why it was not sent now (see outbox_state).
    state: OutboxState | None = None


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def pending_count(session: OrmSession | None = None) -> int:
    return (session or db.session).scalar(
        select(func.count()).where(
            OutboundMessage.status.in_([MessageStatus.pending, MessageStatus.sending])
        )
    )


@dataclass
class OutboxState:
    """What waits in the outbox and why: due now, leased by a dispatcher (until when: the
    first lease to run out), or waiting for a retry (from when)."""

    due: int = 0
    leased: int = 0
    leased_until: datetime | None = None
    waiting: int = 0
    waiting_until: datetime | None = None
    last_error: str | None = None

    @property
    def pending(self) -> int:
        return self.due + self.leased + self.waiting


def outbox_state(session: OrmSession | None = None, now: datetime | None = None) -> OutboxState:
    session = session or db.session
    now = now or utcnow()
    state = OutboxState()
    waiting = OutboundMessage.status.in_(_CLAIMABLE)
    # A lease that ran out counts as due: the next dispatcher claims it again.
    state.due = session.scalar(
        select(func.count()).where(waiting, OutboundMessage.next_attempt_at <= now)
    )
    for status in _CLAIMABLE:
        count, until = session.execute(
            select(func.count(), func.min(OutboundMessage.next_attempt_at)).where(
                OutboundMessage.status == status, OutboundMessage.next_attempt_at > now
            )
        ).one()
        if status is MessageStatus.sending:
            state.leased, state.leased_until = count, until
        else:
            state.waiting, state.waiting_until = count, until
    if state.waiting:
        state.last_error = session.scalar(
            select(OutboundMessage.last_error)
            .where(
                OutboundMessage.status == MessageStatus.pending,
                OutboundMessage.next_attempt_at > now,
                OutboundMessage.last_error.is_not(None),
            )
            .order_by(OutboundMessage.next_attempt_at)
            .limit(1)
        )
    return state


def _claim_lease() -> timedelta:
    seconds = current_app.config.get("OUTBOX_CLAIM_LEASE_SECONDS")
    return timedelta(seconds=float(seconds)) if seconds else CLAIM_LEASE


def _batch_seconds(lease: timedelta) -> float:
    """How long one batch may send: LMB_OUTBOX_BATCH_SECONDS, else a minute but at most half
    the lease, so that the messages still waiting in a batch are handed back before their
    lease runs out. (Should it run out anyway, the per-message take keeps them from going
    out twice.)"""
    seconds = current_app.config.get("OUTBOX_BATCH_SECONDS")
    if seconds:
        return float(seconds)
    return min(BATCH_SECONDS, lease.total_seconds() / 2)


def new_claim_token() -> str:
    return uuid.uuid4().hex


_CLAIMABLE = (MessageStatus.pending, MessageStatus.sending)


def claim(
    session: OrmSession, batch_size: int, now: datetime, token: str | None = None
) -> list[OutboundMessage]:
    """Take up to `batch_size` due messages for this claim (`token`) alone, and commit it.

    On PostgreSQL the due rows are chosen in a MATERIALIZED CTE with FOR UPDATE SKIP LOCKED:
    the limit is applied once, so a claim never takes more than `batch_size` rows (a plain
    `id IN (SELECT ... LIMIT n)` may be planned as a semi-join that re-runs the limited
    subquery per row and takes every due row). SQLite serialises writers and evaluates the
    uncorrelated subquery once. The status and due conditions are repeated in the UPDATE, so
    a row goes to one claimer only. A claim is a lease: a dispatcher that dies leaves its
    messages to be claimed again when the lease runs out.
    """
    token = token or new_claim_token()
    claimable = OutboundMessage.status.in_(_CLAIMABLE)
    due = (
        select(OutboundMessage.id)
        .where(claimable, OutboundMessage.next_attempt_at <= now)
        .order_by(OutboundMessage.next_attempt_at, OutboundMessage.id)
        .limit(batch_size)
    )
    if session.get_bind().dialect.name == "postgresql":
        chosen = due.with_for_update(skip_locked=True).cte("due").prefix_with("MATERIALIZED")
        condition = OutboundMessage.id.in_(select(chosen.c.id))
    else:
        condition = OutboundMessage.id.in_(due.scalar_subquery())
    claimed_ids = session.scalars(
        update(OutboundMessage)
        .where(condition, claimable, OutboundMessage.next_attempt_at <= now)
        .values(
            status=MessageStatus.sending,
            claim_token=token,
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


def _out_of_date(messages: list[OutboundMessage]) -> dict[int, str]:
    """The messages whose subject moved on (a session moved or was cancelled), with why."""
    versions = current_versions([m.about for m in messages if m.about])
    return {
        message.id: "out of date: {} is now {}".format(
            message.about, versions.get(message.about) or "gone"
        )
        for message in messages
        if message.about in versions and versions[message.about] != message.about_version
    }


def _retry_delay(attempts: int) -> timedelta:
    delay = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)
    return delay * random.uniform(0.8, 1.2)


@dataclass(frozen=True)
class Outgoing:
    """What the dispatcher needs of a claimed message, detached from the ORM session so that
    recording each result is one small UPDATE and COMMIT. `attempts` is the number made
    before this one."""

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


def _mine():
    """The condition of every write of a claim: the row is still this claim's, being sent."""
    return (
        OutboundMessage.id == bindparam("message_pk"),
        OutboundMessage.claim_token == bindparam("token"),
        OutboundMessage.status == MessageStatus.sending,
    )


class ResultLog:
    """Takes and records the messages of one claim: conditional UPDATEs in autocommit mode,
    one round trip each (a group of messages at a time; failures one by one, at once). Every
    statement matches the row only while it
    is still this claim's (id, claim token, status sending), so a dispatcher whose lease ran
    out neither sends nor records a message that another dispatcher now holds.

    On PostgreSQL results are committed asynchronously unless LMB_OUTBOX_SYNCHRONOUS_COMMIT
    is true: a crash of PostgreSQL itself (not of this process) may forget the "sent" marks of
    its last fraction of a second, and those mails go again with the same Message-ID. The
    durable commit costs a disk flush per statement (README, "Mail").
    """

    def __init__(self, engine, token: str, lease: timedelta, synchronous_commit: bool = False):
        self.connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self.token = token
        self.lease = lease
        postgres = engine.dialect.name == "postgresql"
        self.asynchronous = postgres and not synchronous_commit
        if self.asynchronous:
            self.connection.execute(text("SET synchronous_commit TO OFF"))
        # Takes (an attempt counted, a lease renewed) and hand-backs need no disk flush of
        # their own: a PostgreSQL crash that forgot one costs an uncounted attempt or a wait
        # for the lease, never a second mail. They go over a connection of their own with
        # asynchronous commit; the next durable result flushes them anyway.
        if postgres and not self.asynchronous:
            self.leases = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            self.leases.execute(text("SET synchronous_commit TO OFF"))
        else:
            self.leases = self.connection
        # Messages taken (their attempt counted) and not yet recorded or handed back.
        self.held: set[int] = set()

    # Built once: the statements are the same for every message, only the values differ.
    TAKE = (
        update(OutboundMessage)
        .where(*_mine(), OutboundMessage.attempts == bindparam("attempts"))
        .values(attempts=OutboundMessage.attempts + 1, next_attempt_at=bindparam("lease_until"))
    )
    SENT = (
        update(OutboundMessage)
        .where(*_mine())
        .values(
            status=MessageStatus.sent,
            sent_at=bindparam("sent_at"),
            last_error=None,
            claim_token=None,
        )
    )
    FAILED = (
        update(OutboundMessage)
        .where(*_mine())
        .values(status=MessageStatus.failed, last_error=bindparam("error"), claim_token=None)
    )
    DROPPED = (
        update(OutboundMessage)
        .where(*_mine())
        .values(status=MessageStatus.dropped, last_error=bindparam("error"), claim_token=None)
    )
    RETRY = (
        update(OutboundMessage)
        .where(*_mine())
        .values(
            status=MessageStatus.pending,
            last_error=bindparam("error"),
            next_attempt_at=bindparam("next_attempt_at"),
            claim_token=None,
        )
    )

    # One statement per group of messages: the "sent" marks of those that went out, the take
    # of the next group (its attempts counted) and the renewal of those still held, in one
    # round trip and one commit; RETURNING says which rows were still this claim's. A
    # statement per message cost far more than its SQL (0.9 ms a mail on a 2-core machine,
    # the server woken between two SMTP exchanges): bench/outbox.py gave 0.68-0.70 of a bare
    # smtplib loop with one per message, 0.83 with groups of four (GROUP_SIZE).
    _IDS = OutboundMessage.id.in_(bindparam("ids", expanding=True))
    _SENT_IDS = OutboundMessage.id.in_(bindparam("sent_ids", expanding=True))
    _TAKE_IDS = OutboundMessage.id.in_(bindparam("take_ids", expanding=True))
    GROUP = (
        update(OutboundMessage)
        .where(
            OutboundMessage.claim_token == bindparam("token"),
            OutboundMessage.status == MessageStatus.sending,
            _IDS,
        )
        .values(
            status=case(
                (_SENT_IDS, literal(MessageStatus.sent, OutboundMessage.status.type)),
                else_=OutboundMessage.status,
            ),
            sent_at=case(
                (_SENT_IDS, bindparam("sent_at", type_=OutboundMessage.sent_at.type)),
                else_=OutboundMessage.sent_at,
            ),
            last_error=case((_SENT_IDS, null()), else_=OutboundMessage.last_error),
            claim_token=case((_SENT_IDS, null()), else_=OutboundMessage.claim_token),
            attempts=case(
                (_TAKE_IDS, OutboundMessage.attempts + 1), else_=OutboundMessage.attempts
            ),
            next_attempt_at=case(
                (_SENT_IDS, OutboundMessage.next_attempt_at),
                else_=bindparam("lease_until", type_=OutboundMessage.next_attempt_at.type),
            ),
        )
        .returning(OutboundMessage.id)
    )

    def record_group(
        self, sent: list[int], take: list[Outgoing], now: datetime
    ) -> tuple[set[int], set[int]]:
        """Mark `sent` sent, take `take` (an attempt counted each) and renew the lease of
        every message still held; which of `sent` were marked and which of `take` taken.
        A message taken is held until it is recorded (sent, failed, retried) or handed back.
        """
        take_ids = [message.id for message in take]
        renew = [i for i in self.held if i not in sent]
        ids = [*sent, *take_ids, *renew]
        if not ids:
            return set(), set()
        matched = set(
            self.connection.execute(
                self.GROUP,
                {
                    "token": self.token,
                    "ids": ids,
                    "sent_ids": sent,
                    "take_ids": take_ids,
                    "sent_at": utcnow(),
                    "lease_until": now + self.lease,
                },
            ).scalars()
        )
        self.held.difference_update(sent)
        self.held.intersection_update(matched)
        taken = {i for i in take_ids if i in matched}
        self.held.update(taken)
        return {i for i in sent if i in matched}, taken

    def _run(self, statement, connection=None, **values) -> bool:
        connection = connection or self.connection
        return connection.execute(statement, {"token": self.token, **values}).rowcount == 1

    def take(self, message: Outgoing, now: datetime) -> bool:
        """Count the attempt and renew the lease; False when the message is no longer ours."""
        taken = self._run(
            self.TAKE,
            self.leases,
            message_pk=message.id,
            attempts=message.attempts,
            lease_until=now + self.lease,
        )
        if taken:
            self.held.add(message.id)
        return taken

    def _record(self, statement, message_id: int, **values) -> bool:
        self.held.discard(message_id)
        return self._run(statement, message_pk=message_id, **values)

    def sent(self, message_id: int) -> bool:
        return self._record(self.SENT, message_id, sent_at=utcnow())

    def failed(self, message_id: int, error: str) -> bool:
        return self._record(self.FAILED, message_id, error=error[:2000])

    def dropped(self, message_id: int, error: str) -> bool:
        return self._record(self.DROPPED, message_id, error=error[:2000])

    def retry(self, message_id: int, error: str, at: datetime) -> bool:
        return self._record(self.RETRY, message_id, error=error[:2000], next_attempt_at=at)

    def hand_back(self, at: datetime, error: str | None = None) -> int:
        """Every message of this claim not yet recorded goes back to pending, due at `at`.
        Those taken but not tried (held) get their attempt back: it was not made."""
        values = {"status": MessageStatus.pending, "next_attempt_at": at, "claim_token": None}
        if error is not None:
            values["last_error"] = error[:2000]
        if self.held:
            values["attempts"] = case(
                (OutboundMessage.id.in_(sorted(self.held)), OutboundMessage.attempts - 1),
                else_=OutboundMessage.attempts,
            )
            self.held.clear()
        return self.leases.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.claim_token == self.token,
                OutboundMessage.status == MessageStatus.sending,
            )
            .values(**values)
        ).rowcount

    def close(self) -> None:
        for connection in {self.connection, self.leases}:
            if connection is self.leases or self.asynchronous:
                with contextlib.suppress(DBAPIError):
                    connection.execute(text("RESET synchronous_commit"))
            connection.close()


def _record_failure(
    results: ResultLog, message: Outgoing, error: str, permanent: bool, now: datetime
) -> str:
    """Record a failed attempt (already counted by take): failed for good, or retry later."""
    attempts = message.attempts + 1
    if permanent or attempts >= MAX_ATTEMPTS:
        return "failed" if results.failed(message.id, error) else "lost_claims"
    if results.retry(message.id, error, now + _retry_delay(attempts)):
        return "retrying"
    return "lost_claims"


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


class _Clock:
    """The batch's moment (`now`, which tests may set) moved on by the real time elapsed."""

    def __init__(self, now: datetime):
        self.start = now
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)


def flush(batch_size: int = 200, now: datetime | None = None) -> FlushResult:
    """Send what is due, batch after batch, one SMTP connection per batch.

    The dispatcher claims in a database session of its own, so the caller's objects are left
    alone, and takes and records each message through a ResultLog. Returns the counts and,
    in `state`, what is still pending and why (leased, waiting for a retry).
    """
    result = FlushResult()
    lease = _claim_lease()
    with OrmSession(db.engine, expire_on_commit=False) as session:
        if mail_configured():
            while not STOP.is_set():
                clock = _Clock(now or utcnow())
                token = new_claim_token()
                messages = claim(session, batch_size, clock.now(), token)
                if not messages:
                    break
                results = ResultLog(
                    db.engine,
                    token,
                    lease,
                    synchronous_commit=current_app.config.get("OUTBOX_SYNCHRONOUS_COMMIT", False),
                )
                try:
                    _dispatch_claim(session, results, messages, clock, lease, result)
                finally:
                    # Whatever is still claimed (out of time, a stop, an error) goes back
                    # at once, due now.
                    try:
                        handed_back = results.hand_back(clock.now())
                        result.handed_back += handed_back
                    finally:
                        results.close()
                if len(messages) < batch_size and not handed_back:
                    break
        result.state = outbox_state(session, now)
        result.pending = result.state.pending
    # The caller's own transaction may predate what was just recorded (SQLite keeps a
    # reader's snapshot): end it, so that the caller reads the results.
    db.session.commit()
    return result


def _dispatch_claim(
    session: OrmSession,
    results: ResultLog,
    messages: list[OutboundMessage],
    clock: _Clock,
    lease: timedelta,
    result: FlushResult,
) -> None:
    out_of_date = _out_of_date(messages)
    current = []
    for message in messages:
        if message.id in out_of_date:
            if results.dropped(message.id, out_of_date[message.id]):
                result.dropped += 1
            continue
        try:
            current.append(Outgoing.of(message))
        except Exception as error:  # a row that cannot be read fails alone
            log.exception("outbox message %s cannot be read", message.id)
            if results.failed(message.id, f"unreadable: {error!r}"):
                result.failed += 1
    session.expunge_all()
    if current:
        _send_batch(results, current, clock, _batch_seconds(lease), result, lease)


def _count(result: FlushResult, outcome: str) -> None:
    setattr(result, outcome, getattr(result, outcome) + 1)


# A group: how many messages are taken (and later marked sent) by one statement, and how
# long a message that went out may wait for its "sent" mark. A dispatcher killed outright
# (SIGKILL, a power cut) sends at most the unmarked part of one group again, with the same
# Message-ID; SIGTERM, errors and lost connections mark everything that went out.
GROUP_SIZE = 4
GROUP_SECONDS = 1.0


@dataclass
class _Group:
    """The messages of a batch that are taken and not yet sent, and those sent and not yet
    marked, with the moment (clock.elapsed) of the last take or renewal."""

    held: list[Outgoing] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    renewed: float = 0.0
    first_sent: float | None = None

    def due(self, clock: _Clock, lease: timedelta) -> bool:
        """Time to record: the sent marks waited long enough, or the lease of what is held
        is half gone (a message is never sent on a lease that may have run out)."""
        if self.first_sent is not None and clock.elapsed - self.first_sent > GROUP_SECONDS:
            return True
        return bool(self.held) and clock.elapsed - self.renewed > lease.total_seconds() / 2


def _record_group(
    results: ResultLog,
    group: _Group,
    take: list[Outgoing],
    clock: _Clock,
    result: FlushResult,
) -> None:
    """Mark the group's sent messages, take `take` and renew what is still held."""
    sent = group.sent
    marked, taken = results.record_group(sent, take, clock.now())
    result.sent += len(sent)
    for message_id in sent:
        if message_id not in marked:
            log.warning("outbox message %s was sent but its claim had run out", message_id)
    still = [m for m in group.held if m.id in results.held]
    lost = len(group.held) - len(still) + len(take) - len(taken)
    if lost:
        # The lease ran out and another dispatcher holds those messages now: it sends them.
        log.warning("outbox: %s messages were claimed by another dispatcher", lost)
        result.lost_claims += lost
    group.held = still + [m for m in take if m.id in taken]
    group.sent = []
    group.first_sent = None
    group.renewed = clock.elapsed


def _next_take(
    messages: list[Outgoing], start: int, clock: _Clock, batch_seconds: float, results, result
) -> tuple[list[Outgoing], int]:
    """The next messages to take (at most GROUP_SIZE), from `start`; and where the next take
    begins. Nothing once told to stop or out of time (after one message at least, so that
    every batch makes progress); a message claimed again after its last attempt (its
    dispatcher died in it) fails instead of going once more."""
    take: list[Outgoing] = []
    index = start
    while index < len(messages) and len(take) < GROUP_SIZE:
        if STOP.is_set() or (index and clock.elapsed > batch_seconds):
            break
        message = messages[index]
        index += 1
        if message.attempts >= MAX_ATTEMPTS:
            outcome = results.failed(message.id, f"gave up after {message.attempts} attempts")
            _count(result, "failed" if outcome else "lost_claims")
            continue
        take.append(message)
    return take, index


def _send_batch(
    results: ResultLog,
    messages: list[Outgoing],
    clock: _Clock,
    batch_seconds: float,
    result: FlushResult,
    lease: timedelta = CLAIM_LEASE,
) -> None:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    try:
        smtp = _connect()
    except (OSError, smtplib.SMTPException) as error:
        # One attempt, counted for the first message: the rest were not tried, and wait as
        # long as it does without using up their own attempts.
        text = f"connection: {error}"
        first = messages[0]
        moment = clock.now()
        if results.take(first, moment):
            _count(result, _record_failure(results, first, text, False, moment))
            at = moment + _retry_delay(first.attempts + 1)
        else:
            at = moment + FIRST_RETRY
        result.retrying += results.hand_back(at, text)
        return
    group = _Group()
    following = 0
    broken: str | None = None
    try:
        while True:
            if not group.held or group.due(clock, lease):
                take: list[Outgoing] = []
                if not group.held:
                    take, following = _next_take(
                        messages, following, clock, batch_seconds, results, result
                    )
                if take or group.sent or group.held:
                    _record_group(results, group, take, clock, result)
                if not group.held:
                    if following >= len(messages) or not take:
                        break
                    continue
            if STOP.is_set():
                break
            message = group.held.pop(0)
            outcome, error = _send_taken(results, smtp, message, sender, clock)
            if outcome == "sent":
                group.sent.append(message.id)
                if group.first_sent is None:
                    group.first_sent = clock.elapsed
            else:
                _count(result, outcome)
            if error is not None:
                broken = error
                break
    finally:
        # What went out is marked before anything is handed back: never sent twice.
        if group.sent:
            _record_group(results, group, [], clock, result)
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    if broken is not None:
        # The connection is gone: the rest of the batch is due again at once, with a new
        # connection, without an attempt counted.
        results.hand_back(clock.now(), broken)


def _send_taken(
    results: ResultLog, smtp: smtplib.SMTP, message: Outgoing, sender: str, clock: _Clock
) -> tuple[str, str | None]:
    """Send one taken message; a failure is recorded at once, a success is left to the
    group's mark. Returns the outcome and the error when the connection broke."""
    now = clock.now()
    try:
        email = build_email(message, sender)
    except Exception as error:  # a message that cannot be built fails alone
        log.warning("outbox message %s cannot be built: %r", message.id, error)
        return _record_failure(results, message, f"cannot be built: {error}", True, now), None
    try:
        smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        return _record_failure(results, message, f"{code} {reply!r}", code >= 500, now), None
    except smtplib.SMTPServerDisconnected as error:
        text = f"connection: {error}"
        return _record_failure(results, message, text, False, now), text
    except smtplib.SMTPResponseException as error:
        text = f"{error.smtp_code} {error.smtp_error!r}"
        return _record_failure(results, message, text, error.smtp_code >= 500, now), None
    except smtplib.SMTPNotSupportedError as error:
        # E.g. an address that needs SMTPUTF8 from a server without it: this message only.
        return _record_failure(results, message, f"not supported: {error}", True, now), None
    except (OSError, smtplib.SMTPException) as error:
        text = f"connection: {error}"
        return _record_failure(results, message, text, False, now), text
    except Exception as error:  # e.g. a header that cannot be written: this message only
        log.warning("outbox message %s cannot be sent: %r", message.id, error)
        outcome = _record_failure(results, message, f"cannot be sent: {error}", True, now)
        try:
            smtp.rset()
        except (OSError, smtplib.SMTPException) as broken:
            return outcome, f"connection: {broken}"
        return outcome, None
    return "sent", None


def retry(message: OutboundMessage) -> None:
    """An admin sends a failed message once more."""
    if message.status is not MessageStatus.failed:
        raise ServiceError(_("Only failed messages can be retried."))
    message.status = MessageStatus.pending
    message.attempts = 0
    message.claim_token = None
    message.next_attempt_at = utcnow()
    db.session.flush()


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
