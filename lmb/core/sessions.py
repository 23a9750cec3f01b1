"""Flask's signed-cookie session, with its signing serializer built once per set of keys and
the cookies it has checked remembered.

Flask builds a new URLSafeTimedSerializer for every request (to open the session) and again
to save it; itsdangerous checks its JSON serializer each time. The serializer holds only the
keys and settings, so one per (SECRET_KEY, SECRET_KEY_FALLBACKS) signs and checks exactly as a
new one would: a changed key (or fallback) gets a new serializer at once.

A logged-in person sends the same cookie on every request until their session changes, and
Flask checked its signature and decoded its JSON each time. A cookie that was checked with
the current keys is remembered with its timestamp and contents: the same string under the
same keys verifies the same way (the signature is a function of both), so only its age is
checked again, as itsdangerous does (older than the session lifetime, or from the future:
checked in full, and refused). Only contents of plain values (text, numbers, true/false) are
remembered, so no request can change what the next one reads. At most 512 cookies, then all
are forgotten at once; a change of keys forgets them too.
"""

from __future__ import annotations

import time

from flask import Flask
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.wrappers import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_REMEMBERED = 512
_PLAIN = (str, int, float, bool, type(None))


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializer: tuple[tuple, URLSafeTimedSerializer | None] | None = None
        # {cookie: (its timestamp, its contents)} of cookies checked with the current keys.
        self._checked: dict[str, tuple[int, dict]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = self._serializer
        if cached is None or cached[0] != keys:
            self._checked = {}
            cached = self._serializer = (keys, super().get_signing_serializer(app))
        return cached[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        checked = self._checked
        known = checked.get(value)
        if known is not None and 0 <= int(time.time()) - known[0] <= max_age:
            return self.session_class(known[1])
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if isinstance(data, dict) and all(isinstance(v, _PLAIN) for v in data.values()):
            if len(checked) >= MAX_REMEMBERED:
                checked.clear()
            checked[value] = (int(signed_at.timestamp()), dict(data))
        return self.session_class(data)


def init_app(app: Flask) -> None:
    app.session_interface = CachedSerializerSessionInterface()
