"""Receivers that turn domain events into outbox messages, in the sender's transaction.

Importing this module also registers the reminder rules (lmb.notifications.reminders), the
calendar invites (lmb.notifications.invites) and the partnerships' mail and session audiences
(lmb.notifications.partnerships).
"""

import hashlib

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

import lmb.notifications.membership_mail  # noqa: F401  (membership request mail)
import lmb.notifications.partnerships  # noqa: F401  (partnership mail and session audiences)
from lmb import events
from lmb.accounts.models import User
from lmb.accounts.privacy import erased_address, personal_data_section
from lmb.core.database import insert_ignoring_conflicts
from lmb.core.models import utcnow
from lmb.core.urls import absolute_url
from lmb.extensions import db
from lmb.notifications import invites, reminders, review_mail  # noqa: F401  (registers receivers and rules)
from lmb.notifications.models import (
    Frequency,
    MessageStatus,
    NewsItem,
    OutboundMessage,
    ReminderOptOut,
    Subscription,
)
from lmb.notifications.services import Draft, enqueue, enqueue_many, subscriptions
from lmb.tracks.models import Track, TrackInterest


def _link_digest(url: str) -> str:
    # Each link is its own message: a second request for a link sends a second mail.
    return hashlib.sha256(url.encode()).hexdigest()[:16]


@events.user_registered.connect
@events.verification_requested.connect
def send_verification_link(user, verify_url: str, **_):
    enqueue(
        key=f"account:verify:user:{user.id}:{_link_digest(verify_url)}",
        kind="account/verify",
        recipient=user,
        subject=_l("Confirm your e-mail address for LMB Leertrajecten"),
        context={"verify_url": verify_url},
    )


@events.password_reset_requested.connect
def send_reset_link(user, reset_url: str, **_):
    enqueue(
        key=f"account:reset:user:{user.id}:{_link_digest(reset_url)}",
        kind="account/reset",
        recipient=user,
        subject=_l("Reset your password for LMB Leertrajecten"),
        context={"reset_url": reset_url},
    )


@events.password_changed.connect
def send_password_changed_notice(user, **_):
    enqueue(
        key=f"account:password-changed:user:{user.id}:v{user.auth_version}",
        kind="account/password_changed",
        recipient=user,
        subject=_l("Your password for LMB Leertrajecten was changed"),
    )


@events.account_locked.connect
def send_lockout_notice(user, locked_until, **_):
    enqueue(
        key=f"account:locked:user:{user.id}:until:{locked_until.isoformat()}",
        kind="account/locked",
        recipient=user,
        subject=_l("Your LMB Leertrajecten account is temporarily locked"),
        context={"locked_until": locked_until},
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


# Privacy: what the outbox and the subscriptions hold about a person, and erasing it.


@personal_data_section("notifications", _l("Mail and subscriptions"))
def notification_data(user) -> dict:
    subscriptions = db.session.execute(
        select(Track.title, Subscription.frequency)
        .join(Track, Track.id == Subscription.track_id)
        .where(Subscription.user_id == user.id)
    )
    messages = db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.recipient_user_id == user.id)
        .order_by(OutboundMessage.created_at)
    )
    opted_out = db.session.get(ReminderOptOut, user.id) is not None
    return {
        "themes": [
            {"track": title, "frequency": frequency.name} for title, frequency in subscriptions
        ],
        "reminders_off": opted_out,
        "messages": [
            {
                "subject": m.subject,
                "status": m.status.name,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in messages
        ],
    }


@events.account_erasing.connect
def forget_mail_of(user, **_):
    db.session.execute(delete(Subscription).where(Subscription.user_id == user.id))
    db.session.execute(delete(ReminderOptOut).where(ReminderOptOut.user_id == user.id))
    mine = OutboundMessage.recipient_user_id == user.id
    db.session.execute(
        delete(OutboundMessage).where(
            mine, OutboundMessage.status.in_([MessageStatus.pending, MessageStatus.sending])
        )
    )
    db.session.execute(
        update(OutboundMessage)
        .where(mine)
        .values(recipient_email=erased_address(user.id), body_text="", body_html="", ical=None)
    )


@events.lesson_returned.connect
def tell_author_lesson_returned(lesson, comment: str, **_):
    if lesson.author is None or not lesson.author.active:
        return
    enqueue(
        key=f"lesson-returned:{lesson.id}:{_link_digest(comment)}:user:{lesson.author.id}",
        kind="lesson/returned",
        recipient=lesson.author,
        subject=_l("Your lesson %(title)s was sent back", title=lesson.title),
        context={
            "lesson_title": lesson.title,
            "track_title": lesson.track.title,
            "comment": comment,
            "lesson_url": absolute_url("toolkits.edit_lesson", lesson_id=lesson.id),
        },
    )


@events.lesson_submitted.connect
def tell_coordinators_lesson_submitted(lesson, **_):
    context = {
        "lesson_title": lesson.title,
        "track_title": lesson.track.title,
        "author_name": lesson.author.name if lesson.author else "",
        "moderate_url": absolute_url("toolkits.moderate", slug=lesson.track.slug),
    }
    submitted = lesson.submitted_at.isoformat() if lesson.submitted_at else "now"
    subject = _l("A lesson waits for your approval: %(title)s", title=lesson.title)
    enqueue_many(
        [
            Draft(
                key=f"lesson-submitted:{lesson.id}:{submitted}:user:{coordinator.id}",
                kind="lesson/submitted",
                recipient=coordinator,
                subject=subject,
                context=context,
            )
            for coordinator in lesson.track.coordinators
            if coordinator.active
        ]
    )
