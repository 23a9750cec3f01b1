"""Subscriptions ("Kies hieronder uw thema"): the themes whose news a person wants and how
often, reminders on or off, and one-click unsubscribe."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from lmb.core.contributions import Registry
from lmb.core.errors import ServiceError
from lmb.extensions import db
from lmb.notifications.models import Frequency, NewsItem, ReminderOptOut, Subscription


@dataclass(frozen=True)
class ThemeSource:
    """What a theme is: the domain that owns themes (tracks) adds one with
    `theme_sources.add(...)`, so that the themes page and the data download name them."""

    # Every theme a person may choose, in the order shown: objects with `id` and `title`.
    choices: Callable[[], list]
    # One theme by id, or None.
    get: Callable[[int], object | None]
    # {id: title} of these themes.
    titles: Callable[[list[int]], dict[int, str]]


theme_sources: Registry[ThemeSource] = Registry("theme sources")


def themes() -> ThemeSource:
    return next(iter(theme_sources))


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


def subscriber_count(track_id: int) -> int:
    """How many people follow a theme's news (what publishing in it tells), in one statement."""
    return db.session.scalar(
        select(func.count()).select_from(Subscription).where(Subscription.track_id == track_id)
    )


def news_for(user, limit: int = 5) -> list[NewsItem]:
    """The latest news of the themes the person follows, newest first (one statement)."""
    return list(
        db.session.scalars(
            select(NewsItem)
            .join(
                Subscription,
                (Subscription.track_id == NewsItem.track_id) & (Subscription.user_id == user.id),
            )
            .order_by(NewsItem.created_at.desc(), NewsItem.id.desc())
            .limit(limit)
        )
    )
