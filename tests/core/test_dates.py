"""The one way dates and times are written (issue 14): "do 14 jan 2027, 9.30–12.30 uur"."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import render_template_string
from flask_babel import force_locale

from lmb.core.dates import day_text, days_text, moment_text, span_text

BRUSSELS = ZoneInfo("Europe/Brussels")


def brussels(*parts) -> datetime:
    return datetime(*parts, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nl", "do 14 jan 2027, 9.30–12.30 uur"),
        ("en", "Thu 14 Jan 2027, 9:30–12:30"),
        ("fr", "jeu. 14 janv. 2027, 9 h 30–12 h 30"),
    ],
)
def test_a_session_on_one_day(locale, expected):
    assert span_text(brussels(2027, 1, 14, 9, 30), brussels(2027, 1, 14, 12, 30), locale) == (
        expected
    )


def test_a_day_and_a_moment_never_with_seconds():
    moment = brussels(2027, 1, 14, 9, 30, 45)
    assert day_text(moment, "nl") == "do 14 jan 2027"
    assert day_text(date(2027, 1, 14), "en") == "Thu 14 Jan 2027"
    assert moment_text(moment, "nl") == "do 14 jan 2027, 9.30 uur"
    assert moment_text(moment, "en") == "Thu 14 Jan 2027, 9:30"


def test_abbreviations_have_no_trailing_dots():
    # Every month and weekday of a year, as Babel names them in Dutch, without its dots.
    texts = [day_text(date(2027, month, day), "nl") for month in range(1, 13) for day in (1, 4)]
    assert not [text for text in texts if "." in text]
    assert day_text(date(2027, 3, 3), "nl") == "wo 3 mrt 2027"
    assert day_text(date(2027, 5, 13), "nl") == "do 13 mei 2027"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("nl", "do 14 jan 2027, 9.30 uur – vr 15 jan 2027, 12.30 uur"),
        ("en", "Thu 14 Jan 2027, 9:30 – Fri 15 Jan 2027, 12:30"),
    ],
)
def test_a_session_over_two_days_names_both_in_full(locale, expected):
    assert span_text(brussels(2027, 1, 14, 9, 30), brussels(2027, 1, 15, 12, 30), locale) == (
        expected
    )


def test_midnight():
    # Ending at the midnight that closes its day, an evening stays on one day.
    evening = span_text(brussels(2027, 1, 14, 20), brussels(2027, 1, 15, 0), "nl")
    assert evening == "do 14 jan 2027, 20.00–0.00 uur"
    assert moment_text(brussels(2027, 1, 15, 0, 0), "en") == "Fri 15 Jan 2027, 0:00"
    # Past that midnight it is two days.
    late = span_text(brussels(2027, 1, 14, 22), brussels(2027, 1, 15, 1), "nl")
    assert late == "do 14 jan 2027, 22.00 uur – vr 15 jan 2027, 1.00 uur"


def test_moments_stored_in_utc_are_shown_in_belgian_time_across_dst():
    # Summer time: UTC+2.
    assert moment_text(datetime(2027, 7, 14, 7, 30, tzinfo=UTC), "nl") == (
        "wo 14 jul 2027, 9.30 uur"
    )
    # The night the clocks go forward (28 March 2027, 2.00 → 3.00): one hour apart.
    spring = span_text(
        datetime(2027, 3, 28, 0, 30, tzinfo=UTC), datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "nl"
    )
    assert spring == "zo 28 mrt 2027, 1.30–3.30 uur"
    # The night they go back (31 October 2027, 3.00 → 2.00): 2.30 comes twice.
    assert moment_text(datetime(2027, 10, 31, 0, 30, tzinfo=UTC), "nl") == (
        "zo 31 okt 2027, 2.30 uur"
    )
    assert moment_text(datetime(2027, 10, 31, 1, 30, tzinfo=UTC), "nl") == (
        "zo 31 okt 2027, 2.30 uur"
    )
    # A naive moment (as SQLite gives it back) is UTC.
    assert moment_text(datetime(2027, 1, 14, 8, 30), "nl") == "do 14 jan 2027, 9.30 uur"


def test_the_zone_is_named_only_for_a_time_not_in_belgium():
    starts, ends = brussels(2027, 1, 14, 9, 30), brussels(2027, 1, 14, 12, 30)
    assert "tijd" not in span_text(starts, ends, "nl")
    assert span_text(starts, ends, "nl", "Africa/Kampala") == (
        "do 14 jan 2027, 11.30–14.30 uur (Oost-Afrikaanse tijd; 9.30–12.30 uur in Brussel)"
    )
    assert moment_text(starts, "en", "Africa/Kampala") == (
        "Thu 14 Jan 2027, 11:30 (East Africa Time; 9:30 in Brussels)"
    )


def test_kigali_reads_its_own_time_with_brussels_beside_it_in_winter_only():
    # Rwanda is UTC+2 all year: an hour ahead of Brussels in winter, the same in summer.
    winter = span_text(
        brussels(2027, 1, 14, 9, 30), brussels(2027, 1, 14, 12, 30), "fr", "Africa/Kigali"
    )
    assert winter == (
        "jeu. 14 janv. 2027, 10 h 30–13 h 30 "
        "(heure normale d’Afrique centrale ; 9 h 30–12 h 30 à Bruxelles)"
    )
    summer = span_text(
        brussels(2027, 6, 17, 9, 30), brussels(2027, 6, 17, 12, 30), "fr", "Africa/Kigali"
    )
    assert summer == "jeu. 17 juin 2027, 9 h 30–12 h 30 (heure normale d’Afrique centrale)"


def test_porto_novo_differs_from_brussels_in_summer_only():
    # Benin is UTC+1 all year: Brussels' winter time, an hour behind Brussels in summer.
    winter = moment_text(brussels(2027, 1, 14, 9, 30), "fr", "Africa/Porto-Novo")
    assert winter == "jeu. 14 janv. 2027, 9 h 30 (heure d’Afrique de l’Ouest)"
    summer = moment_text(brussels(2027, 6, 17, 0, 30), "fr", "Africa/Porto-Novo")
    assert summer == (
        "mer. 16 juin 2027, 23 h 30 "
        "(heure d’Afrique de l’Ouest ; jeu. 17 juin 2027, 0 h 30 à Bruxelles)"
    )


def test_french_keeps_the_dots_of_its_abbreviations():
    assert day_text(date(2027, 1, 14), "fr") == "jeu. 14 janv. 2027"
    assert day_text(date(2027, 5, 14), "fr") == "ven. 14 mai 2027"
    assert days_text(date(2027, 1, 14), date(2027, 2, 1), "fr") == (
        "jeu. 14 janv. 2027 – lun. 1 févr. 2027"
    )


def test_a_period_of_days():
    assert days_text(date(2027, 1, 14), date(2027, 2, 1), "nl") == "do 14 jan 2027 – ma 1 feb 2027"
    assert days_text(date(2027, 1, 14), date(2027, 1, 14), "en") == "Thu 14 Jan 2027"
    assert days_text(None, None, "nl") == ""


class _Session:
    starts_at = brussels(2027, 1, 14, 9, 30)
    ends_at = brussels(2027, 1, 14, 12, 30)


def test_the_template_filters_write_in_the_readers_language(ctx):
    template = "{{ s|when }} · {{ s.starts_at|day }} · {{ s.starts_at|moment }}"
    with force_locale("nl"):
        dutch = render_template_string(template, s=_Session())
    with force_locale("en"):
        english = render_template_string(template, s=_Session())
    assert dutch == "do 14 jan 2027, 9.30–12.30 uur · do 14 jan 2027 · do 14 jan 2027, 9.30 uur"
    assert english == "Thu 14 Jan 2027, 9:30–12:30 · Thu 14 Jan 2027 · Thu 14 Jan 2027, 9:30"
