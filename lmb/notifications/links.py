"""Signed links that work without logging in: one-click unsubscribe."""

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from lmb.core.errors import ServiceError
from lmb.core.urls import absolute_url


def _unsubscribe_serializer() -> URLSafeSerializer:
    # Not timed: an unsubscribe link in an old mail must still work.
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_link(user_id: int, scope: str) -> str:
    token = _unsubscribe_serializer().dumps({"user": user_id, "scope": scope})
    return absolute_url("notifications.unsubscribe", token=token)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        data = _unsubscribe_serializer().loads(token)
    except BadSignature as error:
        raise ServiceError(_("This unsubscribe link is not valid.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise ServiceError(_("This unsubscribe link is not valid."))
    return data["user"], str(data.get("scope"))
