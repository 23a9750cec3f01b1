"""Writing messages into the outbox: a Draft per recipient, rendered in their language and
with times in their zone, written in the caller's transaction; the idempotency key makes a second write a no-op."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from flask import current_app, render_template
from markupsafe import escape
from sqlalchemy import func, select

from lmb.core.database import insert_ignoring_conflicts
from lmb.core.i18n import BELGIUM, force_reader
from lmb.core.models import utcnow
from lmb.core.text import clean_single_line
from lmb.extensions import db
from lmb.notifications.currency import current_versions
from lmb.notifications.links import unsubscribe_link
from lmb.notifications.mail import new_message_id
from lmb.notifications.models import MessageStatus, OutboundMessage

KEY_CHUNK = 1000


@dataclass
class Draft:
    """A message to write: rendered in the recipient's language when it is enqueued.

    `subject` is a lazy string or a function of no arguments, evaluated in that language.
    `template` is where the body is, without extension: the domain that writes the message
    keeps its texts with its other templates (`<domain>/mail/<kind>`, `.txt` and `.html`);
    notifications only lends them the layout and footer in `notifications/mail/`.
    """

    key: str
    kind: str
    template: str
    recipient: object
    subject: object
    context: dict = field(default_factory=dict)
    # The calendar part: its text, or a function of no arguments that writes it in the
    # recipient's language (evaluated as `subject` is).
    ical: object = None
    ical_method: str | None = None
    unsubscribe_scope: str | None = None
    about: str | None = None
    about_version: str | None = None


def existing_keys(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        found.update(
            db.session.scalars(
                select(OutboundMessage.idempotency_key).where(
                    OutboundMessage.idempotency_key.in_(chunk)
                )
            )
        )
    return found


# Mail merge: a message's texts are rendered once per kind, language and shared context, with
# markers where the recipient's own name and unsubscribe link go; a sweep that writes a
# reminder to 1,000 participants of one session renders it once per language and zone among
# them (nl, en, fr; Brussels, Kigali...), not 1,000 times.
NAME_MARK = "\ue000name\ue000"
EMAIL_MARK = "\ue000email\ue000"
UNSUBSCRIBE_MARK = "\ue000unsubscribe\ue000"


@dataclass(frozen=True)
class _Placeholder:
    name: str = NAME_MARK
    email: str = EMAIL_MARK
    locale: str = "nl"
    time_zone: str = BELGIUM


def _render_shared(draft: Draft, locale: str, zone: str) -> tuple[str, str, str]:
    context = {
        **draft.context,
        "recipient": _Placeholder(locale=locale, time_zone=zone),
        "unsubscribe_url": UNSUBSCRIBE_MARK if draft.unsubscribe_scope else None,
    }
    subject = draft.subject() if callable(draft.subject) else draft.subject
    return (
        str(subject),
        render_template(f"{draft.template}.txt", **context),
        render_template(f"{draft.template}.html", **context),
    )


def _personalise(text: str, recipient, unsubscribe_url: str | None, html: bool) -> str:
    values = {
        NAME_MARK: recipient.name,
        EMAIL_MARK: recipient.email,
        UNSUBSCRIBE_MARK: unsubscribe_url or "",
    }
    for mark, value in values.items():
        text = text.replace(mark, str(escape(value)) if html else value)
    return text


def _row(draft: Draft, locale: str, shared: tuple[str, str, str], now: datetime) -> dict:
    recipient = draft.recipient
    subject, text, html = shared
    unsubscribe_url = (
        unsubscribe_link(recipient.id, draft.unsubscribe_scope) if draft.unsubscribe_scope else None
    )
    return {
        "idempotency_key": draft.key,
        "kind": draft.kind,
        "recipient_user_id": recipient.id,
        "recipient_email": recipient.email,
        "locale": locale,
        # A header: one line, whatever the subject was built from (lmb.core.text).
        "subject": clean_single_line(_personalise(subject, recipient, None, html=False)),
        "body_text": _personalise(text, recipient, unsubscribe_url, html=False),
        "body_html": _personalise(html, recipient, unsubscribe_url, html=True),
        # An invite written for its recipient, in their language (a function: read here).
        "ical": draft.ical() if callable(draft.ical) else draft.ical,
        "ical_method": draft.ical_method,
        "unsubscribe_scope": draft.unsubscribe_scope,
        "about": draft.about,
        "about_version": draft.about_version,
        # Chosen once, kept on every retry: a resent mail is recognisably the same mail.
        "message_id": new_message_id(),
        "status": MessageStatus.pending,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


INSERT_CHUNK = 1000


def enqueue_many(drafts: list[Draft]) -> int:
    """Write messages into the outbox in the current transaction; return how many are new.

    A key already in the outbox is skipped, and the INSERT says ON CONFLICT DO NOTHING, so a
    race between two writers still leaves one row per key. Large lists go in chunks, so that
    a sweep for 100,000 people never holds 100,000 rendered mails at once.
    """
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]

    def reader_of(draft: Draft) -> tuple[str, str]:
        """The recipient's language and zone: the mail's texts and times are theirs."""
        zone = getattr(draft.recipient, "time_zone", None) or BELGIUM
        return draft.recipient.locale or default_locale, zone

    # Drafts that share their context and subject share their texts (see _render_shared).
    rendered: dict[tuple, tuple[str, str, str]] = {}
    seen: set[str] = set()
    written = 0
    now = utcnow()
    for start in range(0, len(drafts), INSERT_CHUNK):
        chunk = drafts[start : start + INSERT_CHUNK]
        known = existing_keys([d.key for d in chunk])
        fresh = [d for d in chunk if d.key not in known and d.key not in seen]
        seen.update(d.key for d in fresh)
        rows = []
        for (locale, zone), group in groupby(sorted(fresh, key=reader_of), key=reader_of):
            with force_reader(locale, zone):
                for draft in group:
                    shared_key = (
                        locale,
                        zone,
                        draft.template,
                        id(draft.context),
                        id(draft.subject),
                        draft.unsubscribe_scope is not None,
                    )
                    if shared_key not in rendered:
                        rendered[shared_key] = _render_shared(draft, locale, zone)
                    rows.append(_row(draft, locale, rendered[shared_key], now))
        if rows:
            statement = insert_ignoring_conflicts(OutboundMessage, "idempotency_key")
            written += len(db.session.execute(statement.returning(OutboundMessage.id), rows).all())
    return written


def enqueue(**fields) -> bool:
    """Write one message (the fields of Draft) into the outbox; True if it is new."""
    return enqueue_many([Draft(**fields)]) == 1


def key_digest(text: str) -> str:
    """A short digest of a text for an idempotency key: each link (or comment) its own key,
    so that a second request for a link sends a second mail."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# What reached whom: a domain that withdraws what it sent (a CANCEL of an invitation) asks
# here instead of reading the outbox's table.

_ON_ITS_WAY = (MessageStatus.sent, MessageStatus.pending, MessageStatus.sending)


def _of_kind(kind: str, method: str | None):
    return (OutboundMessage.kind == kind, OutboundMessage.ical_method == method)


def reached(kind: str, method: str | None, pairs: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """Of these (subject, recipient user id) pairs, those a message of `kind` (and calendar
    `method`) reached: one that was sent, or one still waiting whose subject is still at the
    version it was written for, which the dispatcher will send (lmb.notifications.currency)."""
    if not pairs:
        return set()
    rows = db.session.execute(
        select(
            OutboundMessage.about,
            OutboundMessage.recipient_user_id,
            OutboundMessage.status,
            OutboundMessage.about_version,
        ).where(
            *_of_kind(kind, method),
            OutboundMessage.about.in_(sorted({about for about, _user in pairs})),
            OutboundMessage.recipient_user_id.in_(sorted({user for _about, user in pairs})),
            OutboundMessage.status.in_(_ON_ITS_WAY),
        )
    ).all()
    current = current_versions(sorted({about for about, _user, _s, _v in rows}))
    return {
        (about, user)
        for about, user, status, version in rows
        if (about, user) in pairs
        and (status is MessageStatus.sent or version == current.get(about))
    }


def first_messages(kind: str, method: str | None, about: str, user_ids: list[int]) -> dict:
    """{recipient user id: id of the first message of `kind` about `about` to them}."""
    if not user_ids:
        return {}
    return dict(
        db.session.execute(
            select(OutboundMessage.recipient_user_id, func.min(OutboundMessage.id))
            .where(
                *_of_kind(kind, method),
                OutboundMessage.about == about,
                OutboundMessage.recipient_user_id.in_(user_ids),
            )
            .group_by(OutboundMessage.recipient_user_id)
        ).all()
    )


def subjects_of(kind: str, method: str | None, message_ids: list[int]) -> dict:
    """{message id: (subject, recipient user id)} of these messages of `kind`."""
    rows = db.session.execute(
        select(OutboundMessage.id, OutboundMessage.about, OutboundMessage.recipient_user_id).where(
            OutboundMessage.id.in_(message_ids), *_of_kind(kind, method)
        )
    )
    return {message_id: (about, user) for message_id, about, user in rows}
