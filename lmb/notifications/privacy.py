"""What the outbox and the subscriptions hold about a person, for the data download, and
erasing it.

The accounts domain registers this part of its privacy registry (lmb.accounts.outbox_privacy),
since the mail infrastructure imports no domain: `forget_mail_of` gets the erasure under way
and the privacy module whose helpers (`scrub`, `mention_pattern`, ...) it uses.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update

from lmb.extensions import db
from lmb.notifications.models import MessageStatus, OutboundMessage, ReminderOptOut, Subscription
from lmb.notifications.subscriptions import theme_titles

KEY = "notifications"
TITLE = _l("Mail and subscriptions")
ON_ERASURE = _l(
    "Your themes and your choice about reminders are removed; mail that waits for you is "
    "not sent; of the mail sent to you only the subject and date stay, and your name and "
    "address are taken out of mail to others."
)
# "table.column" -> how erasure treats it (the names of lmb.accounts.privacy.Handling).
COVERS = {
    "outbound_messages.recipient_user_id": "kept",
    "subscriptions.user_id": "deleted",
    "reminder_opt_outs.user_id": "deleted",
}
# After the domains: mail their erasure caused is handled too.
ORDER = 100


def _mail_to(user_id: int, email: str):
    """Mail to the person: to their account, or to their address before it had one (a reset
    asked for an unknown address) or while it was another's."""
    return or_(
        OutboundMessage.recipient_user_id == user_id,
        func.lower(OutboundMessage.recipient_email) == email.lower(),
    )


def notification_data(user) -> dict:
    chosen = db.session.execute(
        select(Subscription.theme, Subscription.frequency).where(Subscription.user_id == user.id)
    ).all()
    titles = theme_titles([theme for theme, _ in chosen])
    subscriptions = [(titles[theme], frequency) for theme, frequency in chosen if theme in titles]
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


def forget_mail_of(erasure, privacy) -> None:
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
                recipient_email=privacy.erased_address(user_id),
                subject=privacy.scrub(subject, erasure),
                body_text="",
                body_html="",
                ical=None,
                last_error=privacy.scrub(last_error, erasure),
            )
            .execution_options(synchronize_session=False)
        )
    _forget_mentions(erasure, privacy)


def _forget_mentions(erasure, privacy) -> None:
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
