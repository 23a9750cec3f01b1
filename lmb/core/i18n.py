"""Language and time zone of each request: Dutch first, English by a remembered switch."""

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

LOCALE_COOKIE = "lmb_locale"


def supported_locale(value: str | None) -> str | None:
    return value if value in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    """The switch's cookie first, then the person's saved choice, then Dutch."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = supported_locale(request.cookies.get(LOCALE_COOKIE))
    if chosen:
        return chosen
    if current_user and current_user.is_authenticated:
        try:
            saved = current_user.locale
        except SQLAlchemyError:
            # The database is gone mid-request: the error page still needs a language.
            saved = None
        return supported_locale(saved) or current_app.config["BABEL_DEFAULT_LOCALE"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def remember_locale(response, locale: str):
    """Keep the chosen language for a year in a cookie of its own."""
    response.set_cookie(
        LOCALE_COOKIE,
        locale,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )
    return response
