"""The rules a track's and a programme's dates must keep, each refusal on its field.

Every rule is a sentence a coordinator understands ("Voedingsbodem must start after labo
starts (1 februari 2017)."); the pages put it next to the field, the API returns it under
`error.details.json.<field>`. All refusals of one change are collected, so a form shows them
all at once."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from lmb.core.errors import ServiceError
from lmb.core.timezones import to_local
from lmb.tracks.models import PhaseKey

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidFields(ServiceError):
    """Several refusals at once: `fields` maps a field to its messages."""

    def __init__(self, fields: dict[str, list[str]]):
        first = next(iter(fields))
        super().__init__(fields[first][0], field=first)
        self.fields = fields


class Refusals:
    """Collects refusals by field; `done()` raises them together."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.fields

    def done(self) -> None:
        if self.fields:
            raise InvalidFields(self.fields)


def starts_field(key: PhaseKey) -> str:
    return f"{key.name}_starts_on"


def ends_field(key: PhaseKey) -> str:
    return f"{key.name}_ends_on"


def day(value: date) -> str:
    return format_date(value, "long")


def check_phases(
    phases: dict[PhaseKey, tuple[date, date]],
    changed: set[PhaseKey],
    programme_starts: date,
    programme_ends: date,
    refusals: Refusals,
) -> None:
    """Each phase ends on or after its start; labo, voedingsbodem and uitrol start and end in
    that order; a phase that changes lies within the programme."""
    previous = None
    for key in PhaseKey:
        if key not in phases:
            continue
        starts_on, ends_on = phases[key]
        if ends_on < starts_on:
            refusals.add(
                ends_field(key), _("A phase must end after it starts (%(phase)s).", phase=key.label)
            )
        if key in changed:
            for value, field in ((starts_on, starts_field(key)), (ends_on, ends_field(key))):
                if not programme_starts <= value <= programme_ends and field not in refusals:
                    refusals.add(
                        field,
                        _(
                            "%(phase)s must lie within the programme (%(start)s – %(end)s).",
                            phase=key.label,
                            start=day(programme_starts),
                            end=day(programme_ends),
                        ),
                    )
        if previous is not None:
            before, (before_starts, before_ends) = previous, phases[previous]
            if starts_on <= before_starts:
                refusals.add(
                    starts_field(key),
                    _(
                        "%(phase)s must start after %(previous)s starts (%(date)s).",
                        phase=key.label,
                        previous=before.label,
                        date=day(before_starts),
                    ),
                )
            if ends_on < before_ends:
                refusals.add(
                    ends_field(key),
                    _(
                        "%(phase)s cannot end before %(previous)s ends (%(date)s).",
                        phase=key.label,
                        previous=before.label,
                        date=day(before_ends),
                    ),
                )
        previous = key


def check_window(
    opens: datetime | None,
    closes: datetime | None,
    last_day: date | None,
    refusals: Refusals,
) -> None:
    """Registration opens before it closes, and closes before the track's last phase ends."""
    if opens and closes and closes <= opens:
        refusals.add("registration_closes_at", _("Registration must close after it opens."))
    elif closes and last_day and to_local(closes).date() > last_day:
        refusals.add(
            "registration_closes_at",
            _(
                "Registration must close before the track's last phase ends (%(date)s).",
                date=day(last_day),
            ),
        )


def check_capacity(capacity: int | None, confirmed: int, refusals: Refusals) -> None:
    if capacity is None:
        return
    if capacity < 1:
        refusals.add("capacity", _("The capacity must be at least 1."))
    elif capacity < confirmed:
        refusals.add(
            "capacity",
            ngettext(
                "%(num)s person already holds a confirmed place; the capacity cannot be lower.",
                "%(num)s people already hold a confirmed place; the capacity cannot be lower.",
                confirmed,
            ),
        )


def check_contact(name: str, email: str, refusals: Refusals) -> None:
    if email and not EMAIL.match(email):
        refusals.add("contact_email", _("Enter a valid e-mail address."))
    if email and not name:
        refusals.add("contact_name", _("Give the contact's name as well."))


def check_title(title: str | None, refusals: Refusals) -> None:
    if title is not None and not title.strip():
        refusals.add("title", _("This field is required."))
