"""Feedback shows a criterion's spread, with a picture of the scores on its scale, only from
two reviews on: one review has no spread to show (issue 14)."""

import re

from lmb.peer_review import services
from tests.peer_review.test_views import _criteria, assessed  # noqa: F401  (fixture)


def feedback(make_browser, assessed):  # noqa: F811
    coordinator = make_browser()
    coordinator.login(assessed["coordinator"])
    page = coordinator.get(f"/review-submissions/{assessed['submission']}/feedback")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_one_review_shows_its_scores_without_a_spread(assessed, make_browser):  # noqa: F811
    page = feedback(make_browser, assessed)
    table = re.search(r'<table class="score-table">(.*?)</table>', page, re.S).group(1)
    assert "Mediaan" in table
    assert "Spreiding" not in table
    assert "spread-chart" not in page


def test_two_reviews_show_the_spread_and_its_picture(assessed, make_browser, app):  # noqa: F811
    levels, yes_no = _criteria(app, assessed)
    co = make_browser()
    co.login(assessed["co"])
    sent = co.submit(
        f"/review-assignments/{assessed['co_assignment']}/review",
        {
            f"value-{levels}": "3",
            f"value-{yes_no}": "1",
            f"comment-{levels}": "Sterk",
            "action": "submit",
        },
    )
    assert sent.status_code == 302
    with app.app_context():
        round_ = services.get_round(assessed["round"])
        max_levels = round_.criteria[0].max_score
    page = feedback(make_browser, assessed)
    table = re.search(r'<table class="score-table">(.*?)</table>', page, re.S).group(1)
    assert "Spreiding (hoogste − laagste)" in table
    # Mol gave 2, co 3 on the levels criterion: spread 1, median 2.5, on a scale of 0 to max.
    svg = re.search(
        rf'<svg class="spread-chart".*?aria-labelledby="spread-{levels}".*?</svg>', table, re.S
    )
    assert svg, "no spread picture for the levels criterion"
    svg = svg.group(0)
    assert f"Scores van 2 tot 3 op {max_levels}, mediaan 2.5" in svg
    assert svg.count('class="spread-score"') == 2
    xs = [float(x) for x in re.findall(r'class="spread-score" cx="([\d.]+)"', svg)]
    assert sorted(xs) == [round(v / max_levels * 200, 1) for v in (2, 3)]
    median = float(re.search(r'class="spread-median" x1="([\d.]+)"', svg).group(1))
    assert median == round(2.5 / max_levels * 200, 1)
