"""Reminders of the tracks' own: their sessions (at the track's offsets), registration closes in 3 days (for people who asked to be
told and have not registered), and the weekly digest of theme news."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, select

from lmb.accounts.models import User
from lmb.core.timezones import local_datetime, to_local
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications.currency import versions
from lmb.notifications.models import Frequency, NewsItem, ReminderOptOut
from lmb.notifications.outbox import Draft
from lmb.notifications.subscriptions import subscriptions
from lmb.notifications.sweep import Recipient, due_offset, horizon, reminder_rules
from lmb.scheduling.ics import parse_offset
from lmb.scheduling.models import DEFAULT_REMINDER_OFFSETS, Session, SessionStatus
from lmb.scheduling.reminders import RECIPIENT_COLUMNS, session_reminders
from lmb.tracks.models import (
    Registration,
    RegistrationStatus,
    Track,
    TrackInterest,
    TrackStatus,
)

REGISTRATION_CLOSING_NOTICE = timedelta(days=3)
# Weekly digests go out on Monday from this hour (Europe/Brussels) for the week before.
DIGEST_HOUR = time(8)


# A track's sessions: at the track's offsets (7 days, 1 day), to its confirmed participants


def track_offsets(track: Track) -> list[tuple[str, timedelta]]:
    """The track's reminder offsets, largest first; unreadable entries are skipped."""
    offsets = []
    for value in track.reminder_offsets or DEFAULT_REMINDER_OFFSETS:
        try:
            offsets.append((value, parse_offset(value)))
        except ValueError:
            continue
    return sorted(offsets, key=lambda item: item[1], reverse=True)


@reminder_rules
def upcoming_sessions(now: datetime) -> list[Draft]:
    """Each confirmed participant's reminders of their track's sessions, due in their own
    zone (an offset with a clock time, "P1D@09:00", is 9:00 where the participant lives)."""
    tracks = {t.id: t for t in db.session.scalars(select(Track))}
    horizons = [horizon(delta, name) for t in tracks.values() for name, delta in track_offsets(t)]
    if not horizons:
        return []
    sessions = db.session.scalars(
        select(Session).where(
            Session.track_id.is_not(None),
            Session.status == SessionStatus.scheduled,
            Session.starts_at > now,
            Session.starts_at <= now + max(horizons),
        )
    ).all()
    # Only sessions with a reminder that may be due somewhere on earth: their participants
    # are looked up, each then at their own zone.
    sessions = [
        session
        for session in sessions
        if any(
            session.starts_at - horizon(delta, name) <= now
            for name, delta in track_offsets(tracks[session.track_id])
        )
    ]
    if not sessions:
        return []
    participants = defaultdict(list)
    # Plain rows, not ORM objects: a sweep may concern 100,000 people.
    for track_id, *recipient in db.session.execute(
        select(Registration.track_id, *RECIPIENT_COLUMNS)
        .join(User, User.id == Registration.user_id)
        .where(
            Registration.track_id.in_({s.track_id for s in sessions}),
            Registration.status == RegistrationStatus.confirmed,
            User.active.is_(True),
            ~exists().where(ReminderOptOut.user_id == User.id),
        )
    ):
        participants[track_id].append(Recipient(*recipient))
    drafts = []
    for session in sessions:
        track = tracks[session.track_id]
        offsets = track_offsets(track)
        context = {
            "session": session,
            "track": track,
            "track_url": absolute_url("tracks.track", slug=track.slug),
        }
        by_offset = defaultdict(list)
        for person in participants[session.track_id]:
            offset = due_offset(session.starts_at, offsets, now, person.time_zone)
            if offset:
                by_offset[offset[0]].append(person)
        for offset, people in by_offset.items():
            drafts += session_reminders(session, people, offset, context)
    return drafts


# Registration closing in 3 days: for people who asked to be told and have not registered


@versions.under("registration")
def registration_versions(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(
        select(Track.id, Track.registration_closes_at).where(
            Track.id.in_(ids), Track.status == TrackStatus.open
        )
    )
    return {
        track_id: f"closes:{closes_at.isoformat()}" for track_id, closes_at in rows if closes_at
    }


@reminder_rules
def registration_closing(now: datetime) -> list[Draft]:
    tracks = db.session.scalars(
        select(Track).where(
            Track.status == TrackStatus.open,
            Track.registration_closes_at > now,
            Track.registration_closes_at <= now + REGISTRATION_CLOSING_NOTICE,
        )
    ).all()
    drafts = []
    for track in tracks:
        registered = exists().where(
            Registration.track_id == track.id,
            Registration.user_id == TrackInterest.user_id,
            Registration.status != RegistrationStatus.cancelled,
        )
        people = db.session.scalars(
            select(User)
            .join(TrackInterest, and_(TrackInterest.user_id == User.id))
            .where(
                TrackInterest.track_id == track.id,
                ~registered,
                User.active.is_(True),
                ~exists().where(ReminderOptOut.user_id == User.id),
            )
        ).all()
        version = f"closes:{track.registration_closes_at.isoformat()}"
        context = {"track": track, "track_url": absolute_url("tracks.track", slug=track.slug)}

        def closing_subject(track=track) -> str:
            # In each recipient's language: the track's English title for English readers.
            return gettext("Registration for %(title)s closes soon", title=track.shown_title)

        for user in people:
            drafts.append(
                Draft(
                    key=f"reminder:registration:{track.id}:{version}:user:{user.id}",
                    kind="reminder/registration_closing",
                    template="tracks/mail/reminder/registration_closing",
                    recipient=user,
                    subject=closing_subject,
                    context=context,
                    about=f"registration:{track.id}",
                    about_version=version,
                    unsubscribe_scope="reminders",
                )
            )
    return drafts


# Weekly digest of theme news


def digest_week(now: datetime) -> tuple[datetime, datetime, str] | None:
    """The week a digest at `now` covers: Monday to Monday (local), once Monday 8:00 passed."""
    local = to_local(now)
    monday = (local - timedelta(days=local.weekday())).date()
    if local < local_datetime(monday, DIGEST_HOUR):
        return None
    start = local_datetime(monday - timedelta(days=7), time(0))
    year, week, _ = start.isocalendar()
    return start, local_datetime(monday, time(0)), f"{year}-W{week:02d}"


@reminder_rules
def weekly_digest(now: datetime) -> list[Draft]:
    week = digest_week(now)
    if week is None:
        return []
    start, end, label = week
    news = db.session.scalars(
        select(NewsItem)
        .where(NewsItem.created_at >= start, NewsItem.created_at < end)
        .order_by(NewsItem.created_at)
    ).all()
    if not news:
        return []
    by_theme = defaultdict(list)
    for item in news:
        by_theme[item.theme].append(item)
    items_for: dict[int, list[NewsItem]] = defaultdict(list)
    readers: dict[int, User] = {}
    for subscription in subscriptions(list(by_theme), Frequency.weekly):
        items_for[subscription.user_id].extend(by_theme[subscription.theme])
        readers[subscription.user_id] = subscription.user
    return [
        Draft(
            key=f"digest:user:{user_id}:week:{label}",
            kind="news/digest",
            template="tracks/mail/news/digest",
            recipient=readers[user_id],
            subject=_l("LMB Leertrajecten: news of the week"),
            context={"items": sorted(items, key=lambda i: i.created_at), "week": label},
            unsubscribe_scope="all",
        )
        for user_id, items in items_for.items()
    ]
