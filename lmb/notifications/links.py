"""Signed links that work without logging in (one-click unsubscribe), and masking the secret
links of mail shown on the outbox page."""

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, Signer
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing.converters import NumberConverter
from werkzeug.routing.exceptions import RoutingException

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


# Masking: the outbox page shows what was sent, but a link that is itself a credential (verify
# an address, reset a password, unsubscribe, a personal calendar feed, and any route added
# later whose URL carries a token) must not be readable or usable by whoever sees the page.
MASK = "••••••"
_URL = re.compile(r"https?://[^\s<>\"']+")
_SECRET_NAME = re.compile(r"token|secret|signature|code|key", re.IGNORECASE)


def secret_arguments(rule) -> set[str]:
    """The parts of a route's path that are secrets: named like a token and not a number."""
    return {
        name
        for name, converter in rule._converters.items()
        if _SECRET_NAME.search(name) and not isinstance(converter, NumberConverter)
    }


def _mask_url(url: str, adapter) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(_SECRET_NAME.search(name) for name, _value in query):
        masked = [(n, MASK if _SECRET_NAME.search(n) else v) for n, v in query]
        url = url.replace(parts.query, urlencode(masked, safe=MASK))
    for method in ("GET", "POST"):
        try:
            rule, arguments = adapter.match(parts.path, method=method, return_rule=True)
        except MethodNotAllowed:
            continue
        except (HTTPException, RoutingException):
            break
        for name in secret_arguments(rule):
            value = str(arguments[name])
            if value:
                url = url.replace(quote(value, safe="/.-_~"), MASK).replace(value, MASK)
        break
    return url


def mask_secret_links(text: str | None) -> str | None:
    """The text with the secret part of every link to one of our secret routes masked."""
    if not text:
        return text
    adapter = current_app.url_map.bind("mask.invalid")
    return _URL.sub(lambda match: _mask_url(match.group(0), adapter), text)
