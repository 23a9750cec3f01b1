"""Taking and recording the messages of one claim (lmb.notifications.dispatch): conditional
UPDATEs that match a row only while it is still the claim's."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, literal, null, text, update
from sqlalchemy.exc import DBAPIError

from lmb.core.models import utcnow
from lmb.notifications.models import MessageStatus, OutboundMessage

log = logging.getLogger("lmb.notifications.dispatch")


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
        # Messages taken (their attempt counted) and not yet recorded or handed back.
        self.held: set[int] = set()

    # Built once: the statements are the same for every message, only the values differ.
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

    def take(self, message: Outgoing, now: datetime) -> bool:
        """Count the attempt and renew the lease; False when the message is no longer ours."""
        return message.id in self.record_group([], [message], now)[1]

    def _record(self, statement, message_id: int, **values) -> bool:
        self.held.discard(message_id)
        values = {"token": self.token, "message_pk": message_id, **values}
        return self.connection.execute(statement, values).rowcount == 1

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
        return self.connection.execute(
            update(OutboundMessage)
            .where(
                OutboundMessage.claim_token == self.token,
                OutboundMessage.status == MessageStatus.sending,
            )
            .values(**values)
        ).rowcount

    def close(self) -> None:
        if self.asynchronous:
            with contextlib.suppress(DBAPIError):
                self.connection.execute(text("RESET synchronous_commit"))
        self.connection.close()
