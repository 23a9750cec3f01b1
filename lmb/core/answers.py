"""A question is answered once.

Every confirmation page (`confirm_page`: the questions of `asks_first` and `check_answers`)
carries a fresh, random answer token in a hidden field. "Yes" records the token in the same
transaction as the work it allows; the same answer sent again (a double click, Back and
"yes" once more, a resent form) meets the stored token and is refused with 409 before
anything is saved or mailed a second time. Two answers at the very same moment meet at the
table's primary key: the second waits for the first's commit and is refused then.

A POST without a token (a script, a test) is not refused: it is a new request, as a second
filled-in form would be. Tokens are kept two days, long enough for any page left open.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import abort, g, request
from flask_babel import gettext as _
from sqlalchemy import String, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from lmb.core.models import UTCDateTime, utcnow
from lmb.extensions import db

FIELD = "answer_token"
KEEP = timedelta(days=2)
_USED = "lmb_answer_token_used"


class AnsweredQuestion(db.Model):
    """The token of a confirmation page that was answered "yes"."""

    __tablename__ = "answered_questions"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def use_answer() -> None:
    """Record this request's "yes" (its token, if it carries one); a token used before ends
    the request with 409. Called again in the same request, it does nothing."""
    token = request.form.get(FIELD, "")
    if not token or g.get(_USED) == token:
        return
    if len(token) > 64:
        abort(400)
    db.session.execute(
        delete(AnsweredQuestion).where(AnsweredQuestion.answered_at < utcnow() - KEEP)
    )
    db.session.add(AnsweredQuestion(token=token))
    try:
        db.session.flush()
    except IntegrityError:
        abort(
            409,
            description=_(
                "This answer was already received, so nothing was done a second time. "
                "Look at the page of what you confirmed to see how it stands."
            ),
        )
    setattr(g, _USED, token)
