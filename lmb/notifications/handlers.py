"""Receivers that turn domain events into outbox messages, in the sender's transaction.

Importing this module also registers the reminder rules (lmb.notifications.reminders), the
calendar invites (lmb.notifications.invites) and the partnerships' mail and session audiences
(lmb.notifications.partnerships).
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

import lmb.notifications.membership_mail  # noqa: F401  (membership request mail)
import lmb.notifications.partnerships  # noqa: F401  (partnership mail and session audiences)
from lmb import events
from lmb.accounts import privacy
from lmb.accounts.models import User
from lmb.accounts.privacy import Handling, erased_address
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


# Mail with a link that anyone can make us send to an account by typing its address (reset;
# the verification link again, also sent when an unverified account logs in): at most this
# many of a kind an hour per account, so that the limit per client address is not the
# owner's only protection. A person who asks again still gets a fresh link; a double click
# (the same link, within one second) is one mail by its key.
ACCOUNT_LINKS_PER_HOUR = 3


def _may_send_another(user, kind: str) -> bool:
    written = db.session.scalar(
        select(func.count())
        .select_from(OutboundMessage)
        .where(
            OutboundMessage.recipient_user_id == user.id,
            OutboundMessage.kind == kind,
            OutboundMessage.created_at >= utcnow() - timedelta(hours=1),
        )
    )
    return written < ACCOUNT_LINKS_PER_HOUR


@events.user_registered.connect
@events.verification_requested.connect
def send_verification_link(user, verify_url: str, **_):
    if not _may_send_another(user, "account/verify"):
        return
    enqueue(
        key=f"account:verify:user:{user.id}:{_link_digest(verify_url)}",
        kind="account/verify",
        recipient=user,
        subject=_l("Confirm your e-mail address for LMB Leertrajecten"),
        context={"verify_url": verify_url},
    )


@events.password_reset_requested.connect
def send_reset_link(user, reset_url: str, **_):
    if not _may_send_another(user, "account/reset"):
        return
    enqueue(
        key=f"account:reset:user:{user.id}:{_link_digest(reset_url)}",
        kind="account/reset",
        recipient=user,
        subject=_l("Reset your password for LMB Leertrajecten"),
        context={"reset_url": reset_url},
    )


@dataclass(frozen=True)
class _Address:
    """A recipient without an account: only an address and a language."""

    email: str
    locale: str
    id: None = None
    name: str = ""


def _hour() -> str:
    return utcnow().strftime("%Y%m%d%H")


@events.password_reset_unknown.connect
def send_no_account_notice(email, locale: str, **_):
    # At most one an hour per address, so the form cannot be used to flood someone's inbox.
    enqueue(
        key=f"account:reset-unknown:{_link_digest(email)}:{_hour()}",
        kind="account/reset_unknown",
        recipient=_Address(email=email, locale=locale, name=email),
        subject=_l("Reset your password for LMB Leertrajecten"),
        context={
            "signup_url": absolute_url("accounts.signup"),
            "reset_url": absolute_url("accounts.request_reset"),
        },
    )


@events.sign_up_attempted.connect
def send_sign_up_attempt_notice(user, **_):
    enqueue(
        key=f"account:signup-attempt:user:{user.id}:{_hour()}",
        kind="account/signup_attempt",
        recipient=user,
        subject=_l("Someone tried to sign up with your address on LMB Leertrajecten"),
        context={
            "login_url": absolute_url("accounts.login"),
            "reset_url": absolute_url("accounts.request_reset"),
        },
    )


@events.password_changed.connect
def send_password_changed_notice(user, revoked_tokens: int = 0, **_):
    enqueue(
        key=f"account:password-changed:user:{user.id}:v{user.auth_version}",
        kind="account/password_changed",
        recipient=user,
        subject=_l("Your password for LMB Leertrajecten was changed"),
        context={
            "revoked_tokens": revoked_tokens,
            "agenda_url": absolute_url("tracks.agenda"),
            "tokens_url": absolute_url("accounts.tokens"),
            "reset_url": absolute_url("accounts.request_reset"),
        },
    )


@events.account_locked.connect
def send_lockout_notice(user, locked_until, **_):
    enqueue(
        # One notice an hour at most, however many addresses a stranger tries from.
        key=f"account:locked:user:{user.id}:{_hour()}",
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

personal = privacy.register(
    "notifications",
    _l("Mail and subscriptions"),
    on_erasure=_l(
        "Your themes and your choice about reminders are removed; mail that waits for you is "
        "not sent; of the mail sent to you only the subject and date stay, and your name and "
        "address are taken out of mail to others."
    ),
    covers={
        "outbound_messages.recipient_user_id": Handling.kept,
        "subscriptions.user_id": Handling.deleted,
        "reminder_opt_outs.user_id": Handling.deleted,
    },
    # After the domains: mail their erasure caused is handled too.
    order=100,
)


def _mail_to(user_id: int, email: str):
    """Mail to the person: to their account, or to their address before it had one (a reset
    asked for an unknown address) or while it was another's."""
    return or_(
        OutboundMessage.recipient_user_id == user_id,
        func.lower(OutboundMessage.recipient_email) == email.lower(),
    )


@personal.exporter
def notification_data(user) -> dict:
    subscriptions = db.session.execute(
        select(Track.title, Subscription.frequency)
        .join(Track, Track.id == Subscription.track_id)
        .where(Subscription.user_id == user.id)
    )
    messages = db.session.scalars(
        select(OutboundMessage)
        .where(_mail_to(user.id, user.email))
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
                "to": m.recipient_email,
                "subject": m.subject,
                "status": m.status.name,
                "created_at": m.created_at.isoformat(),
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in messages
        ],
    }


MESSAGE_TEXTS = ("subject", "body_text", "body_html", "ical", "last_error")


@personal.eraser
def forget_mail_of(erasure) -> None:
    user_id = erasure.user.id
    db.session.execute(delete(Subscription).where(Subscription.user_id == user_id))
    db.session.execute(delete(ReminderOptOut).where(ReminderOptOut.user_id == user_id))
    mine = _mail_to(user_id, erasure.email)
    waiting = [MessageStatus.pending, MessageStatus.sending]
    db.session.execute(
        delete(OutboundMessage)
        .where(mine, OutboundMessage.status.in_(waiting))
        .execution_options(synchronize_session=False)
    )
    sent = db.session.execute(
        select(OutboundMessage.id, OutboundMessage.subject, OutboundMessage.last_error).where(mine)
    ).all()
    for message_id, subject, last_error in sent:
        db.session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == message_id)
            .values(
                recipient_user_id=user_id,
                recipient_email=erased_address(user_id),
                subject=privacy.scrub(subject, erasure),
                body_text="",
                body_html="",
                ical=None,
                last_error=privacy.scrub(last_error, erasure),
            )
            .execution_options(synchronize_session=False)
        )
    _forget_mentions(erasure)


def _forget_mentions(erasure) -> None:
    """Mail to others that names the person: mail that waits keeps its text without the
    name and address; of mail already sent only the subject stays, without them."""
    pattern = privacy.mention_pattern(erasure, whole_words=True)
    if pattern is None:
        return
    needles = privacy.mention_needles(erasure)
    columns = [getattr(OutboundMessage, name) for name in MESSAGE_TEXTS]
    candidates = db.session.execute(
        select(OutboundMessage.id, OutboundMessage.status, *columns).where(
            OutboundMessage.recipient_user_id.is_distinct_from(erasure.user.id),
            or_(*[func.lower(c).contains(n, autoescape=True) for c in columns for n in needles]),
        )
    ).all()
    for message_id, status, *texts in candidates:
        values = dict(zip(MESSAGE_TEXTS, texts, strict=True))
        if not any(text and pattern.search(text) for text in values.values()):
            continue
        scrubbed = {
            name: privacy.scrub(text, erasure, whole_words=True) for name, text in values.items()
        }
        if status not in (MessageStatus.pending, MessageStatus.sending):
            scrubbed.update(body_text="", body_html="", ical=None)
        db.session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.id == message_id)
            .values(**scrubbed)
            .execution_options(synchronize_session=False)
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
