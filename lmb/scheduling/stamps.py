"""The calendar feeds' version stamp: what a feed reader's If-None-Match is checked against.

A feed shows sessions, the titles of what they belong to (tracks, partnerships, the steering
group), who belongs where (registrations, memberships, contacts, organizations) and review
deadlines: data of half the domains. Rather than each domain telling scheduling which people's
feeds a change touches (and one forgotten path leaving a feed stale for good), every committed
transaction that changed a row of any table except those no feed ever shows moves one counter,
`FeedVersion`, just before its COMMIT. A feed's validator is that counter with what else the
bytes depend on (whose feed, the language, the day: see `feed_tag`), so an unchanged feed is
answered 304 after one lookup, without building it.

Wrong in the safe direction only: a change no feed shows may move the counter (the readers then
fetch an unchanged feed once more), a change a feed shows always does. The counter is updated as
the transaction's last statement, after its own flush, so its row lock is held only while the
transaction commits and never while it waits for another lock.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from lmb.core.models import utcnow
from lmb.core.timezones import local_zone
from lmb.extensions import db
from lmb.scheduling.models import FeedVersion

# Tables whose rows no feed shows, in any way: changing them leaves every feed as it was.
QUIET_TABLES = frozenset(
    {
        "api_tokens",
        "attendances",
        "audit_entries",
        "feed_versions",
        "lesson_attachments",
        "lesson_sdgs",
        "lesson_tags",
        "lesson_theme_lessons",
        "lesson_themes",
        "lessons",
        "login_throttles",
        "modalities",
        "news_items",
        "outbound_messages",
        "outcome_records",
        "reminder_opt_outs",
        "review_point_responses",
        "review_scores",
        "reviews",
        "subscriptions",
        "toolkit_item_lessons",
        "toolkit_items",
        "toolkit_versions",
        "toolkits",
        "track_interests",
        "user_sessions",
    }
)
# Columns of otherwise shown tables that no feed shows (a login, a new password); a feed
# address's own secret is part of its validator (`feed_tag`).
QUIET_COLUMNS = {
    "users": frozenset(
        {"last_login_at", "password_hash", "auth_version", "calendar_salt", "calendar_token_hash"}
    ),
}
# Raised by hand when what a feed writes changes for the same data (a new property).
FEED_FORMAT = "1"
_CHANGED = "lmb.feed_changed"


def _shows(instance) -> bool:
    table = getattr(instance, "__tablename__", None)
    if table in QUIET_TABLES:
        return False
    quiet = QUIET_COLUMNS.get(table)
    if quiet is None:
        return True
    state = inspect(instance)
    if state.pending or state.deleted or state.was_deleted:
        return True
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in quiet)


def _after_flush(session, _flush_context) -> None:
    if session.info.get(_CHANGED):
        return
    if (
        any(_shows(o) for o in session.new)
        or any(_shows(o) for o in session.deleted)
        or any(session.is_modified(o) and _shows(o) for o in session.dirty)
    ):
        session.info[_CHANGED] = True


def _on_execute(state) -> None:
    """Bulk INSERT, UPDATE and DELETE statements run through the session (no flush sees them)."""
    statement = state.statement
    if not getattr(statement, "is_dml", False):
        return
    table = getattr(getattr(statement, "table", None), "name", None)
    if table not in QUIET_TABLES:
        state.session.info[_CHANGED] = True


def _before_commit(session) -> None:
    session.flush()  # what is still pending is part of this commit
    if not session.info.get(_CHANGED):
        return
    connection = session.connection()
    table = FeedVersion.__table__
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[connection.dialect.name]
    now = utcnow()
    connection.execute(
        dialect.insert(table)
        .values(id=1, version=1, changed_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.id],
            set_={"version": table.c.version + 1, "changed_at": now},
        )
    )
    session.info.pop(_CHANGED, None)


def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)


def listen(session_factory) -> None:
    """Watch the changes of every session the factory makes (create_app: `db.session`)."""
    for name, listener in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _on_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)


def current() -> tuple[int, datetime | None]:
    """(version, when it last moved): (0, None) before any change."""
    row = db.session.execute(
        select(FeedVersion.version, FeedVersion.changed_at).where(FeedVersion.id == 1)
    ).first()
    return (row.version, row.changed_at) if row is not None else (0, None)


def feed_day(now: datetime, zone: ZoneInfo | None = None) -> datetime:
    """The start of the local (Belgian: the TIMEZONE setting) day of `now`, in `now`'s zone:
    what a feed shows depends on the data and the day only (a cancelled session stays to the
    end of its 30th day)."""
    zone = zone or local_zone()
    return datetime.combine(now.astimezone(zone).date(), time(0), zone).astimezone(now.tzinfo)


def feed_tag(scope: str, *, version: int, day: datetime, parts: tuple = ()) -> str:
    """The entity tag of one feed: whose or which feed (`scope`), the stamp's version, the day
    and whatever else its bytes depend on (`parts`: language, addresses from the settings)."""
    text = "\x1f".join((FEED_FORMAT, scope, str(version), day.isoformat(), *map(str, parts)))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


# HTTP dates count whole seconds: within this time of a move, a second change in the same
# second would carry the same Last-Modified, so none is given (the ETag still is).
SAME_SECOND = timedelta(seconds=2)


def last_modified(changed_at: datetime | None, day: datetime, now: datetime) -> datetime | None:
    """Last-Modified of a feed: the stamp's last move, or the day's start if later; None just
    after a move."""
    if changed_at is None:
        return day
    if now - changed_at < SAME_SECOND:
        return None
    return max(changed_at, day)
