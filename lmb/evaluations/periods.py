"""The period an action plan's "Wanneer" names, as dates the reminders can use.

The plan says "Zomer 2019", "Eind 2019", "2019-2020", "Tweede helft 2019", "September 2020",
"Gedaan in april 2019", "2020 en verder" or "Selectie zomer 2019; Trefdag in oktober 2020". The
text is kept as written; this derives a first and a last day from it:

- a year is 1 January - 31 December; "2019-2020" runs from the first year to the last;
- a month is that month; "eind 2019" its last quarter, "begin 2019" its first;
- "eerste helft" / "tweede helft" are January-June / July-December;
- the seasons of lmb.core.seasons (as the weather service counts them): voorjaar (lente)
  March-May, zomer June-August, najaar (herfst) September-November, winter December-February;
- several periods in one text: from the earliest start to the latest end;
- "vanaf ..." or "... en verder": an open end (no last day, so no reminder);
- a text without a year ("na start nieuwe Vlaamse regering", "") gives no dates.
"""

from __future__ import annotations

import re
from datetime import date

from lmb.core.seasons import SEASON_MONTHS, SEASON_WORDS, month_span

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# The Dutch season words, in the platform's one table of seasons.
SEASONS = {
    word: SEASON_MONTHS[season]
    for word, season in SEASON_WORDS.items()
    if word not in ("spring", "summer", "autumn", "fall")
}
PARTS = {
    "eerste helft": (1, 6),
    "tweede helft": (7, 12),
    "begin": (1, 3),
    "eind": (10, 12),
    "einde": (10, 12),
}
YEAR = r"((?:19|20)\d\d)"
WORD = "|".join(sorted([*MONTHS, *SEASONS, *PARTS], key=len, reverse=True))
PERIOD = re.compile(rf"(?:\b({WORD})\s+(?:van\s+)?)?{YEAR}(?:\s*[-–]\s*{YEAR})?", re.IGNORECASE)
OPEN_END = re.compile(r"\bvanaf\b|\ben verder\b", re.IGNORECASE)


def _one(word: str | None, year: int, until: int | None) -> tuple[date, date]:
    if until is not None:
        return date(year, 1, 1), date(until, 12, 31)
    if word is None:
        return date(year, 1, 1), date(year, 12, 31)
    word = word.lower()
    if word in MONTHS:
        return month_span(year, MONTHS[word], year, MONTHS[word])
    first, last = SEASONS.get(word) or PARTS[word]
    return month_span(year, first, year, last)


def derive(when: str) -> tuple[date | None, date | None]:
    """The first and last day of the period `when` names; (None, None) when it names none."""
    found = [
        _one(match.group(1), int(match.group(2)), int(match.group(3)) if match.group(3) else None)
        for match in PERIOD.finditer(when or "")
    ]
    if not found:
        return None, None
    starts_on = min(start for start, _end in found)
    ends_on = None if OPEN_END.search(when) else max(end for _start, end in found)
    return starts_on, ends_on


def done_in_text(when: str) -> bool:
    """The plan says the action is already done ("Gedaan in april 2019")."""
    return bool(re.match(r"\s*gedaan\b", when or "", re.IGNORECASE))
