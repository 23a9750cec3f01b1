"""Claiming the outbox: which messages are due, taken for one dispatcher at a time (a lease),
and what waits and why (lmb.notifications.dispatch sends what is claimed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import selectinload

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.mail import new_message_id
from lmb.notifications.models import MessageStatus, OutboundMessage

# A claimed message not marked sent within this time is claimable again (its sender died);
# LMB_OUTBOX_CLAIM_LEASE_SECONDS overrides it.
CLAIM_LEASE = timedelta(minutes=5)


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
