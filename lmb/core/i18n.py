"""Language and time zone of each request: Dutch first, English by a remembered switch."""

from numbers import Number

from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

LOCALE_COOKIE = "lmb_locale"
_TRANSLATIONS = "_lmb_translations"


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


def _lazy_html(self: LazyString) -> Markup:
    """A lazy string as HTML: the translated message is ours, the values put into it are not.

    flask-babel's LazyString says of itself that it is safe HTML, interpolated values
    included, so `_l("... %(title)s", title=typed)` shown in a page or a mail would turn what
    a person typed into markup. Here every value is escaped (numbers stay numbers for %d),
    as Jinja's own `_()` does; a value that is itself a lazy string or Markup escapes itself.
    """
    values = {
        key: value if isinstance(value, Number) else escape(value)
        for key, value in self._kwargs.items()
    }
    return Markup(self._func(*self._args, **values))  # noqa: S704 - the values are escaped


def lazy_strings_escape_their_values() -> None:
    """Installed once at start (create_app): see _lazy_html."""
    LazyString.__html__ = _lazy_html


def current_translations():
    """The gettext catalogue of the current locale, looked up once per request and locale.

    Flask-Babel finds it again for every string (three lookups of `g`, the locale turned into
    a string); a page that shows dozens of labels asks for it dozens of times. The answer is
    remembered in `g` beside the locale object it was found for, so `force_locale` (mail in
    the recipient's language) still gets the catalogue of its own locale.
    """
    if not has_app_context():
        return get_translations()
    state = vars(g._get_current_object())
    memo = state.get(_TRANSLATIONS)
    locale = getattr(state.get("_flask_babel"), "babel_locale", None)
    if memo is not None and locale is not None and memo[0] is locale:
        return memo[1]
    translations = get_translations()
    state[_TRANSLATIONS] = (getattr(state.get("_flask_babel"), "babel_locale", None), translations)
    return translations
