"""Sending the outbox: claim a batch (lmb.notifications.claims), send, record the result
(lmb.notifications.results); retry with backoff, drop what is out of date
(lmb.notifications.currency)."""

from __future__ import annotations

import logging
import random
import smtplib
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session as OrmSession

from lmb.core.errors import ServiceError
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.claims import (
    CLAIM_LEASE,
    OutboxState,
    _claim_lease,
    claim,
    new_claim_token,
    outbox_state,
)
from lmb.notifications.currency import current_versions
from lmb.notifications.mail import _connect, build_email, send, sender_address
from lmb.notifications.models import MessageStatus, OutboundMessage
from lmb.notifications.results import Outgoing, ResultLog

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


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


def _batch_seconds(lease: timedelta) -> float:
    """How long one batch may send: LMB_OUTBOX_BATCH_SECONDS, else a minute but at most half
    the lease, so that the messages still waiting in a batch are handed back before their
    lease runs out. (Should it run out anyway, the per-message take keeps them from going
    out twice.)"""
    seconds = current_app.config.get("OUTBOX_BATCH_SECONDS")
    if seconds:
        return float(seconds)
    return min(BATCH_SECONDS, lease.total_seconds() / 2)


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
    sender = sender_address(current_app.config["MAIL_DEFAULT_SENDER"])
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
    results: ResultLog, smtp: smtplib.SMTP, message: Outgoing, sender: Address, clock: _Clock
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
        send(smtp, email, sender, message.recipient_email)
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
