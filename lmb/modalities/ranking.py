"""The chooser of the wegwijzer: a municipality weighs the characteristics, the table ranks.

A weight runs from -3 to 3: positive means "more of this is better" (3: very important),
negative "less of this is better", 0 "does not matter". Budget and term are scored in the
table as how much budget and how long a commitment a modality asks (+++: a large budget, a
long term), so "a low budget" or "a short term" is a negative weight.

A modality earns points per weighed characteristic: with a positive weight w, w × score (a
"+++" for something very important: 9); with a negative weight, |w| × (3 − score), the points
a smaller score earns below the table's "+++" (a "+" term for a wish of a short term: 3 × 2 =
6; a "+++" term: 0). Both orders are the table's: against w × score the second only adds the
same 3·|w| to every modality, so the ranking is that of the plain weighted sum, while no
modality that fits a wish for less is shown with negative points for it. Ties keep the table's
order. Each weighed characteristic is a plus, partly a plus or a minus, by the wish's direction:
a wish for a short term is a plus for a short-term form.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from lmb.core.errors import ServiceError
from lmb.modalities.models import CHARACTERISTIC_KEYS, CHARACTERISTICS, SCORE_SYMBOLS, Modality

WEIGHTS = range(-3, 4)
LABELS = dict(CHARACTERISTICS)
TOP = max(SCORE_SYMBOLS)

# How the table's symbols read in a sentence, per kind of characteristic.
LEVELS = {
    -1: _l("weak"),
    1: _l("limited"),
    2: _l("considerable"),
    3: _l("strong"),
}
AMOUNT_LEVELS = {
    "budget": {-1: _l("small"), 1: _l("modest"), 2: _l("considerable"), 3: _l("large")},
    "term": {-1: _l("very short"), 1: _l("short"), 2: _l("medium"), 3: _l("long")},
}

# What the person asked for, in words, by the weight's sign and strength.
WISHES = {
    "general": {
        3: _l("you find it very important"),
        2: _l("you find it important"),
        1: _l("you find it somewhat important"),
        -1: _l("you would rather have a little less of it"),
        -2: _l("you would rather have less of it"),
        -3: _l("you want as little of it as possible"),
    },
    "term": {
        3: _l("you are looking for a long term"),
        2: _l("you are looking for a long term"),
        1: _l("you are looking for a rather long term"),
        -1: _l("you are looking for a rather short term"),
        -2: _l("you are looking for a short term"),
        -3: _l("you are looking for a short term"),
    },
    "budget": {
        3: _l("you want to invest a large budget"),
        2: _l("you want to invest a considerable budget"),
        1: _l("you can invest some budget"),
        -1: _l("you are looking for a rather limited budget"),
        -2: _l("you are looking for a low budget"),
        -3: _l("you are looking for a budget as low as possible"),
    },
}

# A weighed characteristic's verdict.
IN_FAVOUR, PARTLY, AGAINST = "in_favour", "partly", "against"
VERDICTS = {IN_FAVOUR: _l("In favour"), PARTLY: _l("Partly in favour"), AGAINST: _l("Against")}


def verdict(weight: int, score: int) -> str:
    """Whether a score fits the wish: for "more is better" ++ and +++ are a plus, + partly and -
    a minus; for "less is better" - and + are a plus, ++ partly and +++ a minus."""
    if weight > 0:
        return IN_FAVOUR if score >= 2 else PARTLY if score == 1 else AGAINST
    return IN_FAVOUR if score <= 1 else PARTLY if score == 2 else AGAINST


def points_of(weight: int, score: int) -> int:
    return weight * score if weight > 0 else -weight * (TOP - score)


def points_text(points: int) -> str:
    """ "+9 points", "+1 point", "0 points", "-3 points" (the sign shows which way it counts)."""
    shown = f"{points:+d}" if points else "0"
    return ngettext("%(points)s point", "%(points)s points", abs(points), points=shown)


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
        return points_of(self.weight, self.score)

    @property
    def verdict(self) -> str:
        return verdict(self.weight, self.score)

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def symbol(self) -> str:
        return SCORE_SYMBOLS[self.score]

    def sentence(self) -> str:
        kind = self.key if self.key in WISHES else "general"
        return _(
            "%(verdict)s: %(characteristic)s is %(level)s (%(symbol)s); %(wish)s (%(points)s).",
            verdict=VERDICTS[self.verdict],
            characteristic=self.label,
            level=AMOUNT_LEVELS.get(self.key, LEVELS)[self.score],
            symbol=self.symbol,
            wish=WISHES[kind][self.weight],
            points=points_text(self.points),
        )


@dataclass
class Ranked:
    rank: int
    modality: Modality
    points: int
    contributions: list[Contribution]
    reasons: list[str]

    @property
    def points_label(self) -> str:
        """ "15 points", "1 point", "-3 points"."""
        return points_text(self.points).lstrip("+")


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
        order = list(VERDICTS)
        reasons += [
            c.sentence()
            for c in sorted(
                contributions,
                key=lambda c: (
                    order.index(c.verdict),
                    -c.points,
                    CHARACTERISTIC_KEYS.index(c.key),
                ),
            )
        ]
        ranked.append(Ranked(number, modality, points, contributions, reasons))
    return ranked


def _comparison(points, modality, contributions, above: Ranked | None, number: int) -> str:
    if above is None:
        return _(
            "Ranked first with %(points)s: it fits what you weighed best.",
            points=points_text(points).lstrip("+"),
        )
    if above.points == points:
        return ngettext(
            "Shares place %(rank)s with %(other)s (%(num)s point each); the table lists it later.",
            "Shares place %(rank)s with %(other)s (%(num)s points each); the table lists it later.",
            abs(points),
            rank=number,
            other=above.modality.shown_table_label,
        )
    theirs = {c.key: c.points for c in above.contributions}
    gaps = sorted(((theirs[c.key] - c.points, c) for c in contributions), key=lambda item: -item[0])
    gap, decisive = gaps[0]
    return ngettext(
        "Place %(rank)s with %(points)s, %(num)s point fewer than %(other)s, mostly because of "
        "%(characteristic)s (%(mine)s against %(theirs)s).",
        "Place %(rank)s with %(points)s, %(num)s points fewer than %(other)s, mostly because of "
        "%(characteristic)s (%(mine)s against %(theirs)s).",
        above.points - points,
        rank=number,
        points=points_text(points).lstrip("+"),
        other=above.modality.shown_table_label,
        characteristic=decisive.label,
        mine=decisive.symbol,
        theirs=SCORE_SYMBOLS[above.modality.scores[decisive.key]],
    )
