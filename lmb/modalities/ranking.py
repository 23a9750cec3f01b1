"""The chooser of the wegwijzer: a municipality weighs the characteristics, the table ranks.

A weight runs from -3 to 3: positive means "more of this is better" (3: very important),
negative "less of this is better", 0 "does not matter". Budget and term are scored in the
table as how much budget and how long a commitment a modality asks (+++: a large budget, a
long term), so "a low budget" is a negative budget weight: a modality that needs more money
loses points. A modality's points are the sum of weight × score; ties keep the table's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from lmb.core.errors import ServiceError
from lmb.modalities.models import CHARACTERISTIC_KEYS, CHARACTERISTICS, SCORE_SYMBOLS, Modality

WEIGHTS = range(-3, 4)
LABELS = dict(CHARACTERISTICS)

# How the table's symbols read in a sentence, per kind of characteristic.
LEVELS = {
    -1: _l("low"),
    1: _l("some"),
    2: _l("considerable"),
    3: _l("strong"),
}
AMOUNT_LEVELS = {
    "budget": {-1: _l("small"), 1: _l("modest"), 2: _l("considerable"), 3: _l("large")},
    "term": {-1: _l("very short"), 1: _l("short"), 2: _l("medium"), 3: _l("long")},
}
IMPORTANCE = {
    3: _l("very important"),
    2: _l("important"),
    1: _l("somewhat important"),
    -1: _l("a little less of it"),
    -2: _l("less of it"),
    -3: _l("as little of it as possible"),
}


class InvalidWeights(ServiceError):
    code = "invalid_weights"


def parse_weights(text: str) -> dict[str, int]:
    """`governance:3,reciprocity:3,budget:-1` → {key: weight}; anything else is refused."""
    weights: dict[str, int] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key, sep, value = item.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in CHARACTERISTIC_KEYS:
            raise InvalidWeights(
                _(
                    "Unknown characteristic %(key)s; use %(keys)s, each as key:weight.",
                    key=key[:40],
                    keys=", ".join(CHARACTERISTIC_KEYS),
                )
            )
        if key in weights:
            raise InvalidWeights(_("Give %(key)s only once.", key=key))
        sign = value[1:] if value[:1] in "+-" else value
        if not (sign.isascii() and sign.isdigit()) or int(value) not in WEIGHTS:
            raise InvalidWeights(
                _("The weight of %(key)s must be a whole number from -3 to 3.", key=key)
            )
        weights[key] = int(value)
    return check_weights(weights)


def check_weights(weights: dict[str, int]) -> dict[str, int]:
    if not any(weights.values()):
        raise InvalidWeights(_("Say for at least one characteristic how much it matters."))
    return weights


@dataclass
class Contribution:
    key: str
    weight: int
    score: int

    @property
    def points(self) -> int:
        return self.weight * self.score

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def symbol(self) -> str:
        return SCORE_SYMBOLS[self.score]

    def sentence(self) -> str:
        level = AMOUNT_LEVELS.get(self.key, LEVELS)[self.score]
        values = {
            "characteristic": self.label,
            "level": level,
            "symbol": self.symbol,
            "importance": IMPORTANCE[self.weight],
            "points": f"{self.points:+d}",
        }
        if self.weight > 0 and self.points > 0:
            return _(
                "In favour: %(characteristic)s is %(level)s (%(symbol)s), and you find it "
                "%(importance)s (%(points)s points).",
                **values,
            )
        if self.weight > 0:
            return _(
                "Against: %(characteristic)s is %(level)s (%(symbol)s), while you find it "
                "%(importance)s (%(points)s points).",
                **values,
            )
        if self.points > 0:
            return _(
                "In favour: %(characteristic)s is %(level)s (%(symbol)s), and you want "
                "%(importance)s (%(points)s points).",
                **values,
            )
        return _(
            "Against: %(characteristic)s is %(level)s (%(symbol)s), while you want "
            "%(importance)s (%(points)s points).",
            **values,
        )


@dataclass
class Ranked:
    rank: int
    modality: Modality
    points: int
    contributions: list[Contribution]
    reasons: list[str]


def rank(modalities: list[Modality], weights: dict[str, int]) -> list[Ranked]:
    """The modalities best first, each with its points and the reasons for its place."""
    check_weights(weights)
    scored = []
    for modality in modalities:
        contributions = [
            Contribution(key, weights[key], modality.scores[key])
            for key in CHARACTERISTIC_KEYS
            if weights.get(key)
        ]
        scored.append((sum(c.points for c in contributions), modality, contributions))
    scored.sort(key=lambda item: (-item[0], item[1].position))
    ranked: list[Ranked] = []
    for index, (points, modality, contributions) in enumerate(scored):
        above = ranked[-1] if ranked else None
        number = above.rank if above and above.points == points else index + 1
        reasons = [_comparison(points, modality, contributions, above, number)]
        reasons += [
            c.sentence()
            for c in sorted(
                contributions, key=lambda c: (-abs(c.points), CHARACTERISTIC_KEYS.index(c.key))
            )
        ]
        ranked.append(Ranked(number, modality, points, contributions, reasons))
    return ranked


def _comparison(points, modality, contributions, above: Ranked | None, number: int) -> str:
    if above is None:
        return _(
            "Ranked first with %(points)s points: it fits what you weighed best.", points=points
        )
    if above.points == points:
        return _(
            "Shares place %(rank)s with %(other)s (%(points)s points each); the table lists it "
            "later.",
            rank=number,
            other=above.modality.table_label,
            points=points,
        )
    theirs = {c.key: c.points for c in above.contributions}
    gaps = sorted(((theirs[c.key] - c.points, c) for c in contributions), key=lambda item: -item[0])
    gap, decisive = gaps[0]
    return _(
        "Place %(rank)s with %(points)s points, %(difference)s fewer than %(other)s, mostly "
        "because of %(characteristic)s (%(mine)s against %(theirs)s).",
        rank=number,
        points=points,
        difference=above.points - points,
        other=above.modality.table_label,
        characteristic=decisive.label,
        mine=decisive.symbol,
        theirs=SCORE_SYMBOLS[above.modality.scores[decisive.key]],
    )
