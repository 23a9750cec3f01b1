"""Every mail kind that shows a time shows it in the recipient's zone, with the Brussels time
beside it when the clocks differ (issue 18; lmb.core.dates: moment, span, ReaderTime).

Each kind is written through its real path (the cases of test_mail_markup) for a recipient in
Africa/Kigali: UTC+2 all year, an hour ahead of Brussels in winter, the same clock in summer.
A clock time written any other way (a hand-made "10:30", a time in Brussels' zone without
the zone's name, a missing Brussels time) fails."""

import html
import re
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from tests.builders import brussels
from tests.notifications import test_mail_markup as markup

KIGALI = "Africa/Kigali"
WINTER = brussels(2027, 1, 11, 8)  # Brussels UTC+1, Kigali UTC+2
SUMMER = brussels(2027, 7, 12, 8)  # Brussels UTC+2, Kigali UTC+2
# The kinds that show a time (a session, a deadline, a moment): each must show one.
TIMED = {
    "account/locked",
    "invite/session",
    "news/registration_open",
    "reminder/registration_closing",
    "reminder/session",
    "review/notice",
}
ZONE_NAME = "Centraal-Afrikaanse tijd"
# A Dutch clock time (or two, a span) with what follows it: the zone's name and, when the
# clocks differ, the Brussels time (possibly on another day).
TIME = re.compile(
    r"(?P<clock>\d{1,2})\.(?P<minutes>\d{2})(?:–\d{1,2}\.\d{2})? uur"
    r"(?P<zone> \((?P<name>[^;)]*)(?:; (?:[^)]*, )?(?P<brussels>\d{1,2})\.\d{2}[^)]* in Brussel)?\))?"
)
# A clock written by hand ("10:30"), never ours in Dutch.
HAND_CLOCK = re.compile(r"(?<![\d.:/])\d{1,2}:\d{2}(?![\d:])")


def _visible(body_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", body_html))


def written_for_kigali(app, kind, now):
    with time_machine.travel(now, tick=False), app.test_request_context():
        markup.LOCALE["value"], markup.ZONE["value"] = "nl", KIGALI
        try:
            markup.CASES[kind]()
            db.session.commit()
            messages = db.session.scalars(
                select(OutboundMessage).where(OutboundMessage.kind == kind)
            ).all()
            texts = [(m.subject, m.body_text, _visible(m.body_html)) for m in messages]
        finally:
            markup.ZONE["value"] = "Europe/Brussels"
            db.session.commit()
            db.session.remove()
    return texts


@pytest.mark.parametrize("season", ["winter", "summer"])
@pytest.mark.parametrize("kind", markup.KINDS)
def test_every_mail_kind_gives_times_in_the_recipients_zone_with_brussels_beside(app, kind, season):
    texts = written_for_kigali(app, kind, WINTER if season == "winter" else SUMMER)
    assert texts, f"the case wrote no {kind} message"
    shown = 0
    for parts in texts:
        for text in parts:
            assert not HAND_CLOCK.search(text), (kind, text)
            for found in TIME.finditer(text):
                shown += 1
                assert found["zone"], (kind, "a time without its zone's name", text)
                assert found["name"] == ZONE_NAME, (kind, text)
                if season == "winter":
                    assert found["brussels"], (kind, "no Brussels time beside it", text)
                    hour, brussels_hour = int(found["clock"]), int(found["brussels"])
                    assert (hour - brussels_hour) % 24 == 1, (kind, text)
                else:
                    assert not found["brussels"], (kind, "the same clock: none beside it", text)
    if kind in TIMED:
        assert shown, f"{kind} shows no time in the recipient's zone"


def test_a_reader_time_is_written_for_whoever_reads_the_mail(app):
    from lmb.core.dates import ReaderTime
    from lmb.core.i18n import force_reader

    moment = ReaderTime(datetime(2027, 1, 14, 8, 30, tzinfo=brussels(2027, 1, 1).tzinfo))
    with app.app_context():
        with force_reader("fr", KIGALI):
            assert str(moment) == (
                "jeu. 14 janv. 2027, 9 h 30 (heure normale d’Afrique centrale ; 8 h 30 à Bruxelles)"
            )
        with force_reader("nl", "Europe/Brussels"):
            assert str(moment) == "do 14 jan 2027, 8.30 uur"


def test_no_module_writes_a_time_but_lmb_core_dates():
    """A time formatted elsewhere (flask-babel's or Babel's format_datetime/format_time) would
    miss the zone's name and the Brussels time: only lmb/core/dates.py writes times."""
    root = Path(__file__).resolve().parents[2] / "lmb"
    writers = re.compile(
        r"from (flask_babel|babel\.dates) import [^\n]*\b(format_datetime|format_time)\b"
        r"|\b(flask_babel|babel\.dates)\.(format_datetime|format_time)\b"
    )
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "dates.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == [], found
