"""A micro-cache for public GET pages: the same anonymous page, for a few seconds, per process.

Public pages (the catalogue, a track's page, calendar feeds) are read far more than they
change; serving each from memory for PAGE_CACHE_SECONDS (default 5) spares the templates and
the database. Only anonymous visitors without pending messages are served from it (a logged-in
person sees their own state at once), each visitor still gets their own CSRF token, and
responses that set cookies are never stored. Stale for at most those seconds, by design.

A page stored this way is also served before Flask sees the request (`PageCacheMiddleware`):
a visitor whose session cookie holds nothing but a CSRF token (or who has none) gets the
stored bytes, headers included, with their own token put in; no request context, session
object, database or template. Everyone else goes through Flask as before.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.http import dump_cookie, parse_accept_header, parse_cookie
from werkzeug.wrappers import Response

from lmb.core.i18n import LOCALE_COOKIE, browser_locale

TOKEN_MARK = "\ue000csrf\ue000"  # noqa: S105 - a marker, not a secret
MAX_ENTRIES = 512
# Set by `public_page` on a response the middleware may keep: (expires, the visitor's token).
STORE = "lmb.page_cache.store"
# What an anonymous visitor's session may hold for the fast path (Flask-Login adds _fresh).
ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", "_fresh"})
# A conditional or partial GET goes through Flask, which answers it (make_conditional).
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE")


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
    current_app.extensions.setdefault("lmb_page_cache_fast", OrderedDict()).clear()


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
        key = (request.full_path, str(get_locale()), accepts_gzip(request.environ))
        store = _store()
        entry = store.get(key)
        if entry is not None and entry.expires > time.monotonic():
            body = entry.body
            if TOKEN_MARK.encode() in body:
                body = body.replace(TOKEN_MARK.encode(), generate_csrf().encode())
            response = Response(body, status=entry.status, headers=entry.headers)
            _offer_to_middleware(entry.expires)
            return response.make_conditional(request)
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code == 200 and not response.direct_passthrough:
            _offer_to_middleware(_remember(store, key, response).expires)
        return response

    return wrapper


def _offer_to_middleware(expires: float) -> None:
    """Let PageCacheMiddleware keep the finished response until the same moment."""
    request.environ[STORE] = (expires, session.get("csrf_token") and generate_csrf())


def _remember(store: OrderedDict, key, response: Response) -> Entry:
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
    return store[key]


def accepts_gzip(environ) -> bool:
    """Whether the request accepts a gzipped answer (a feed sends one then): part of the key,
    so nobody is served an encoding they did not ask for."""
    value = environ.get("HTTP_ACCEPT_ENCODING")
    return bool(value) and parse_accept_header(value)["gzip"] > 0


@dataclass
class Finished:
    """A finished response as the WSGI server received it, the visitor's token marked."""

    expires: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    has_token: bool


class PageCacheMiddleware:
    """Serves `public_page` responses to anonymous visitors before Flask sees the request."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.store: OrderedDict = app.extensions.setdefault("lmb_page_cache_fast", OrderedDict())
        # Serializers are dear to build (itsdangerous checks its JSON on each): one each.
        self._signers: dict[str, tuple] = {}
        self._cookie: dict = {}
        # Session cookies seen signed and not anonymous (see _anonymous_visitor).
        self._not_anonymous: set[str] = set()

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or self.app.config["PAGE_CACHE_SECONDS"] <= 0
            or any(header in environ for header in CONDITIONAL_HEADERS)
        ):
            return self.wsgi_app(environ, start_response)
        visitor = self._anonymous_visitor(environ)
        if visitor is None:
            return self.wsgi_app(environ, start_response)
        locale, token = visitor
        key = (
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            locale,
            accepts_gzip(environ),
        )
        entry = self.store.get(key)
        if entry is not None and entry.expires > time.monotonic():
            return self._serve(entry, token, start_response)
        return self._fill(key, environ, start_response)

    def _anonymous_visitor(self, environ) -> tuple[str, str | None] | None:
        """(locale, raw CSRF token or None) of a visitor Flask would treat as anonymous with
        nothing pending; None for anyone else (logged in, remembered, flashes, a bad cookie)."""
        config = self.app.config
        cookies = parse_cookie(environ.get("HTTP_COOKIE"))
        if config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
            return None
        chosen = cookies.get(LOCALE_COOKIE)
        locale = (
            chosen
            if chosen in config["LANGUAGES"]
            else browser_locale(
                environ.get("HTTP_ACCEPT_LANGUAGE"),
                config["LANGUAGES"],
                config["BABEL_DEFAULT_LOCALE"],
            )
        )
        value = cookies.get(self.app.session_interface.get_cookie_name(self.app))
        if not value:
            return locale, None
        if value in self._not_anonymous:
            return None
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        try:
            data = serializer.loads(
                value, max_age=int(self.app.permanent_session_lifetime.total_seconds())
            )
        except BadSignature:
            return None
        if (
            not isinstance(data, dict)
            or not set(data) <= ANONYMOUS_SESSION_KEYS
            or data.get("_fresh")
            or not isinstance(data.get("csrf_token", ""), str)
        ):
            # A validly signed cookie of someone logged in (or with something pending): the
            # answer stays None for as long as the cookie lives (expired, it no longer loads),
            # so a logged-in person's next requests skip checking its signature here again.
            if len(self._not_anonymous) >= MAX_ENTRIES:
                self._not_anonymous.clear()
            self._not_anonymous.add(value)
            return None
        return locale, data.get("csrf_token")

    def _fill(self, key, environ, start_response):
        started = {}

        def remember_start(status, headers, exc_info=None):
            started.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        iterable = self.wsgi_app(environ, remember_start)
        offer = environ.get(STORE)
        if offer is None or not started.get("status", "").startswith("200"):
            return iterable
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        expires, token = offer
        if token:
            body = body.replace(token.encode(), TOKEN_MARK.encode())
        headers = [
            (name, value)
            for name, value in started["headers"]
            if name.lower() not in ("set-cookie", "content-length", "date")
        ]
        self.store[key] = Finished(
            expires, started["status"], headers, body, TOKEN_MARK.encode() in body
        )
        self.store.move_to_end(key)
        while len(self.store) > MAX_ENTRIES:
            self.store.popitem(last=False)
        return [body.replace(TOKEN_MARK.encode(), token.encode()) if token else body]

    def _serve(self, entry: Finished, raw_token: str | None, start_response):
        body, headers = entry.body, list(entry.headers)
        if entry.has_token:
            if raw_token is None:
                # What flask_wtf.csrf.generate_csrf keeps in a new visitor's session.
                raw_token = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324
                headers += self._new_session_cookie({"csrf_token": raw_token})
            body = body.replace(TOKEN_MARK.encode(), self._signed(raw_token).encode())
        headers.append(("Content-Length", str(len(body))))
        start_response(entry.status, headers)
        return [body]

    def _signed(self, raw_token: str) -> str:
        """The form's token for that session's raw token, as generate_csrf signs it."""
        secret = self.app.config.get("WTF_CSRF_SECRET_KEY") or self.app.secret_key
        if self._signers.get("csrf", (None,))[0] != secret:
            self._signers["csrf"] = (secret, URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
        return self._signers["csrf"][1].dumps(raw_token)

    def _new_session_cookie(self, data: dict) -> list[tuple[str, str]]:
        """The Set-Cookie header Flask's own session interface writes for that session
        (`save_session`), with its serializer and cookie settings read once."""
        app, interface = self.app, self.app.session_interface
        if self._signers.get("session", (None,))[0] != app.secret_key:
            self._signers["session"] = (app.secret_key, interface.get_signing_serializer(app))
            self._cookie = {
                "key": interface.get_cookie_name(app),
                "domain": interface.get_cookie_domain(app),
                "path": interface.get_cookie_path(app),
                "secure": interface.get_cookie_secure(app),
                "samesite": interface.get_cookie_samesite(app),
                "httponly": interface.get_cookie_httponly(app),
                "max_size": Response.max_cookie_size,
            }
            if hasattr(interface, "get_cookie_partitioned"):  # Flask 3.1 and later
                self._cookie["partitioned"] = interface.get_cookie_partitioned(app)
        value = self._signers["session"][1].dumps(data)
        return [("Set-Cookie", dump_cookie(value=value, **self._cookie))]


def init_app(app: Flask) -> None:
    app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app)
