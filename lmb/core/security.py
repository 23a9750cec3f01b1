"""Security headers on every response; input no database can store is refused up front;
secrets in URLs (feed tokens, mail links) kept out of the access logs."""

import ipaddress
import logging
import re

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


def client_key(address: str | None) -> str:
    """The client that per-address limits count (the login throttle and every rate limit):
    an IPv6 address's /64 network (one household or server has all of it, so rotating
    addresses inside it gains nothing), an IPv4 address (or an IPv4-mapped IPv6 one) as it is."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "unknown")[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        # From the number, so that a zone ("fe80::1%eth0") never breaks it.
        return str(ipaddress.IPv6Network((int(parsed), 64), strict=False))
    return str(parsed)


def request_client_key() -> str:
    """client_key of the request's address (as ProxyFix left it: LMB_PROXY_HOPS)."""
    return client_key(request.remote_addr)


def _has_nul(values) -> bool:
    return any("\x00" in value for _key, items in values for value in items)


def init_app(app: Flask) -> None:
    install_log_redaction()

    @app.before_request
    def refuse_nul_characters():
        """PostgreSQL cannot store NUL in text; no person types one. Say so instead of failing."""
        # Without a query string there are no arguments, without a Content-Type no form:
        # most requests (every plain GET) skip parsing either.
        environ = request.environ
        if (
            "\x00" in request.path
            or (environ.get("QUERY_STRING") and _has_nul(request.args.lists()))
            or (
                environ.get("CONTENT_TYPE")
                and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
                and _has_nul(request.form.lists())
            )
        ):
            abort(400, description=_("The input contains a character that is not allowed."))

    # The same headers on every response (unless the view set its own): listed once.
    defaults = [
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ]
    if app.config["PRODUCTION"]:
        defaults.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    security_defaults = [(name.lower(), (name, value)) for name, value in defaults]

    @app.after_request
    def security_headers(response):
        """Each default header the response does not have yet, added in one pass (as
        Headers.setdefault would, in this order) instead of a lookup per header."""
        headers = response.headers
        present = {name.lower() for name, _value in headers}
        missing = [pair for lower, pair in security_defaults if lower not in present]
        if missing:
            headers.extend(missing)
        return response


# Paths whose last part is a secret: the personal calendar feed and the links sent by mail.
SECRET_PATHS = re.compile(r"(/calendar/|/account/verify/|/account/reset/|/unsubscribe/)[^\s/?\"]+")


def redact(text: str) -> str:
    return SECRET_PATHS.sub(r"\1[redacted]", text)


class RedactSecretPaths(logging.Filter):
    """Rewrites access-log records (werkzeug's and gunicorn's) so that tokens never reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def install_log_redaction() -> None:
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecretPaths) for f in logger.filters):
            logger.addFilter(RedactSecretPaths())
