"""Reminders are swept from the database at a given moment: exactly the due ones, once."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lmb.extensions import db
from lmb.notifications.models import MessageStatus, OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.scheduling import services as scheduling
from lmb.tracks.models import RegistrationStatus, TrackInterest, TrackStatus
from tests.builders import brussels, create_person, create_session, create_track, registered
from tests.outbox import flush

NOW = brussels(2026, 3, 2, 9)  # a Monday morning


@pytest.fixture(autouse=True)
def frozen_clock():
    """Messages are written at NOW, so that a flush "at NOW" finds them due."""
    with time_machine.travel(NOW, tick=False):
        yield


def outbox(kind="reminder/session"):
    """The outbox's messages of one kind (sessions also send calendar invites)."""
    query = select(OutboundMessage).order_by(OutboundMessage.id)
    if kind:
        query = query.where(OutboundMessage.kind == kind)
    return db.session.scalars(query).all()


def test_a_sweep_writes_exactly_the_due_reminders_and_a_second_sweep_none(ctx):
    track = create_track()
    sofie, tom, waiting, gone = (
        create_person(e)
        for e in ("sofie@example.org", "tom@example.org", "wacht@example.org", "weg@example.org")
    )
    for person in (sofie, tom):
        registered(person, track)
    registered(waiting, track, RegistrationStatus.waitlisted)
    registered(gone, track, RegistrationStatus.cancelled)
    in_a_week = create_session(track, NOW + timedelta(days=7, hours=1), title="Labo 1")
    tomorrow = create_session(track, NOW + timedelta(hours=23), title="Labo 2")
    create_session(track, NOW + timedelta(days=8, hours=1), title="Labo 3")  # not yet due
    create_session(track, NOW - timedelta(hours=1), title="Al begonnen")  # started

    assert sweep(NOW) == 2  # Labo 2 is tomorrow for both; Labo 1 is not yet 7 days away
    assert sweep(NOW + timedelta(hours=1)) == 2  # Labo 1 now is exactly 7 days away
    assert sweep(NOW + timedelta(hours=1)) == 0
    keys = sorted(m.idempotency_key for m in outbox())
    assert keys == sorted(
        f"reminder:session:{session.id}:seq:0:user:{person.id}:before:{offset}"
        for session, offset in ((tomorrow, "P1D"), (in_a_week, "P7D"))
        for person in (sofie, tom)
    )
    assert {m.recipient_email for m in outbox()} == {"sofie@example.org", "tom@example.org"}


def test_someone_registering_the_day_before_gets_only_the_tomorrow_reminder(ctx):
    track = create_track()
    create_session(track, NOW + timedelta(hours=20))
    registered(create_person("laat@example.org"), track)
    assert sweep(NOW) == 1
    assert outbox()[0].idempotency_key.endswith(":before:P1D")


def test_offsets_are_configurable_per_track(ctx):
    track = create_track(offsets=["PT2H"])
    registered(create_person("sofie@example.org"), track)
    create_session(track, NOW + timedelta(hours=23))
    assert sweep(NOW) == 0
    assert sweep(NOW + timedelta(hours=21)) == 1
    assert outbox()[0].idempotency_key.endswith(":before:PT2H")


def test_a_moved_session_drops_the_old_reminders_and_gets_new_ones(ctx, app, smtp_server):
    track = create_track()
    registered(create_person("sofie@example.org"), track)
    session = create_session(track, NOW + timedelta(hours=20), title="Labo 1")
    assert sweep(NOW) == 1
    # Moved to next week before the reminder went out.
    scheduling.change_session(
        session, starts_at=NOW + timedelta(days=6), ends_at=NOW + timedelta(days=6, hours=3)
    )
    assert sweep(NOW) == 1  # the 7-day reminder of the new time
    flush(now=NOW)
    [mail] = [m for m in smtp_server.messages if m["Subject"].startswith("Herinnering")]
    assert "Labo 1" in mail["Subject"]
    old, new = outbox()
    assert old.status is MessageStatus.dropped and ":seq:0:" in old.idempotency_key
    assert new.status is MessageStatus.sent and ":seq:1:" in new.idempotency_key
    # The day before the new time: the tomorrow reminder, for the new time only.
    assert sweep(NOW + timedelta(days=5, hours=1)) == 1
    assert outbox()[-1].idempotency_key.endswith(f":seq:1:user:{new.recipient_user_id}:before:P1D")


def test_a_cancelled_session_sends_no_reminders(ctx, smtp_server):
    track = create_track()
    registered(create_person("sofie@example.org"), track)
    session = create_session(track, NOW + timedelta(hours=20))
    assert sweep(NOW) == 1
    scheduling.cancel_session(session)
    assert sweep(NOW) == 0
    flush(now=NOW)
    assert [m.status for m in outbox()] == [MessageStatus.dropped]
    assert not [m for m in smtp_server.messages if m["Subject"].startswith("Herinnering")]


def test_registration_closing_reminds_those_who_asked_and_did_not_register(ctx):
    track = create_track(
        status=TrackStatus.open,
        opens_at=NOW - timedelta(days=10),
        closes_at=NOW + timedelta(days=2),
    )
    asked, asked_and_registered, never_asked = (
        create_person(e) for e in ("vraag@example.org", "al@example.org", "niet@example.org")
    )
    for person in (asked, asked_and_registered):
        db.session.add(TrackInterest(track=track, user=person))
    db.session.commit()
    registered(asked_and_registered, track)
    assert sweep(NOW) == 1
    [message] = outbox("reminder/registration_closing")
    assert message.recipient_email == "vraag@example.org"
    assert message.kind == "reminder/registration_closing"
    assert sweep(NOW + timedelta(hours=3)) == 0


def test_reminders_are_in_the_recipients_language_and_brussels_time(ctx, smtp_server):
    track = create_track()
    registered(create_person("sofie@example.org", locale="nl"), track)
    registered(create_person("ann@example.org", locale="en"), track)
    create_session(track, brussels(2026, 3, 3, 9, 30), title="Labo 1")
    sweep(NOW)
    flush(now=NOW)
    dutch, english = (
        next(
            m for m in smtp_server.to(address) if m["Subject"].startswith(("Herinnering", "Remind"))
        )
        for address in ("sofie@example.org", "ann@example.org")
    )
    # The session's start and end, as its reader writes them (issue 14).
    assert dutch["Subject"] == "Herinnering: Labo 1 op di 3 mrt 2026, 9.30–12.30 uur"
    assert english["Subject"] == "Reminder: Labo 1 on Tue 3 Mar 2026, 9:30–12:30"
    assert "di 3 mrt 2026, 9.30–12.30 uur" in smtp_server.text_of(dutch)
    assert "Tue 3 Mar 2026, 9:30–12:30" in smtp_server.text_of(english)


def test_people_who_opted_out_get_no_reminders(ctx):
    from lmb.notifications.subscriptions import set_reminders

    track = create_track()
    person = create_person("rust@example.org")
    registered(person, track)
    set_reminders(person.id, wanted=False)
    create_session(track, NOW + timedelta(hours=20))
    assert sweep(NOW) == 0


def test_the_sweep_command_sweeps_as_of_the_given_moment(app):
    with app.app_context():
        track = create_track()
        registered(create_person("sofie@example.org"), track)
        create_session(track, NOW + timedelta(days=3))
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders", "sweep", "--now", "2026-03-02T09:00:00+01:00"])
    assert result.exit_code == 0, result.output
    assert "reminders written: 1" in result.output
    again = runner.invoke(args=["reminders", "sweep", "--now", "2026-03-02T09:00"])
    assert "reminders written: 0" in again.output
    bad = runner.invoke(args=["reminders", "sweep", "--now", "gisteren"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


def test_the_scheduler_job_sweeps_at_the_clocks_time(ctx):
    from lmb.notifications.scheduler import sweep_reminders

    track = create_track()
    registered(create_person("sofie@example.org"), track)
    create_session(track, NOW + timedelta(hours=20))
    assert sweep_reminders() == 1
