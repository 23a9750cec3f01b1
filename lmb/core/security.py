"""Security headers on every response; input no database can store is refused up front."""

from flask import Flask, abort, request
from flask_babel import gettext as _

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


def _has_nul(values) -> bool:
    return any("\x00" in value for _key, items in values for value in items)


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        """PostgreSQL cannot store NUL in text; no person types one. Say so instead of failing."""
        if (
            "\x00" in request.path
            or _has_nul(request.args.lists())
            or (
                request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
                and _has_nul(request.form.lists())
            )
        ):
            abort(400, description=_("The input contains a character that is not allowed."))

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["PRODUCTION"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
