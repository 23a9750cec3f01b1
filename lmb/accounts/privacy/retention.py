"""Retention: unverified accounts and the bodies of old mail go after a while.

An unverified account stays while another domain still needs it: that domain adds, from its
own setup, a condition on `User.id` to `keeps_unverified` (tracks: a registration), so that
this purge never imports the domains that hold on to an account.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, delete, select

from lmb.accounts.models import User
from lmb.accounts.privacy.erasure import erase_everywhere
from lmb.accounts.privacy.registry import ERASED_DOMAIN
from lmb.core.contributions import Registry
from lmb.core.database import after_commit as run_after_commit
from lmb.core.models import utcnow
from lmb.extensions import db

# A condition, correlated to `User.id`, that holds when an unverified account must stay.
keeps_unverified: Registry[Callable[[], ColumnElement[bool]]] = Registry(
    "what keeps an unverified account"
)


def purge(now: datetime | None = None) -> dict[str, int]:
    """Retention: unverified accounts after UNVERIFIED_RETENTION_DAYS, and the bodies of
    mail sent or given up on after OUTBOX_BODY_RETENTION_DAYS. An unverified account that a
    domain keeps (`keeps_unverified`) stays."""
    from lmb.notifications.models import MessageStatus, OutboundMessage

    now = now or utcnow()
    config = current_app.config
    cutoff = now - timedelta(days=int(config["UNVERIFIED_RETENTION_DAYS"]))
    stale = select(User.id).where(
        User.email_verified_at.is_(None),
        User.created_at < cutoff,
        ~User.email.endswith("@" + ERASED_DOMAIN),
        *(~keeps() for keeps in keeps_unverified),
    )
    stale_ids = list(db.session.scalars(stale))
    after_commit = []
    for user in db.session.scalars(select(User).where(User.id.in_(stale_ids))).all():
        # Erased as a person asking would be (their mail, requests and mentions too), then gone.
        after_commit += erase_everywhere(user).after_commit
    if stale_ids:
        db.session.execute(delete(User).where(User.id.in_(stale_ids)))
    body_cutoff = now - timedelta(days=int(config["OUTBOX_BODY_RETENTION_DAYS"]))
    cleared = db.session.execute(
        OutboundMessage.__table__.update()
        .where(
            OutboundMessage.status.in_(
                [MessageStatus.sent, MessageStatus.failed, MessageStatus.dropped]
            ),
            OutboundMessage.created_at < body_cutoff,
            OutboundMessage.body_text != "",
        )
        .values(body_text="", body_html="", ical=None)
    ).rowcount
    db.session.flush()
    for task in after_commit:
        run_after_commit(task)
    return {"unverified_accounts": len(stale_ids), "message_bodies": cleared or 0}
