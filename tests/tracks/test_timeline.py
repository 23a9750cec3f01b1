"""A programme's page draws its timeline as an SVG with a title, a description and the same
milestones and phases in text beside it (issue 14)."""

import re
from datetime import date

from sqlalchemy import select

from lmb.core.charts import TimeScale, bar_length
from lmb.extensions import db
from lmb.tracks.models import Programme


def svg_of(page: str) -> str:
    match = re.search(r'<svg class="chart-svg".*?</svg>', page, re.S)
    assert match, "no chart on the page"
    return match.group(0)


def counts(app, slug):
    with app.app_context():
        programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
        phased = [t for t in programme.tracks if t.phases]
        return len(programme.milestones), len(phased), sum(len(t.phases) for t in phased)


def test_each_programme_draws_its_milestones_and_phases(app, browser, seeded):
    for slug in ("lokaal-mondiaal-beleid-in-de-praktijk", "sdg-partnerschappen"):
        milestones, tracks, phases = counts(app, slug)
        page = browser.get(f"/programmes/{slug}").get_data(as_text=True)
        svg = svg_of(page)
        assert 'role="img"' in svg
        assert 'aria-labelledby="timeline-title timeline-desc"' in svg
        assert '<title id="timeline-title">Tijdlijn van het programma: mijlpalen, ' in svg
        assert f"{milestones} mijlpalen" in svg
        assert svg.count('class="milestone-mark"') == milestones
        # The same milestones as a numbered list: the numbers in the picture point to it.
        listed = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S).group(1)
        assert listed.count("<li>") == milestones
        assert svg.count('class="phase-bar ') == phases
        assert svg.count('class="track-row"') == tracks
        if tracks:
            table = re.search(r'<table class="phase-table">(.*?)</table>', page, re.S).group(1)
            assert table.count('<th scope="row">') == tracks
            assert "Voedingsbodem" in table
        assert "style=" not in svg


def test_the_lmb_programme_has_seven_tracks_whose_phases_are_not_decided(app, browser, seeded):
    # The timeline draws no row without phases; the table below lists them all.
    assert counts(app, "lokaal-mondiaal-beleid-in-de-praktijk")[1:] == (0, 0)
    page = browser.get("/programmes/lokaal-mondiaal-beleid-in-de-praktijk").get_data(as_text=True)
    # The table of phases lists each track with "nog te bepalen" for each phase.
    assert page.count("Nog te bepalen") == 21


def test_today_is_drawn_only_within_the_programme(app, browser, seeded):
    page = browser.get("/programmes/sdg-partnerschappen").get_data(as_text=True)
    svg = svg_of(page)
    with app.app_context():
        programme = db.session.scalar(
            select(Programme).where(Programme.slug == "sdg-partnerschappen")
        )
        within = programme.starts_on <= date.today() <= programme.ends_on
    assert ('class="today"' in svg) is within
    old = svg_of(
        browser.get("/programmes/lokaal-mondiaal-beleid-in-de-praktijk").get_data(as_text=True)
    )
    assert 'class="today"' not in old


def test_time_scale_and_bars_are_proportional():
    scale = TimeScale(date(2016, 1, 1), date(2018, 12, 31), 60, 720)
    assert scale.x(date(2016, 1, 1)) == 60
    assert scale.x(date(2018, 12, 31)) == 780
    assert scale.x(date(2030, 1, 1)) == 780
    assert [year for year, _ in scale.years()] == [2016, 2017, 2018]
    assert 60 < scale.years()[1][1] < scale.years()[2][1] < 780
    assert bar_length(50, 200, 400) == 100.0
    assert bar_length(300, 200, 400) == 400.0
    assert bar_length(0, 200, 400) == 0.0
    assert bar_length(10, 0, 400) == 0.0
