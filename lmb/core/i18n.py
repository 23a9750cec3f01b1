"""Language and time zone of each request: a person's choice first (the switch's cookie, the
profile), then the browser's Accept-Language, then Dutch (Dutch, English or French); the zone
is the reader's own (their profile), Belgium's for anyone else; and which content a page showed
in another language than its own (the notice "only available in Dutch")."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from numbers import Number
from types import SimpleNamespace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import pytz
from babel import Locale
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LOCALE_COOKIE = "lmb_locale"
_TRANSLATIONS = "_lmb_translations"

# Each language by its own name, in the order the language menu and the profile offer them.
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}

BELGIUM = "Europe/Brussels"
# Offered first: Belgium's zone, then the partner municipalities' (Benin, Rwanda).
FIRST_ZONES = (BELGIUM, "Africa/Porto-Novo", "Africa/Kigali")
_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe")
_REGIONS += ("Indian", "Pacific")


def language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES[code]) for code in current_app.config["LANGUAGES"]]


@lru_cache(maxsize=1)
def zone_choices() -> tuple[tuple[str, str], ...]:
    """Belgium's and the partners' zones first, then every other zone of the zoneinfo
    database by its place name (the old aliases such as "US/Eastern" and "Etc/GMT+1" left out)."""
    rest = sorted(
        zone
        for zone in available_timezones()
        if zone.split("/")[0] in _REGIONS and zone not in FIRST_ZONES
    )
    return tuple((zone, zone.replace("_", " ")) for zone in (*FIRST_ZONES, *rest))


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    """The zones of zone_choices(), as a set made once (every logged-in page asks)."""
    return frozenset(zone for zone, _label in zone_choices())


def supported_zone(value: str | None) -> str | None:
    """The zone if the zoneinfo database knows it, else None."""
    if not value or value not in _zone_names():
        return None
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return value


def supported_locale(value: str | None) -> str | None:
    return value if value in current_app.config["LANGUAGES"] else None


def browser_locale(header: str | None, languages, default: str) -> str:
    """The best of `languages` for an Accept-Language header ("en-GB,en;q=0.9" → en,
    "nl-BE" → nl), else `default`. Pure: the page cache's middleware asks it too, before Flask."""
    if not header:
        return default
    return parse_accept_header(header, LanguageAccept).best_match(languages, default) or default


def _from_profile(attribute: str):
    """A logged-in person's saved choice, or None. Asking whether someone is logged in may
    load them: when the database is gone mid-request the error page still needs a language
    and a zone, so a database error means "no choice"."""
    try:
        if current_user and current_user.is_authenticated:
            return getattr(current_user, attribute)
    except SQLAlchemyError:
        pass
    return None


def select_locale() -> str:
    """A choice the person made wins: the switch's cookie, then the language saved on their
    account; until they chose, the browser's Accept-Language; then Dutch."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    chosen = supported_locale(request.cookies.get(LOCALE_COOKIE))
    if chosen:
        return chosen
    saved = _from_profile("locale")
    if supported_locale(saved):
        return saved
    return browser_locale(
        request.headers.get("Accept-Language"), current_app.config["LANGUAGES"], default
    )


def vary_on_language(response):
    """Pages differ by Accept-Language (and by the cookie that overrides it): say so to caches."""
    headers = response.headers
    if any(name.lower() == "vary" for name, _value in headers):
        response.vary.add("Accept-Language")
    else:
        # What vary.add writes when there is no Vary yet, without parsing and dumping a set.
        headers.add("Vary", "Accept-Language")
    return response


UNTRANSLATED = "lmb_untranslated"


def note_untranslated(language: str) -> None:
    """Record that the page shows content in `language`, not in its own (there is no
    translation): base.html then says so once, above the content."""
    if has_app_context():
        languages = g.setdefault(UNTRANSLATED, set())
        languages.add(language)


def untranslated_languages() -> list[str]:
    """The names of the languages content was shown in on this page, in the page's language,
    for the notice: ["Dutch"] on an English page that shows a track without English text."""
    if not has_app_context() or not g.get(UNTRANSLATED):
        return []
    page = Locale.parse(str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))
    return sorted(
        Locale.parse(code).get_language_name(page) or code for code in g.get(UNTRANSLATED)
    )


def localized(original: str | None, translations: dict[str, str | None], source: str = "nl"):
    """(text, language) of a content field for the page's language: its translation when it
    has one (`translations`, e.g. {"en": milestone.title_en}), else the original, recorded as
    untranslated when the page is in another language than `source`.

    For texts shown without content_lang() (which records by itself): a title in a <select>,
    a text in a chart's label."""
    locale = str(get_locale() or source)
    text = translations.get(locale)
    if text:
        return text, locale
    if original and locale != source:
        note_untranslated(source)
    return original or "", source


class InReaderLanguage:
    """A content text that a mail reads in its recipient's language, when it is rendered (in
    force_reader), not when the mail is written: `InReaderLanguage(lambda: track.shown_title)`
    as a value put into a message or a template. Escaped in HTML like any other text."""

    def __init__(self, text_of):
        self._text_of = text_of

    def __str__(self) -> str:
        return str(self._text_of())

    def __html__(self) -> Markup:
        return escape(str(self))

    def __bool__(self) -> bool:
        # `{% if agenda %}` in a template: whether there is a text in the reader's language.
        return bool(str(self))


def select_timezone() -> str:
    """The person's own zone (their profile); Belgium's for anyone not logged in."""
    if not has_request_context():
        return current_app.config["TIMEZONE"]
    return supported_zone(_from_profile("time_zone")) or current_app.config["TIMEZONE"]


def _babel_zone(name: str):
    """A pytz zone, as flask-babel's own selector gives (its to_user_timezone normalizes)."""
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        return pytz.timezone(BELGIUM)


@contextmanager
def force_reader(locale: str, zone: str | None) -> Iterator[None]:
    """Texts in `locale` with times in `zone`: a mail written for its recipient, not for the
    one whose request writes it. flask-babel's force_locale does the language; the zone is
    Flask-Babel's cached one in the same context, put back afterwards.

    Content without the recipient's language that the mail shows in Dutch is the mail's
    business, not the page's: what `localized` records meanwhile is dropped afterwards, so
    the page of the request that sends the mail says "only in Dutch" only for its own content.
    """
    from flask_babel import force_locale

    state = None
    page_untranslated = None
    if has_app_context():
        context = g._get_current_object()
        state = vars(context).setdefault("_flask_babel", SimpleNamespace())
        page_untranslated = vars(context).pop(UNTRANSLATED, None)
    before = getattr(state, "babel_tzinfo", None)
    try:
        if state is not None:
            state.babel_tzinfo = _babel_zone(supported_zone(zone) or BELGIUM)
        with force_locale(locale):
            yield
    finally:
        if state is not None:
            state.babel_tzinfo = before
            vars(g._get_current_object()).pop(UNTRANSLATED, None)
            if page_untranslated is not None:
                setattr(g, UNTRANSLATED, page_untranslated)


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
