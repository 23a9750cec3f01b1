"""The reminder engine, swept from the database: which reminders are due at a given moment.

A rule is a function of `now` returning Drafts; its idempotency keys name the reminder, the
recipient and the version of what it is about, so a second sweep finds them already written
and a moved session gets new keys. The domains that own the reminders add their rules with
`@reminder_rules` (lmb.scheduling.reminders, lmb.tracks.reminders, lmb.peer_review.mail).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

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
    time_zone: str = "Europe/Brussels"


def sweep(now: datetime) -> int:
    """Write every reminder due at `now` into the outbox; return how many are new."""
    written = sum(enqueue_many(rule(now)) for rule in reminder_rules)
    db.session.flush()
    return written


def reminder_moment(
    starts_at: datetime, name: str, delta: timedelta, zone: str = "Europe/Brussels"
) -> datetime:
    """When the reminder `name` of something starting at `starts_at` is due: `delta` before
    it, or, for an offset with a clock time ("P1D@09:00"), at that time on the day so many
    days before, both days and time read in the recipient's `zone`."""
    if "@" not in name:
        return starts_at - delta
    local = ZoneInfo(zone)
    day = starts_at.astimezone(local).date() - timedelta(days=delta.days)
    return datetime.combine(day, time.fromisoformat(name.partition("@")[2]), tzinfo=local)


def horizon(delta: timedelta, name: str) -> timedelta:
    """How far ahead a sweep looks for this offset: a clock time in a zone far from UTC may
    fall up to two days earlier than the bare duration."""
    return delta + timedelta(days=2) if "@" in name else delta


def due_offset(
    starts_at: datetime,
    offsets: list[tuple[str, timedelta]],
    now: datetime,
    zone: str = "Europe/Brussels",
):
    """The closest reminder moment that has passed, in the recipient's zone: a person who
    registers the day before gets "tomorrow", not also "in 7 days"."""
    moments = [
        (reminder_moment(starts_at, name, delta, zone), (name, delta)) for name, delta in offsets
    ]
    passed = [(moment, offset) for moment, offset in moments if moment <= now]
    return max(passed, key=lambda item: item[0])[1] if passed else None
