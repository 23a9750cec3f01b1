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
    """One kind of theme people may follow: a domain adds one with `theme_sources.add(...)`
    (tracks: its tracks and programmes; partnerships: the calls), so that the themes page, the
    news and the data download name them without notifications knowing the domains.

    A theme is named "<kind>:<id>", e.g. "track:3", "programme:1", "calls:partnerships"."""

    kind: str
    # What the themes page calls this kind of theme ("Learning tracks", "Calls").
    heading: object
    # Every theme of this kind a person may choose, in the order shown: (id, title).
    choices: Callable[[], list[tuple[str, str]]]
    # {id: title} of these themes (those that exist).
    titles: Callable[[list[str]], dict[str, str]]
    # Whether the titles are content (in the content's language: tracks, programmes) rather
    # than interface text in the reader's language (the calls).
    content: bool = True


theme_sources: Registry[ThemeSource] = Registry("theme sources")


def theme_key(kind: str, id_: object) -> str:
    return f"{kind}:{id_}"


def _sources() -> dict[str, ThemeSource]:
    return {source.kind: source for source in theme_sources}


def theme_groups() -> list[tuple[ThemeSource, list[tuple[str, str]]]]:
    """Each kind of theme with its choices as (theme key, title), in the order added."""
    return [
        (source, [(theme_key(source.kind, id_), title) for id_, title in source.choices()])
        for source in theme_sources
    ]


def theme_titles(keys: list[str]) -> dict[str, str]:
    """{theme key: title} of the themes that exist among these."""
    by_kind: dict[str, list[str]] = {}
    for key in keys:
        kind, _sep, id_ = key.partition(":")
        by_kind.setdefault(kind, []).append(id_)
    sources = _sources()
    titles = {}
    for kind, ids in by_kind.items():
        if kind in sources:
            for id_, title in sources[kind].titles(ids).items():
                titles[theme_key(kind, id_)] = title
    return titles


def theme_title(key: str) -> str | None:
    return theme_titles([key]).get(key)


def unsubscribe(user_id: int, scope: str) -> int:
    """Stop the news of one theme ("track:3", "calls:partnerships"), of all ("all"), or
    reminders ("reminders")."""
    if scope == "reminders":
        set_reminders(user_id, wanted=False)
        return 1
    statement = delete(Subscription).where(Subscription.user_id == user_id)
    if scope.partition(":")[0] in _sources() and scope.partition(":")[2]:
        statement = statement.where(Subscription.theme == scope)
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


def _keys(themes: list) -> list[str]:
    """Theme keys; a bare number stands for a track ("track:<id>")."""
    return [theme_key("track", t) if isinstance(t, int) else t for t in themes]


def set_subscriptions(user, themes: list, frequency: Frequency) -> None:
    """A person's themes: exactly these (theme keys, or track ids), all at one frequency."""
    wanted = set(_keys(themes))
    current = {
        s.theme: s
        for s in db.session.scalars(select(Subscription).where(Subscription.user_id == user.id))
    }
    for theme, subscription in current.items():
        if theme not in wanted:
            db.session.delete(subscription)
        else:
            subscription.frequency = frequency
    for theme in wanted - current.keys():
        kind, _sep, id_ = theme.partition(":")
        track_id = int(id_) if kind == "track" and id_.isdigit() else None
        db.session.add(
            Subscription(user_id=user.id, theme=theme, track_id=track_id, frequency=frequency)
        )
    db.session.flush()


def subscriptions_of(user) -> list[Subscription]:
    return list(db.session.scalars(select(Subscription).where(Subscription.user_id == user.id)))


def subscriptions(themes: list, frequency: Frequency) -> list[Subscription]:
    """The subscriptions of active people to these themes (keys, or track ids) at this
    frequency, with the people."""
    return [
        subscription
        for subscription in db.session.scalars(
            select(Subscription)
            .where(Subscription.theme.in_(_keys(themes)), Subscription.frequency == frequency)
            .options(selectinload(Subscription.user))
        )
        if subscription.user.active
    ]


def subscriber_count(track_id: int) -> int:
    """How many people follow a track's news (what publishing in it tells), in one statement."""
    return follower_count(theme_key("track", track_id))


def follower_count(theme: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Subscription).where(Subscription.theme == theme)
    )


def news_for(user, limit: int = 5) -> list[NewsItem]:
    """The latest news of the themes the person follows, newest first (one statement)."""
    return list(
        db.session.scalars(
            select(NewsItem)
            .join(
                Subscription,
                (Subscription.theme == NewsItem.theme) & (Subscription.user_id == user.id),
            )
            .order_by(NewsItem.created_at.desc(), NewsItem.id.desc())
            .limit(limit)
        )
    )
