"""Signed links that work without logging in: one-click unsubscribe."""

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, Signer

from lmb.core.errors import ServiceError
from lmb.core.urls import absolute_url


def _unsubscribe_signer() -> Signer:
    # Not timed: an unsubscribe link in an old mail must still work. A plain Signer over
    # "user-scope" (no JSON) because a sweep signs one link per recipient.
    return Signer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_link(user_id: int, scope: str) -> str:
    # ":" would make mail programs fold the List-Unsubscribe header oddly; "_" never occurs.
    token = _unsubscribe_signer().sign(f"{user_id}-{scope.replace(':', '_')}").decode()
    return absolute_url("notifications.unsubscribe", token=token)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The user id and scope ("track:3", "all" or "reminders") the link was made for."""
    try:
        value = _unsubscribe_signer().unsign(token).decode()
    except (BadSignature, UnicodeDecodeError) as error:
        raise ServiceError(_("This unsubscribe link is not valid.")) from error
    user_id, _sep, scope = value.partition("-")
    if not user_id.isdigit() or not scope:
        raise ServiceError(_("This unsubscribe link is not valid."))
    return int(user_id), scope.replace("_", ":")
