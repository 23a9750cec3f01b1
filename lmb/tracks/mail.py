"""Mail of the tracks domain: theme news (at once to those who want it now; the weekly digest
is a reminder rule, tracks.reminders) and the opening of a track's registration. The tracks
are the themes people subscribe to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lmb import events
from lmb.accounts.models import User
from lmb.core.database import insert_ignoring_conflicts
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.models import Frequency, NewsItem
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.notifications.subscriptions import ThemeSource, subscriptions, theme_sources
from lmb.tracks.models import Track, TrackInterest


def _theme_titles(ids: list[int]) -> dict[int, str]:
    return dict(db.session.execute(select(Track.id, Track.title).where(Track.id.in_(ids))).all())


def _all_tracks():
    from lmb.tracks.services import all_tracks

    return all_tracks()


theme_sources.add(
    ThemeSource(
        choices=_all_tracks,
        get=lambda track_id: db.session.get(Track, track_id),
        titles=_theme_titles,
    ),
    key="tracks",
)


# Theme news: immediately to those who want it now; weekly digests pick it up from NewsItem.


@events.theme_news.connect
def tell_theme_news(track, key: str, title: str, summary: str, url: str, **_):
    written = db.session.execute(
        insert_ignoring_conflicts(NewsItem, "key").returning(NewsItem.id),
        [
            {
                "key": key,
                "track_id": track.id,
                "title": title,
                "summary": summary,
                "url": url,
                "created_at": utcnow(),
            }
        ],
    ).all()
    if not written:
        return
    item = {"title": title, "summary": summary, "url": url}
    enqueue_many(
        [
            Draft(
                key=f"news:{key}:user:{user.id}",
                kind="news/item",
                template="tracks/mail/news/item",
                recipient=user,
                subject=_l("News in %(theme)s: %(title)s", theme=track.title, title=title),
                context={"track": track, "item": item},
                unsubscribe_scope=f"track:{track.id}",
            )
            for user in (s.user for s in subscriptions([track.id], Frequency.immediately))
        ]
    )


@events.track_opened.connect
def announce_open_registration(track, **_):
    url = absolute_url("tracks.track", slug=track.slug)
    opened = track.registration_opens_at.isoformat() if track.registration_opens_at else "now"
    # Those who asked to be told hear it whether or not they follow the theme.
    interested = db.session.scalars(
        select(User)
        .join(TrackInterest, TrackInterest.user_id == User.id)
        .where(TrackInterest.track_id == track.id, User.active.is_(True))
    ).all()
    enqueue_many(
        [
            Draft(
                key=f"registration-open:{track.id}:{opened}:user:{user.id}",
                kind="news/registration_open",
                template="tracks/mail/news/registration_open",
                recipient=user,
                subject=_l("Registration for %(title)s is open", title=track.title),
                context={"track": track, "track_url": url},
            )
            for user in interested
        ]
    )
    events.theme_news.send(
        track,
        key=f"track-opened:{track.id}:{opened}",
        title=track.title,
        summary=track.summary,
        url=url,
    )


# A place on the waiting list: the person hears which place they hold (issue 16).


@events.registration_waitlisted.connect
def tell_waiting_list_place(registration, **_):
    track, user = registration.track, registration.user
    enqueue_many(
        [
            Draft(
                key=f"waitlisted:{registration.id}",
                kind="registration/waitlisted",
                template="tracks/mail/registration/waitlisted",
                recipient=user,
                subject=_l(
                    "You are number %(n)s on the waiting list for %(title)s",
                    n=registration.waitlist_position,
                    title=track.title,
                ),
                context={
                    "track": track,
                    "position": registration.waitlist_position,
                    "moderated": track.moderated,
                    "track_url": absolute_url("tracks.track", slug=track.slug),
                },
            )
        ]
    )
