"""Jinja filters and globals: dates in Europe/Brussels, in the reader's language."""

from datetime import date, datetime

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user


def local_datetime(value: datetime | None, format: str = "medium") -> str:
    return "" if value is None else format_datetime(value, format)


def local_date(value: date | None, format: str = "long") -> str:
    return "" if value is None else format_date(value, format)


SEASON_STARTS = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def period(starts_on: date, ends_on: date, precision) -> str:
    """A milestone's date as precisely as it is known: "2 februari 2016", "najaar 2022", "2017"."""
    name = getattr(precision, "name", precision)
    if name == "year":
        return str(starts_on.year)
    if name == "month":
        return format_date(starts_on, "LLLL yyyy")
    if name == "season":
        season = {
            "spring": _("spring %(year)s", year=starts_on.year),
            "summer": _("summer %(year)s", year=starts_on.year),
            "autumn": _("autumn %(year)s", year=starts_on.year),
            "winter": _("winter %(year)s", year=starts_on.year),
        }
        return season[SEASON_STARTS.get(starts_on.month, "spring")]
    if ends_on and ends_on != starts_on:
        return f"{format_date(starts_on, 'long')} – {format_date(ends_on, 'long')}"
    return format_date(starts_on, "long")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.globals["period"] = period

    @app.context_processor
    def interface():
        return {
            "current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": [("nl", "Nederlands"), ("en", "English")],
            "current_path": request.full_path.rstrip("?") if request else "/",
            "user": current_user,
        }
