"""The one way dates and times are written, in pages, mails and exports.

Dutch as a Flemish reader writes it: "do 14 jan 2027" (a day), "do 14 jan 2027, 9.30 uur" (a
moment), "do 14 jan 2027, 9.30–12.30 uur" (a session); English "Thu 14 Jan 2027, 9:30–12:30";
French "jeu. 14 janv. 2027, 9 h 30–12 h 30". Never seconds. Times are shown in the reader's
zone (Belgium's unless their profile says otherwise); a time shown in another zone names it
(its long name) and, when Brussels' clock reads differently then, gives the Brussels time
beside it: "(Centraal-Afrikaanse tijd; 9.30–12.30 uur in Brussel)". Babel gives the names of
days and months; the trailing dots some of its versions put on Dutch and English
abbreviations are left off, French keeps them as French writes them ("jeu.", "janv.").
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_timezone_name
from flask import Flask, has_app_context
from flask_babel import get_locale, get_timezone
from jinja2 import pass_context

BELGIUM = "Europe/Brussels"

# Per language: the clock's pattern, the word after a time, and the dash between two moments.
CLOCKS = {
    "nl": ("{h}.{m:02d}", " uur"),
    "en": ("{h}:{m:02d}", ""),
    "fr": ("{h} h {m:02d}", ""),
}
# Languages whose abbreviated days and months end in a dot.
DOTTED = {"fr"}
# The Brussels time beside a time in another zone, and what separates it from the zone's name.
BRUSSELS_TIME = {"nl": "{} in Brussel", "en": "{} in Brussels", "fr": "{} à Bruxelles"}
SEPARATOR = {"nl": "; ", "en": "; ", "fr": " ; "}


def _language(locale) -> str:
    language = getattr(locale, "language", None) or str(locale or "nl").split("_")[0]
    return language if language in CLOCKS else "en"


def _zone(zone) -> ZoneInfo:
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(str(zone or BELGIUM))


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    if value.tzinfo is None:  # stored moments are UTC; a naive one came back from SQLite
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(zone)


def _abbreviation(value: date, pattern: str, language: str) -> str:
    text = format_date(value, pattern, locale=language)
    return text if language in DOTTED else text.rstrip(".")


def _day(value: date, language: str) -> str:
    weekday = _abbreviation(value, "EEE", language)
    month = _abbreviation(value, "MMM", language)
    return f"{weekday} {value.day} {month} {value.year}"


def _clock(value: datetime, language: str) -> str:
    return CLOCKS[language][0].format(h=value.hour, m=value.minute)


def _zone_name(
    zone: ZoneInfo, value: datetime, language: str, until: datetime | None = None
) -> str:
    """ " (Oost-Afrikaanse tijd; 9.30–12.30 uur in Brussel)" for a time shown in another zone
    than Belgium's (the Brussels time only when its clock reads differently), else ""."""
    if zone.key == BELGIUM:
        return ""
    name = get_timezone_name(value, width="long", locale=language)
    belgium = ZoneInfo(BELGIUM)
    here = value.astimezone(belgium)
    if here.replace(tzinfo=None) == value.replace(tzinfo=None):
        return f" ({name})"
    clocks = _clock(here, language)
    if until is not None:
        clocks += f"–{_clock(until.astimezone(belgium), language)}"
    clocks += CLOCKS[language][1]
    if here.date() != value.date():
        clocks = f"{_day(here.date(), language)}, {clocks}"
    return f" ({name}{SEPARATOR[language]}{BRUSSELS_TIME[language].format(clocks)})"


@lru_cache(maxsize=8192)
def day_text(value: date | datetime | None, locale="nl", zone=BELGIUM) -> str:
    """ "do 14 jan 2027": the day of a date, or of a moment in the zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value, _zone(zone)).date()
    return _day(value, _language(locale))


@lru_cache(maxsize=8192)
def moment_text(value: datetime | None, locale="nl", zone=BELGIUM) -> str:
    """ "do 14 jan 2027, 9.30 uur"."""
    if value is None:
        return ""
    language, tz = _language(locale), _zone(zone)
    local = _local(value, tz)
    suffix = CLOCKS[language][1]
    zone_name = _zone_name(tz, local, language)
    return f"{_day(local.date(), language)}, {_clock(local, language)}{suffix}{zone_name}"


def _same_day(starts: datetime, ends: datetime) -> bool:
    """Whether a span fits one day: an end at the midnight that closes the start's day too."""
    if starts.date() == ends.date():
        return True
    return ends.time() == time(0) and ends.date() == starts.date() + timedelta(days=1)


@lru_cache(maxsize=8192)
def span_text(starts: datetime | None, ends: datetime | None, locale="nl", zone=BELGIUM) -> str:
    """A session: "do 14 jan 2027, 9.30–12.30 uur"; over two days both moments in full."""
    if starts is None:
        return ""
    if ends is None:
        return moment_text(starts, locale, zone)
    language, tz = _language(locale), _zone(zone)
    first, last = _local(starts, tz), _local(ends, tz)
    if not _same_day(first, last) or last < first:
        return f"{moment_text(starts, locale, zone)} – {moment_text(ends, locale, zone)}"
    suffix = CLOCKS[language][1]
    zone_name = _zone_name(tz, first, language, last)
    clocks = f"{_clock(first, language)}–{_clock(last, language)}"
    return f"{_day(first.date(), language)}, {clocks}{suffix}{zone_name}"


def days_text(starts: date | None, ends: date | None, locale="nl", zone=BELGIUM) -> str:
    """A period of days: "do 14 jan 2027 – vr 15 jan 2027"; one day once."""
    first, last = day_text(starts, locale, zone), day_text(ends, locale, zone)
    if not last or first == last:
        return first
    return f"{first} – {last}" if first else last


def _reader() -> tuple[str, str]:
    """The current reader's language and zone (the request's, or a mail's force_locale)."""
    if not has_app_context():
        return "nl", BELGIUM
    return str(get_locale() or "nl"), str(get_timezone() or BELGIUM)


def day(value: date | datetime | None) -> str:
    return day_text(value, *_reader())


def moment(value: datetime | None) -> str:
    return moment_text(value, *_reader())


def span(starts: datetime | None, ends: datetime | None = None) -> str:
    return span_text(starts, ends, *_reader())


def days(starts: date | None, ends: date | None = None) -> str:
    return days_text(starts, ends, *_reader())


# The render's (language, zone), put in the context once per render_template by
# lmb.core.templating's `interface`: a page that lists hundreds of sessions does not look them
# up for each one. Templates rendered otherwise look them up.
READER = "_lmb_reader"


def _render_reader(context) -> tuple[str, str]:
    return context.get(READER) or _reader()


@pass_context
def _day_filter(context, value: date | datetime | None, *_ignored) -> str:
    return day_text(value, *_render_reader(context))


@pass_context
def _moment_filter(context, value: datetime | None, *_ignored) -> str:
    return moment_text(value, *_render_reader(context))


@pass_context
def _span_filter(context, starts: datetime | None, ends: datetime | None = None) -> str:
    return span_text(starts, ends, *_render_reader(context))


@pass_context
def _days_filter(context, starts: date | None, ends: date | None = None) -> str:
    return days_text(starts, ends, *_render_reader(context))


def session_when(context, session) -> str:
    """A session's start and end in the reader's language and zone (a template's context)."""
    if session is None:
        return ""
    return span_text(session.starts_at, session.ends_at, *_render_reader(context))


@pass_context
def _when_filter(context, session) -> str:
    """A session's start and end: `{{ session|when }}`."""
    return session_when(context, session)


class ReaderTime:
    """A moment (or a span, with `ends`) written when a mail is rendered, for its recipient:
    their language and zone, with the Brussels time beside it when the clocks differ (moment,
    span). For a subject or a line of a mail made before the recipient is known; the one way a
    mail shows a time (tests/notifications/test_mail_zones.py checks every kind)."""

    def __init__(self, starts: datetime, ends: datetime | None = None):
        self.starts, self.ends = starts, ends

    def __str__(self) -> str:
        return span(self.starts, self.ends)

    def __html__(self) -> str:
        return str(self)


class LongDay:
    """A day written out when a mail is rendered, in its recipient's language ("31 augustus
    2019"): for a subject or context made before the recipient's language is known."""

    def __init__(self, day: date):
        self.day = day

    def __str__(self) -> str:
        from flask_babel import format_date as format_in_locale

        return format_in_locale(self.day, "d MMMM y")

    def __html__(self) -> str:
        return str(self)


def init_app(app: Flask) -> None:
    filters = {
        "day": _day_filter,
        "moment": _moment_filter,
        "span": _span_filter,
        "days": _days_filter,
        "when": _when_filter,
        # The older names write the same way (their format argument is no longer used).
        "local_date": _day_filter,
        "local_datetime": _moment_filter,
    }
    app.jinja_env.filters.update(filters)

    @app.context_processor
    def reader():
        return {READER: _reader()}
