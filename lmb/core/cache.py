"""A micro-cache for public GET pages: the same anonymous page, for a few seconds, per process.

Public pages (the catalogue, a track's page, calendar feeds) are read far more than they
change; serving each from memory for PAGE_CACHE_SECONDS (default 5) spares the templates and
the database. Only anonymous visitors without pending messages are served from it (a logged-in
person sees their own state at once), each visitor still gets their own CSRF token, and
responses that set cookies are never stored. Stale for at most those seconds, by design.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

TOKEN_MARK = "\ue000csrf\ue000"  # noqa: S105 - a marker, not a secret
MAX_ENTRIES = 512


@dataclass
class Entry:
    expires: float
    status: int
    body: bytes
    headers: list[tuple[str, str]]


def _store() -> OrderedDict:
    return current_app.extensions.setdefault("lmb_page_cache", OrderedDict())


def clear() -> None:
    _store().clear()


def _cacheable_request() -> bool:
    return (
        current_app.config["PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and not session.get("_flashes")
        and not current_user.is_authenticated
    )


def public_page(view):
    """Serve an anonymous GET of this view from the micro-cache when possible."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable_request():
            return view(*args, **kwargs)
        key = (request.full_path, str(get_locale()))
        store = _store()
        entry = store.get(key)
        if entry is not None and entry.expires > time.monotonic():
            body = entry.body
            if TOKEN_MARK.encode() in body:
                body = body.replace(TOKEN_MARK.encode(), generate_csrf().encode())
            response = Response(body, status=entry.status, headers=entry.headers)
            return response.make_conditional(request)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.direct_passthrough:
            _remember(store, key, response)
        return response

    return wrapper


def _remember(store: OrderedDict, key, response: Response) -> None:
    body = response.get_data()
    token = session.get("csrf_token") and generate_csrf()
    if token:
        body = body.replace(token.encode(), TOKEN_MARK.encode())
    # The body changes length when each visitor's token goes in; cookies are per visitor.
    headers = [
        (k, v)
        for k, v in response.headers.items()
        if k.lower() not in ("set-cookie", "content-length")
    ]
    store[key] = Entry(
        expires=time.monotonic() + current_app.config["PAGE_CACHE_SECONDS"],
        status=response.status_code,
        body=body,
        headers=headers,
    )
    store.move_to_end(key)
    while len(store) > MAX_ENTRIES:
        store.popitem(last=False)
