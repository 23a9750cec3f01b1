"""Invites by mail (iMIP) as a calendar receives them: parsed back from the captured mail."""

from datetime import UTC, timedelta

import pytest
from icalendar import Calendar

from lmb.core.models import utcnow
from lmb.scheduling import services as scheduling
from lmb.tracks import services
from tests.builders import (
    create_open_track,
    create_person,
    create_session,
)
from tests.outbox import flush

NOW = utcnow().replace(second=0, microsecond=0)


@pytest.fixture
def track(ctx):
    return create_open_track()


def calendar_part(mail):
    parts = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    # multipart/mixed [multipart/alternative [text, html, calendar], invite.ics]
    assert mail.get_content_type() == "multipart/mixed"
    assert part in next(mail.iter_parts()).iter_parts()
    calendar = Calendar.from_ical(part.get_content())
    assert calendar.errors == [] and all(c.errors == [] for c in calendar.walk())
    assert part.get_param("method") == str(calendar["METHOD"])
    [event] = calendar.walk("VEVENT")
    return calendar, event


def invites_to(smtp_server, address):
    return [
        calendar_part(m)
        for m in smtp_server.to(address)
        if any(p.get_content_type() == "text/calendar" for p in m.walk())
    ]


def test_confirmation_sends_one_request_per_session_with_every_field(track, smtp_server):
    first = create_session(track, NOW + timedelta(days=41), title="Labo 1")
    create_session(track, NOW + timedelta(days=48), title="Labo 2")
    sofie = create_person("sofie@example.org")
    services.register(sofie, track)
    flush()
    invites = invites_to(smtp_server, "sofie@example.org")
    assert len(invites) == 2
    calendar, event = next(i for i in invites if "Labo 1" in str(i[1]["SUMMARY"]))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == first.uid
    assert int(event["SEQUENCE"]) == 0
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTART"].dt == first.starts_at.astimezone(UTC)
    assert event.to_ical().decode().count("Z\r\n") >= 3  # DTSTART, DTEND, DTSTAMP in UTC
    assert str(event["ORGANIZER"]) == "mailto:leertrajecten@vvsg.example"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:sofie@example.org"
    assert attendee.params["CN"] == "Sofie"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "FALSE"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "List-Unsubscribe" not in smtp_server.to("sofie@example.org")[0]


def test_a_moved_session_sends_the_same_uid_with_a_higher_sequence(track, smtp_server):
    session = create_session(track, NOW + timedelta(days=41))
    services.register(create_person("sofie@example.org"), track)
    flush()
    scheduling.change_session(
        session, starts_at=NOW + timedelta(days=42), ends_at=NOW + timedelta(days=42, hours=3)
    )
    flush()
    (_, before), (calendar, after) = invites_to(smtp_server, "sofie@example.org")
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(calendar["METHOD"]) == "REQUEST"
    assert after["DTSTART"].dt == (NOW + timedelta(days=42)).astimezone(UTC)


def test_an_agenda_only_edit_sends_nothing(track, smtp_server):
    session = create_session(track, NOW + timedelta(days=41))
    services.register(create_person("sofie@example.org"), track)
    flush()
    assert scheduling.change_session(session, agenda="Nieuwe agenda") is False
    flush()
    assert len(smtp_server.messages) == 1


def test_a_cancelled_session_sends_cancel_with_a_higher_sequence(track, smtp_server):
    session = create_session(track, NOW + timedelta(days=41))
    services.register(create_person("sofie@example.org"), track)
    flush()
    scheduling.cancel_session(session)
    flush()
    (_, request), (calendar, cancel) = invites_to(smtp_server, "sofie@example.org")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(cancel["STATUS"]) == "CANCELLED"
    assert str(cancel["UID"]) == str(request["UID"])
    assert int(cancel["SEQUENCE"]) > int(request["SEQUENCE"])


def test_a_cancelled_registration_withdraws_and_a_new_one_outranks_the_withdrawal(
    track, smtp_server
):
    create_session(track, NOW + timedelta(days=41))
    sofie = create_person("sofie@example.org")
    registration = services.register(sofie, track)
    flush()
    services.cancel(registration, by=sofie)
    flush()
    services.register(sofie, track)
    flush()
    methods = [
        (str(c["METHOD"]), int(e["SEQUENCE"]))
        for c, e in invites_to(smtp_server, "sofie@example.org")
    ]
    assert methods == [("REQUEST", 0), ("CANCEL", 1), ("REQUEST", 2)]


def test_promotion_from_the_waiting_list_brings_the_invites(track, smtp_server):
    create_session(track, NOW + timedelta(days=41))
    sofie, tom = create_person("sofie@example.org"), create_person("tom@example.org")
    first = services.register(sofie, track)
    services.register(tom, track)
    flush()
    assert invites_to(smtp_server, "tom@example.org") == []
    services.cancel(first, by=sofie)
    flush()
    [(calendar, _event)] = invites_to(smtp_server, "tom@example.org")
    assert str(calendar["METHOD"]) == "REQUEST"


def test_a_session_added_later_reaches_everyone_confirmed(track, smtp_server):
    track.capacity = 5
    for email in ("a@example.org", "b@example.org"):
        services.register(create_person(email), track)
    flush()
    create_session(track, NOW + timedelta(days=50), title="Extra bijeenkomst")
    flush()
    for address in ("a@example.org", "b@example.org"):
        [(_c, event)] = invites_to(smtp_server, address)
        assert "Extra bijeenkomst" in str(event["SUMMARY"])


# A CANCEL only for an invitation that reached the person (issue 15)


def mails_since(smtp_server, count):
    return smtp_server.messages[count:]


def test_a_session_created_and_cancelled_before_any_dispatch_sends_nothing(track, smtp_server):
    sofie, tom = create_person("sofie@example.org"), create_person("tom@example.org")
    services.register(sofie, track)
    services.register(tom, track)
    flush()
    before = len(smtp_server.messages)
    session = create_session(track, NOW + timedelta(days=41))
    scheduling.cancel_session(session)
    result = flush()
    assert mails_since(smtp_server, before) == []
    assert result.sent == 0


def test_a_cancel_follows_a_request_that_left_even_when_a_later_one_was_dropped(track, smtp_server):
    session = create_session(track, NOW + timedelta(days=41))
    services.register(create_person("sofie@example.org"), track)
    flush()
    # Moved and cancelled before the dispatcher ran: the REQUEST of the move is dropped,
    # the CANCEL still goes, for the first REQUEST reached Sofie's calendar.
    scheduling.change_session(
        session, starts_at=NOW + timedelta(days=42), ends_at=NOW + timedelta(days=42, hours=3)
    )
    scheduling.cancel_session(session)
    flush()
    methods = [
        (str(c["METHOD"]), int(e["SEQUENCE"]), str(e["UID"]))
        for c, e in invites_to(smtp_server, "sofie@example.org")
    ]
    assert methods == [("REQUEST", 0, session.uid), ("CANCEL", 2, session.uid)]


def test_someone_invited_after_the_others_got_theirs_gets_no_cancel_of_a_request_never_sent(
    track, smtp_server
):
    track.capacity = 5
    session = create_session(track, NOW + timedelta(days=41))
    services.register(create_person("a@example.org"), track)
    flush()
    # B registers; the session is cancelled before B's REQUEST left: A gets the CANCEL, B
    # nothing at all about the session.
    services.register(create_person("b@example.org"), track)
    scheduling.cancel_session(session)
    # C registers after the cancellation: nothing about the cancelled session either.
    services.register(create_person("c@example.org"), track)
    flush()
    assert [str(c["METHOD"]) for c, _e in invites_to(smtp_server, "a@example.org")] == [
        "REQUEST",
        "CANCEL",
    ]
    assert invites_to(smtp_server, "b@example.org") == []
    assert invites_to(smtp_server, "c@example.org") == []


def test_the_cancel_is_checked_again_when_it_is_sent(track, smtp_server):
    """Leaving while the REQUEST waits writes a CANCEL (the REQUEST would still go); the
    session moves before the dispatcher runs, so that REQUEST is dropped: the CANCEL too."""
    session = create_session(track, NOW + timedelta(days=41))
    sofie = create_person("sofie@example.org")
    registration = services.register(sofie, track)
    services.cancel(registration, by=sofie)
    scheduling.change_session(
        session, starts_at=NOW + timedelta(days=42), ends_at=NOW + timedelta(days=42, hours=3)
    )
    result = flush()
    assert invites_to(smtp_server, "sofie@example.org") == []
    assert result.dropped == 2


def test_leaving_before_the_request_left_sends_the_request_then_its_cancel(track, smtp_server):
    create_session(track, NOW + timedelta(days=41))
    sofie = create_person("sofie@example.org")
    registration = services.register(sofie, track)
    services.cancel(registration, by=sofie)
    flush()
    methods = [
        (str(c["METHOD"]), int(e["SEQUENCE"]))
        for c, e in invites_to(smtp_server, "sofie@example.org")
    ]
    assert methods == [("REQUEST", 0), ("CANCEL", 1)]


# Leaving is not cancelling (RFC 5546 section 3.2.5: removing an attendee)


def test_leaving_removes_only_the_attendee_and_says_the_session_goes_on(track, smtp_server):
    track.capacity = 5
    session = create_session(track, NOW + timedelta(days=41))
    sofie = create_person("sofie@example.org")
    services.register(create_person("tom@example.org"), track)
    registration = services.register(sofie, track)
    flush()
    services.cancel(registration, by=sofie)
    flush()
    (_, request), (calendar, cancel) = invites_to(smtp_server, "sofie@example.org")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert "STATUS" not in cancel
    assert str(cancel["UID"]) == str(request["UID"]) == session.uid
    assert int(cancel["SEQUENCE"]) >= int(request["SEQUENCE"])
    attendees = cancel.get("ATTENDEE")
    assert not isinstance(attendees, list)
    assert str(attendees) == "mailto:sofie@example.org"
    mail = smtp_server.to("sofie@example.org")[-1]
    text = smtp_server.text_of(mail)
    assert "U staat niet meer op de lijst voor deze bijeenkomst" in text
    assert "de bijeenkomst zelf gaat door" in text
    assert "geannuleerd" not in text.lower() and "geannuleerd" not in mail["Subject"].lower()
    assert "niet meer op de lijst" in mail.get_body(preferencelist=("html",)).get_content()
    # Tom stays invited and hears nothing.
    assert [str(c["METHOD"]) for c, _e in invites_to(smtp_server, "tom@example.org")] == ["REQUEST"]


def test_a_cancelled_session_still_cancels_the_event_with_its_text(track, smtp_server):
    session = create_session(track, NOW + timedelta(days=41))
    services.register(create_person("sofie@example.org", locale="en"), track)
    flush()
    scheduling.cancel_session(session)
    flush()
    (_, _request), (calendar, cancel) = invites_to(smtp_server, "sofie@example.org")
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(cancel["STATUS"]) == "CANCELLED"
    mail = smtp_server.to("sofie@example.org")[-1]
    assert mail["Subject"].startswith("Cancelled: ")
    assert "is cancelled for you" in smtp_server.text_of(mail)
    assert "goes on" not in smtp_server.text_of(mail)


def test_a_session_moved_before_any_dispatch_arrives_as_an_invitation_not_a_change(
    track, smtp_server
):
    sofie = create_person("sofie@example.org", locale="en")
    services.register(sofie, track)
    flush()
    session = create_session(track, NOW + timedelta(days=41))
    scheduling.change_session(
        session, starts_at=NOW + timedelta(days=42), ends_at=NOW + timedelta(days=42, hours=3)
    )
    flush()
    [(calendar, event)] = invites_to(smtp_server, "sofie@example.org")
    assert str(calendar["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 1
    mail = [m for m in smtp_server.to("sofie@example.org") if "Invitation" in m["Subject"]]
    assert len(mail) == 1
    assert "You are invited to this session" in smtp_server.text_of(mail[0])
    # Once it reached her, the next move is a change.
    scheduling.change_session(
        session, starts_at=NOW + timedelta(days=43), ends_at=NOW + timedelta(days=43, hours=3)
    )
    flush()
    assert smtp_server.to("sofie@example.org")[-1]["Subject"].startswith("Changed: ")


def test_the_organizer_is_the_senders_address_when_its_name_holds_a_comma(app, track, smtp_server):
    """The ORGANIZER is the address the mail's From carries, read the same way: an unquoted
    name with a comma is one name (parseaddr alone would read "VVSG" as the address)."""
    default = app.config["MAIL_DEFAULT_SENDER"]
    app.config["MAIL_DEFAULT_SENDER"] = "VVSG, Dienst Internationaal <internationaal@vvsg.example>"
    try:
        create_session(track, NOW + timedelta(days=41), title="Labo 1")
        services.register(create_person("sofie@example.org"), track)
        flush()
    finally:
        app.config["MAIL_DEFAULT_SENDER"] = default
    [mail] = smtp_server.to("sofie@example.org")
    _calendar, event = calendar_part(mail)
    assert str(event["ORGANIZER"]) == "mailto:internationaal@vvsg.example"
    assert mail["From"].addresses[0].addr_spec == "internationaal@vvsg.example"
