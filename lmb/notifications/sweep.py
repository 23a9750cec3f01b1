"""The reminder engine, swept from the database: which reminders are due at a given moment.

A rule is a function of `now` returning Drafts; its idempotency keys name the reminder, the
recipient and the version of what it is about, so a second sweep finds them already written
and a moved session gets new keys. The domains that own the reminders add their rules with
`@reminder_rules` (lmb.scheduling.reminders, lmb.tracks.reminders, lmb.peer_review.mail).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from lmb.core.contributions import Registry
from lmb.extensions import db
from lmb.notifications.outbox import Draft, enqueue_many

reminder_rules: Registry[Callable[[datetime], list[Draft]]] = Registry("reminder rules")


class Recipient(NamedTuple):
    """What a message needs of its recipient."""

    id: int
    email: str
    name: str
    locale: str


def sweep(now: datetime) -> int:
    """Write every reminder due at `now` into the outbox; return how many are new."""
    written = sum(enqueue_many(rule(now)) for rule in reminder_rules)
    db.session.flush()
    return written


def due_offset(starts_at: datetime, offsets: list[tuple[str, timedelta]], now: datetime):
    """The closest reminder moment that has passed: a person who registers the day before
    gets "tomorrow", not also "in 7 days"."""
    passed = [(name, delta) for name, delta in offsets if starts_at - delta <= now]
    return min(passed, key=lambda item: item[1]) if passed else None
