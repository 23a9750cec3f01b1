"""The association's time zone: everything is stored in UTC and shown in Europe/Brussels."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def to_local(value: datetime) -> datetime:
    return value.astimezone(local_zone())


def local_datetime(day: date, at: time) -> datetime:
    """An aware datetime for a wall-clock time on a day in the association's zone."""
    return datetime.combine(day, at, tzinfo=local_zone())
