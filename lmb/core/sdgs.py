"""The 17 Sustainable Development Goals with their short names and the UN's official colours
(UN Department of Global Communications, SDG guidelines). Pages show each SDG as a coloured
square beside its number and name in the page's own ink, so that the text keeps its contrast
whatever the goal's colour (yellow SDG 7 would not carry white text)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

COLOURS = {
    1: "#E5243B",
    2: "#DDA63A",
    3: "#4C9F38",
    4: "#C5192D",
    5: "#FF3A21",
    6: "#26BDE2",
    7: "#FCC30B",
    8: "#A21942",
    9: "#FD6925",
    10: "#DD1367",
    11: "#FD9D24",
    12: "#BF8B2E",
    13: "#3F7E44",
    14: "#0A97D9",
    15: "#56C02B",
    16: "#00689D",
    17: "#19486A",
}

NAMES = {
    1: _l("No poverty"),
    2: _l("Zero hunger"),
    3: _l("Good health and well-being"),
    4: _l("Quality education"),
    5: _l("Gender equality"),
    6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"),
    13: _l("Climate action"),
    14: _l("Life below water"),
    15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"),
    17: _l("Partnerships for the goals"),
}


@dataclass(frozen=True)
class Sdg:
    number: int
    name: str
    colour: str


def sdg(number: int) -> Sdg | None:
    """The goal numbered `number`, or None for a number that is no SDG."""
    if number not in COLOURS:
        return None
    return Sdg(number, str(NAMES[number]), COLOURS[number])
