"""Pages of SDG partnerships: the overview, a partnership with its activities and budget
(partnerships.py), calls and applications (calls.py), the steering group (steering.py), outcome
harvesting (outcomes.py). One blueprint; the modules add their routes to it."""

from datetime import time

from flask import Blueprint
from flask_babel import format_currency
from flask_babel import gettext as _

from lmb.core import dates
from lmb.core.timezones import local_datetime, to_local

blueprint = Blueprint("partnerships", __name__)
END_OF_DAY = time(23, 59, 59)


def moved(session, starts_at, ends_at) -> str:
    """What a change does to a meeting's time, for the question before it."""
    if (starts_at, ends_at) == (session.starts_at, session.ends_at):
        return _("The time stays %(when)s.", when=dates.span(starts_at, ends_at))
    return _(
        "From %(old)s to %(new)s.",
        old=dates.span(session.starts_at, session.ends_at),
        new=dates.span(starts_at, ends_at),
    )


def call_window(form):
    opens_at = None
    if form.opens_day.data is not None:
        opens_at = local_datetime(form.opens_day.data, form.opens_time.data or time(0))
    closes_at = local_datetime(form.closes_day.data, form.closes_time.data or END_OF_DAY)
    return opens_at, closes_at


def day_and_time(moment):
    if moment is None:
        return None, None
    local = to_local(moment)
    return local.date(), local.time().replace(microsecond=0)


@blueprint.app_template_filter("euro")
def euro(value) -> str:
    """An exact amount in euros, in the reader's language (€ 35.000,00 / €35,000.00)."""
    return "" if value is None else format_currency(value, "EUR")


# The route modules, in the order their routes had in the URL map before calls.py split off.
from lmb.partnerships.views import outcomes, partnerships  # noqa: E402, F401, I001  (routes)
from lmb.partnerships.views import activities  # noqa: E402, F401, I001  (routes)
from lmb.partnerships.views import calls, steering  # noqa: E402, F401, I001  (routes)
from lmb.partnerships.views import meetings  # noqa: E402, F401, I001  (routes)
from lmb.partnerships.views import confirmations  # noqa: E402, F401, I001  (routes)
from lmb.partnerships.views import visits  # noqa: E402, F401, I001  (routes)
from lmb.partnerships.views import work  # noqa: E402, F401, I001  (routes)
