"""One table of seasons: a programme's milestone and an action plan's "Wanneer" that name the
same season mean the same days, and the timeline reads the season back from them."""

from datetime import date

import pytest

from lmb.core.seasons import SEASON_WORDS, season_span
from lmb.evaluations.periods import derive
from lmb.tracks.services.programme_changes import parse_period


@pytest.mark.parametrize("word", sorted(SEASON_WORDS))
@pytest.mark.parametrize("year", [2016, 2024])
def test_every_season_word_means_the_same_days_in_programmes_and_action_plans(word, year):
    starts_on, ends_on, _precision = parse_period(f"{word} {year}")
    assert (starts_on, ends_on) == season_span(SEASON_WORDS[word], year)
    if word not in ("spring", "summer", "autumn", "fall"):  # action plans are written in Dutch
        assert derive(f"{word.capitalize()} {year}") == (starts_on, ends_on)


def test_a_winter_runs_into_the_next_year_and_knows_leap_years():
    assert season_span("winter", 2023) == (date(2023, 12, 1), date(2024, 2, 29))
    assert season_span("autumn", 2026) == (date(2026, 9, 1), date(2026, 11, 30))


@pytest.mark.parametrize("word", ["voorjaar", "zomer", "najaar", "winter"])
def test_the_timeline_reads_the_season_back(app, word):
    from lmb.core.templating import period

    starts_on, ends_on, precision = parse_period(f"{word} 2026")
    with app.test_request_context():
        assert period(starts_on, ends_on, precision).lower() == f"{word} 2026"
