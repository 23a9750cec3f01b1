"""The chooser's reasons say the right thing for each direction of a wish: a wish for more of a
characteristic makes ++ and +++ a plus and - a minus; a wish for less (a short term, a low
budget, less of anything) makes - and + a plus and +++ a minus. In Dutch and English."""

import pytest
from flask_babel import force_locale

from lmb.extensions import db
from lmb.modalities import ranking, services
from lmb.modalities.models import CHARACTERISTIC_KEYS

# Expected, written out here rather than taken from the code: verdict per (direction, score).
VERDICT = {
    "more": {3: "Pluspunt", 2: "Pluspunt", 1: "Deels een pluspunt", -1: "Minpunt"},
    "less": {-1: "Pluspunt", 1: "Pluspunt", 2: "Deels een pluspunt", 3: "Minpunt"},
}
# What the person asked for, per kind of characteristic and weight (the form's choices and the
# API's other weights).
WISH = {
    "general": {
        3: "u vindt dit zeer belangrijk",
        2: "u vindt dit belangrijk",
        1: "u vindt dit enigszins belangrijk",
        -1: "u wilt hier liever iets minder van",
        -2: "u wilt hier liever minder van",
        -3: "u wilt hier zo weinig mogelijk van",
    },
    "term": {
        3: "u zoekt een lange termijn",
        2: "u zoekt een lange termijn",
        1: "u zoekt een eerder lange termijn",
        -1: "u zoekt een eerder korte termijn",
        -2: "u zoekt een korte termijn",
        -3: "u zoekt een korte termijn",
    },
    "budget": {
        3: "u wilt een groot budget inzetten",
        2: "u wilt een aanzienlijk budget inzetten",
        1: "u kunt enig budget inzetten",
        -1: "u zoekt een eerder beperkt budget",
        -2: "u zoekt een laag budget",
        -3: "u zoekt een zo laag mogelijk budget",
    },
}
SYMBOL = {-1: "-", 1: "+", 2: "++", 3: "+++"}


def rank(weights):
    return ranking.rank(services.modalities(), weights)


@pytest.mark.parametrize("weight", [3, 2, 1, -1, -2, -3])
@pytest.mark.parametrize("key", CHARACTERISTIC_KEYS)
def test_each_characteristic_reads_right_in_each_direction(app, seeded, key, weight):
    direction = "more" if weight > 0 else "less"
    with app.app_context():
        ranked = rank({key: weight})
        wish = WISH[key if key in ("term", "budget") else "general"][weight]
        for item in ranked:
            score = item.modality.scores[key]
            reason = item.reasons[1]
            expected_points = weight * score if direction == "more" else -weight * (3 - score)
            assert item.points == expected_points
            assert reason.startswith(VERDICT[direction][score] + ": "), reason
            assert f"({SYMBOL[score]}); {wish} (" in reason, reason
            shown = f"{expected_points:+d}" if expected_points else "0"
            unit = "punt" if abs(expected_points) == 1 else "punten"
            assert reason.endswith(f"({shown} {unit}).") and "  " not in reason, reason
            if direction == "less":
                assert item.points >= 0  # a wish for less never shows negative points
        # The form that fits best comes first, and is a plus.
        scores = [item.modality.scores[key] for item in ranked]
        assert scores == sorted(scores, reverse=direction == "more")
        assert ranked[0].reasons[1].startswith("Pluspunt")
        db.session.remove()


def test_a_wish_for_a_short_term_is_a_plus_for_a_short_term_form(app, seeded):
    with app.app_context():
        aid = next(i for i in rank({"term": -3}) if i.modality.slug == "humanitaire-hulp")
        assert (
            aid.reasons[1]
            == "Pluspunt: Termijn is kort (+); u zoekt een korte termijn (+6 punten)."
        )
        band = next(i for i in rank({"term": -3}) if i.modality.slug == "stedenband")
        assert (
            band.reasons[1]
            == "Minpunt: Termijn is lang (+++); u zoekt een korte termijn (0 punten)."
        )
        long = next(i for i in rank({"term": 3}) if i.modality.slug == "stedenband")
        assert long.reasons[1] == (
            "Pluspunt: Termijn is lang (+++); u zoekt een lange termijn (+9 punten)."
        )
        db.session.remove()


def test_the_reasons_read_in_english_with_singular_and_plural(app, seeded):
    with app.test_request_context(), force_locale("en"):
        items = {i.modality.slug: i for i in rank({"term": -1, "civil_society": 1})}
        aid = items["humanitaire-hulp"]
        assert (
            "In favour: Term is short (+); you are looking for a rather short term (+2 points)."
            in aid.reasons
        )
        networks = items["mondiale-netwerken"]
        assert (
            "Partly in favour: Involvement of civil society is limited (+); you find it somewhat "
            "important (+1 point)." in networks.reasons
        )
        band = items["stedenband"]
        assert (
            "Against: Term is long (+++); you are looking for a rather short term (0 points)."
            in (band.reasons)
        )
        first = next(iter(items.values()))
        assert first.reasons[0].startswith("Ranked first with ")
        assert "1 points" not in " ".join(r for i in items.values() for r in i.reasons)
        db.session.remove()


def test_a_tie_and_a_gap_of_one_point_are_worded_in_the_singular(app, seeded):
    with app.app_context():
        ranked = rank({"civil_society": 1})
        # +++ rows 3 points each (a tie), then ++ rows 2: one point fewer.
        tie = ranked[1]
        assert (
            tie.reasons[0].startswith("Deelt plaats 1 met ") and "(elk 3 punten)" in tie.reasons[0]
        )
        gap = next(i for i in ranked if i.points == 2)
        assert gap.reasons[0].startswith("Plaats ") and ", 1 punt minder dan " in gap.reasons[0]
        db.session.remove()
