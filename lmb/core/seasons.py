"""The seasons, one table for the whole platform: as the weather service counts them, in whole
months (voorjaar March-May, zomer June-August, najaar September-November, winter December to
February of the next year). A programme's milestone "najaar 2026" and an action plan's "Zomer
2019" mean the same months; lmb.core.templating.period reads a season back from its first month.
"""

from __future__ import annotations

import calendar
from datetime import date

# First and last month; a winter's last month runs on into the next year (14 = February).
SEASON_MONTHS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "winter": (12, 14),
}
# The words people write for them, in Dutch and English.
SEASON_WORDS = {
    "voorjaar": "spring",
    "lente": "spring",
    "spring": "spring",
    "zomer": "summer",
    "summer": "summer",
    "najaar": "autumn",
    "herfst": "autumn",
    "autumn": "autumn",
    "fall": "autumn",
    "winter": "winter",
}
# The season a date range starting in this month names (templating.period).
SEASON_STARTS = {first: season for season, (first, _last) in SEASON_MONTHS.items()}


def month_span(first_year: int, first_month: int, last_year: int, last_month: int):
    """The first day of the first month to the last day of the last; a month over 12 runs on
    into the next year."""
    last_year += (last_month - 1) // 12
    last_month = (last_month - 1) % 12 + 1
    return (
        date(first_year, first_month, 1),
        date(last_year, last_month, calendar.monthrange(last_year, last_month)[1]),
    )


def season_span(season: str, year: int) -> tuple[date, date]:
    """'autumn', 2026 → 1 September – 30 November 2026; 'winter', 2026 → 1 Dec 2026 – 28 Feb 2027."""
    first, last = SEASON_MONTHS[season]
    return month_span(year, first, year, last)
