"""Mail of the tracks domain: theme news (at once to those who want it now; the weekly digest
is a reminder rule, tracks.reminders), the opening of a track's registration and a place on a
waiting list. Tracks and programmes are themes people follow (calls: lmb.partnerships.mail)."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lmb import events
from lmb.accounts.models import User
from lmb.core.database import insert_ignoring_conflicts
from lmb.core.i18n import InReaderLanguage
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.models import Frequency, NewsItem, NewsText
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.notifications.subscriptions import ThemeSource, subscriptions, theme_sources
from lmb.tracks.models import Programme, Track, TrackInterest


def _ids(ids: list[str]) -> list[int]:
    return [int(i) for i in ids if str(i).isdigit()]


def _track_choices() -> list[tuple[str, str]]:
    from lmb.tracks.services import all_tracks

    return [(str(t.id), t.title) for t in all_tracks()]


def _track_titles(ids: list[str]) -> dict[str, str]:
    rows = db.session.execute(select(Track.id, Track.title).where(Track.id.in_(_ids(ids))))
    return {str(id_): title for id_, title in rows}


def _programme_choices() -> list[tuple[str, str]]:
    from lmb.tracks.services import programmes

    return [(str(p.id), p.title) for p in programmes()]


def _programme_titles(ids: list[str]) -> dict[str, str]:
    rows = db.session.execute(
        select(Programme.id, Programme.title).where(Programme.id.in_(_ids(ids)))
    )
    return {str(id_): title for id_, title in rows}


theme_sources.add(
    ThemeSource(
        kind="track",
        heading=_l("Learning tracks"),
        choices=_track_choices,
        titles=_track_titles,
    ),
    key="tracks",
)
theme_sources.add(
    ThemeSource(
        kind="programme",
        heading=_l("Programmes"),
        choices=_programme_choices,
        titles=_programme_titles,
    ),
    key="programmes",
)


def tell_news(
    theme: str,
    theme_title,
    *,
    key: str,
    title: str,
    summary: str,
    url: str,
    title_en: str = "",
    summary_en: str = "",
    title_fr: str = "",
    summary_fr: str = "",
) -> bool:
    """News in a theme ("track:3", "programme:1", "calls:partnerships"): kept for the weekly
    digests and Mijn overzicht, and mailed at once to those who want it now. Told once per
    `key`; False when it was told before. `title_en`, `title_fr` and their summaries: the same
    in English and French, for news of content that has them; each recipient reads their own
    language (NewsItem.shown_title), and so does `theme_title` (InReaderLanguage or lazy)."""
    kind, _sep, id_ = theme.partition(":")
    written = db.session.execute(
        insert_ignoring_conflicts(NewsItem, "key").returning(NewsItem.id),
        [
            {
                "key": key,
                "theme": theme,
                "track_id": int(id_) if kind == "track" else None,
                "title": title,
                "summary": summary,
                "title_en": title_en,
                "summary_en": summary_en,
                "title_fr": title_fr,
                "summary_fr": summary_fr,
                "url": url,
                "created_at": utcnow(),
            }
        ],
    ).all()
    if not written:
        return False
    # Not stored: the mail's texts, read in each recipient's language.
    item = NewsText(
        title=title,
        summary=summary,
        title_en=title_en,
        summary_en=summary_en,
        title_fr=title_fr,
        summary_fr=summary_fr,
        url=url,
    )

    def subject() -> str:
        return gettext("News in %(theme)s: %(title)s", theme=theme_title, title=item.shown_title)

    enqueue_many(
        [
            Draft(
                key=f"news:{key}:user:{user.id}",
                kind="news/item",
                template="tracks/mail/news/item",
                recipient=user,
                subject=subject,
                context={"theme": theme_title, "item": item},
                unsubscribe_scope=theme,
            )
            for user in (s.user for s in subscriptions([theme], Frequency.immediately))
        ]
    )
    return True


# Theme news of a track: immediately to those who want it now; weekly digests pick it up.


@events.theme_news.connect
def tell_theme_news(track, key: str, title: str, summary: str, url: str, **translations):
    """`translations`: title_en, summary_en, title_fr, summary_fr when the news has them."""
    known = ("title_en", "summary_en", "title_fr", "summary_fr")
    tell_news(
        f"track:{track.id}",
        InReaderLanguage(lambda: track.shown_title),
        key=key,
        title=title,
        summary=summary,
        url=url,
        **{name: translations[name] for name in known if translations.get(name)},
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

    def opened_subject() -> str:
        return gettext("Registration for %(title)s is open", title=track.shown_title)

    enqueue_many(
        [
            Draft(
                key=f"registration-open:{track.id}:{opened}:user:{user.id}",
                kind="news/registration_open",
                template="tracks/mail/news/registration_open",
                recipient=user,
                subject=opened_subject,
                context={"track": track, "track_url": url},
            )
            for user in interested
        ]
    )
    # The track's English beside its Dutch: each follower reads the news in their language.
    english = {"title_en": track.title_en, "summary_en": track.summary_en}
    events.theme_news.send(
        track,
        key=f"track-opened:{track.id}:{opened}",
        title=track.title,
        summary=track.summary,
        url=url,
        **english,
    )
    # Those who follow the track's programme hear it too.
    programme = track.programme
    tell_news(
        f"programme:{programme.id}",
        InReaderLanguage(lambda: programme.shown_title),
        key=f"track-opened:{track.id}:{opened}:programme:{programme.id}",
        title=track.title,
        summary=track.summary,
        url=url,
        **english,
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
                subject=lambda: gettext(
                    "You are number %(n)s on the waiting list for %(title)s",
                    n=registration.waitlist_position,
                    title=track.shown_title,
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
