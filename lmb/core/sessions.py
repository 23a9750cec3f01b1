"""Flask's signed-cookie session, with its signing serializer built once per set of keys.

Flask builds a new URLSafeTimedSerializer for every request (to open the session) and again
to save it; itsdangerous checks its JSON serializer each time. The serializer holds only the
keys and settings, so one per (SECRET_KEY, SECRET_KEY_FALLBACKS) signs and checks exactly as a
new one would: a changed key (or fallback) gets a new serializer at once.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class CachedSerializerSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializer: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = self._serializer
        if cached is None or cached[0] != keys:
            cached = self._serializer = (keys, super().get_signing_serializer(app))
        return cached[1]


def init_app(app: Flask) -> None:
    app.session_interface = CachedSerializerSessionInterface()
