"""The moment of a session as a form asks for it: a day, a start and an end time in Belgium.

Every form that plans a session (a track's session, a steering-group meeting, a partnership
activity that is a meeting) takes these three fields from here and reads them back with
`moment_of`; an edit page fills them from the session with `show_moment`.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TimeField
from wtforms.validators import DataRequired, Optional

from lmb.accounts.models import CalendarDelivery
from lmb.core.forms import REQUIRED, DateField, Form
from lmb.core.timezones import local_datetime, to_local

# A service refuses a session's time on `starts_at`/`ends_at`; a form shows it on these fields
# (a form class with moment_fields sets `service_fields = MOMENT_FIELDS`; show_service_error).
MOMENT_FIELDS = {"starts_at": "starts", "ends_at": "ends"}


def moment_fields(*, day_label=None, required: bool = True) -> tuple:
    """(day, starts, ends) for a form class: `day, starts, ends = moment_fields()`. Optional
    fields are for forms where the moment only matters when another field asks for it."""

    def validators() -> list:
        return [DataRequired(message=REQUIRED)] if required else [Optional()]

    return (
        DateField(day_label or _l("Date"), validators=validators()),
        TimeField(
            _l("Starts at"),
            validators=validators(),
            description=_l("Time in Belgium (Europe/Brussels)."),
        ),
        TimeField(_l("Ends at"), validators=validators()),
    )


def show_moment(form, session) -> None:
    """Fill a form's day, starts and ends with the session's, in Belgian time."""
    form.day.data = to_local(session.starts_at).date()
    form.starts.data = to_local(session.starts_at).time()
    form.ends.data = to_local(session.ends_at).time()


def moment_of(form) -> tuple[datetime, datetime]:
    """The (starts_at, ends_at) the form's day, starts and ends say, in UTC."""
    return (
        local_datetime(form.day.data, form.starts.data),
        local_datetime(form.day.data, form.ends.data),
    )


class CalendarDeliveryForm(Form):
    """How sessions reach the person's calendar (Mijn agenda): invitations or a subscription."""

    delivery = RadioField(
        _l("How do sessions reach your calendar?"), coerce=CalendarDelivery.coerce
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.delivery.choices = CalendarDelivery.choices()
