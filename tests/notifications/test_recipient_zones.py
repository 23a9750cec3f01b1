"""Every mail is written for its recipient: their language, and times in their own zone with
the Brussels time beside them when the clocks differ; reminders with a clock time ("the day
before at 9:00") are due at that time where the recipient lives (issue 18).

Rwanda (Africa/Kigali) is UTC+2 all year: an hour ahead of Brussels in winter, the same in
summer. Benin (Africa/Porto-Novo) is UTC+1 all year: Brussels' winter time. The dates are
chosen in winter so Kigali differs and Porto-Novo does not.
"""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.scheduling.invites import KIND as INVITE_KIND
from tests.builders import brussels, create_person, create_session, create_track, registered

NOW = brussels(2027, 1, 11, 8)  # a Monday in winter
STARTS = brussels(2027, 1, 14, 9, 30)  # Thursday 14 January 2027, 9.30 in Brussels


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def mails(kind):
    query = select(OutboundMessage).where(OutboundMessage.kind == kind)
    return {m.recipient_email: m for m in db.session.scalars(query.order_by(OutboundMessage.id))}


def people_in(track):
    people = {
        "kigali@example.rw": create_person(
            "kigali@example.rw", locale="fr", time_zone="Africa/Kigali", organization=""
        ),
        "zakpota@example.bj": create_person(
            "zakpota@example.bj", locale="fr", time_zone="Africa/Porto-Novo", organization=""
        ),
        "sofie@example.org": create_person("sofie@example.org"),
    }
    for person in people.values():
        registered(person, track)
    return people


def test_an_invitation_is_written_in_each_recipients_language_and_zone(ctx):
    track = create_track()
    people_in(track)
    create_session(track, STARTS, title="Labo 1")
    invites = mails(INVITE_KIND)
    kigali, zakpota, sofie = (
        invites[e] for e in ("kigali@example.rw", "zakpota@example.bj", "sofie@example.org")
    )
    assert kigali.locale == zakpota.locale == "fr" and sofie.locale == "nl"
    assert "jeu. 14 janv. 2027, 10 h 30–13 h 30" in kigali.subject
    assert "(heure normale d’Afrique centrale ; 9 h 30–12 h 30 à Bruxelles)" in kigali.body_text
    # Porto-Novo reads the same clock as Brussels in winter: no Brussels time beside it.
    assert "jeu. 14 janv. 2027, 9 h 30–12 h 30" in zakpota.subject
    assert "Bruxelles)" not in zakpota.body_text
    assert "do 14 jan 2027, 9.30–12.30 uur" in sofie.subject
    assert "tijd" not in sofie.subject
    # The invitation itself stays in UTC, whoever reads it.
    assert "DTSTART:20270114T083000Z" in kigali.ical and "DTSTART:20270114T083000Z" in sofie.ical


def test_a_reminder_the_day_before_at_nine_is_due_at_nine_where_the_recipient_lives(ctx):
    track = create_track(offsets=["P1D@09:00"])
    people_in(track)
    create_session(track, STARTS, title="Labo 1")
    # Wednesday 13 January, 8.00 in Brussels is 9.00 in Kigali: only Kigali's is due.
    assert sweep(brussels(2027, 1, 13, 7, 59)) == 0
    assert sweep(brussels(2027, 1, 13, 8)) == 1
    assert set(mails("reminder/session")) == {"kigali@example.rw"}
    # 9.00 in Brussels is 9.00 in Porto-Novo in winter.
    assert sweep(brussels(2027, 1, 13, 9)) == 2
    reminders = mails("reminder/session")
    assert set(reminders) == {"kigali@example.rw", "zakpota@example.bj", "sofie@example.org"}
    assert reminders["kigali@example.rw"].idempotency_key.endswith(":before:P1D@09:00")
    assert reminders["kigali@example.rw"].subject == (
        "Rappel : Labo 1 le jeu. 14 janv. 2027, 10 h 30–13 h 30 "
        "(heure normale d’Afrique centrale ; 9 h 30–12 h 30 à Bruxelles)"
    )
    assert reminders["sofie@example.org"].subject.startswith("Herinnering")
    assert sweep(brussels(2027, 1, 13, 10)) == 0


def test_an_offset_with_a_clock_time_is_checked(ctx):
    from lmb.scheduling.ics import parse_offset

    assert parse_offset("P1D@09:00") == timedelta(days=1)
    for wrong in ("P1D@9", "P1D@25:00", "PT2H@09:00", "P1D@"):
        with pytest.raises(ValueError):
            parse_offset(wrong)


def test_flask_babels_formatting_follows_the_reader_a_mail_is_written_for(ctx):
    from flask_babel import format_datetime, get_locale, get_timezone, to_user_timezone

    from lmb.core.i18n import force_reader

    with force_reader("fr", "Africa/Kigali"):
        assert str(get_locale()) == "fr" and str(get_timezone()) == "Africa/Kigali"
        assert format_datetime(STARTS, "HH:mm") == "10:30"
        assert to_user_timezone(STARTS).hour == 10
    assert str(get_timezone()) == "Europe/Brussels"
