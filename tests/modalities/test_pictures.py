"""The wegwijzer's table as a heat map (a class per score level, the symbol still in the cell)
and the ranking with a score bar per form, proportional to its points (issue 14)."""

import re

from lmb.extensions import db
from lmb.modalities import services
from lmb.modalities.models import CHARACTERISTIC_KEYS, SCORE_SYMBOLS


def test_each_cell_of_the_table_is_coloured_by_its_score_and_keeps_its_symbol(app, seeded, browser):
    with app.app_context():
        rows = [[m.scores[key] for key in CHARACTERISTIC_KEYS] for m in services.modalities()]
        db.session.remove()
    page = browser.get("/wegwijzer").get_data(as_text=True)
    table = re.search(r'<table class="wegwijzer">(.*?)</table>', page, re.S).group(1)
    cells = re.findall(r'<td class="heat heat-(\d)"><span aria-hidden="true">([^<]*)</span>', table)
    expected = [(str(max(score, 0)), SCORE_SYMBOLS[score]) for row in rows for score in row]
    assert cells == expected
    assert {level for level, _ in cells} == {"0", "1", "2", "3"}
    assert page.count('class="heat heat-') == len(expected) + 4  # and the legend's four levels


def bars(page):
    return re.findall(
        r'<svg class="score-bar" role="img" aria-labelledby="(score-\d+)".*?'
        r'<title id="\1">([^<]*)</title>.*?'
        r'<rect class="score-(positive|negative)" x="([\d.]+)" y="2" width="([\d.]+)"',
        page,
        re.S,
    )


def test_the_ranking_draws_a_bar_per_form_proportional_to_its_points(browser, seeded):
    page = browser.get("/wegwijzer?governance=3&reciprocity=3").get_data(as_text=True)
    found = bars(page)
    assert len(found) == 8
    # 18 points (stedenband) fill the 300 units; 12 points two thirds; 0 points nothing.
    assert found[0][1] == "Scorebalk: 18 punten; de beste vorm heeft er 18."
    assert [(kind, float(x), float(w)) for _, _, kind, x, w in found[:2]] == [
        ("positive", 0.0, 300.0),
        ("positive", 0.0, 200.0),
    ]
    assert float(found[-1][4]) == 0.0
    assert len({label for label, *_ in found}) == 8  # ids unique, ties included


def test_negative_points_run_left_of_zero(browser, seeded):
    # Governance very important: "-" rows score -3, the stedenband's "+++" 9.
    page = browser.get("/wegwijzer?governance=3").get_data(as_text=True)
    found = bars(page)
    # From -3 to 9: zero a quarter of the way (75 of 300 units).
    assert [kind for _, _, kind, _, _ in found] == ["positive"] * 5 + ["negative"] * 3
    first, last = found[0], found[-1]
    assert (float(first[3]), float(first[4])) == (75.0, 225.0)
    assert (float(last[3]), float(last[4])) == (0.0, 75.0)
    assert last[1] == "Scorebalk: -3 punten; de beste vorm heeft er 9."


def test_a_wish_for_less_gives_no_negative_points(browser, seeded):
    page = browser.get("/wegwijzer?term=-3&budget=-3").get_data(as_text=True)
    found = bars(page)
    # 12 points for humanitarian aid (+ term, + budget) down to 0 for the stedenband.
    assert [kind for _, _, kind, _, _ in found] == ["positive"] * 8
    assert found[0][1] == "Scorebalk: 12 punten; de beste vorm heeft er 12."
    assert float(found[-1][4]) == 0.0
