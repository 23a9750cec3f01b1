"""Answers that come back: invites go out over SMTP asking for an answer, the answers land
in a real IMAP mailbox (Dovecot, tests/dovecot.py) as Outlook, Gmail and Thunderbird write
them (tests/scheduling/itip_replies.py), the scheduler job reads them, and the
coordinator's yes / maybe / no counts change; what must change nothing is set aside with
its reason."""

from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from icalendar import Calendar

from lmb.core.database import unit_of_work
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.mailbox import NOT_PROCESSED_HEADER
from lmb.notifications.scheduler import JOBS
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Intent
from lmb.scheduling.replies import read_replies
from lmb.tracks import services
from tests.builders import create_open_track, create_person, create_session, make_coordinator
from tests.dovecot import TOKEN
from tests.outbox import flush
from tests.scheduling.itip_replies import gmail, invite_event, outlook, thunderbird

NOW = utcnow().replace(second=0, microsecond=0)
REPLIES = "antwoorden@vvsg.example"
PROCESSED, NOT_PROCESSED = "LMB-processed", "LMB-not-processed"


@pytest.fixture
def mailbox(app, reply_mailbox):
    app.config.update(REPLY_ADDRESS=REPLIES)
    return reply_mailbox


@pytest.fixture
def track(ctx, mailbox, smtp_server):
    """A track with one session and three participants, whose invites went out."""
    track = create_open_track(capacity=5)
    session = create_session(track, NOW + timedelta(days=41), title="Labo 1")
    for person in ("sofie@example.org", "tom@example.org", "an@example.org"):
        services.register(create_person(person), track)
    flush()
    track.session = session
    return track


def invite_to(smtp_server, address):
    return invite_event([m for m in smtp_server.to(address) if m.is_multipart()][-1])


def run_job():
    with unit_of_work():  # as the scheduler runs it: one transaction, then the moves
        return read_replies()


def counts(session):
    return scheduling.attendance_counts([session.id])[session.id]


def reasons(mailbox) -> list[str]:
    return [
        str(message_from_bytes(raw, policy=default_policy)[NOT_PROCESSED_HEADER])
        for raw in mailbox.messages(NOT_PROCESSED)
    ]


def test_invites_ask_for_an_answer_that_reaches_the_mailbox(track, smtp_server):
    event = invite_to(smtp_server, "sofie@example.org")
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    # Calendar programs send the answer to the ORGANIZER: the reply mailbox's address.
    assert str(event["ORGANIZER"]) == f"mailto:{REPLIES}"
    assert event["ORGANIZER"].params["CN"] == "LMB Leertrajecten"


def test_answers_from_outlook_gmail_and_thunderbird_change_the_coordinators_counts(
    app, track, mailbox, smtp_server, make_browser
):
    session = track.session
    make_coordinator("coordinator@vvsg.example", track)
    for writer, address, partstat in (
        (outlook, "sofie@example.org", "ACCEPTED"),
        (gmail, "tom@example.org", "DECLINED"),
        (thunderbird, "an@example.org", "TENTATIVE"),
    ):
        event = invite_to(smtp_server, address)
        mailbox.append(writer(event, sender=address, name="X", to=REPLIES, partstat=partstat))
    assert counts(session) == {"yes": 0, "maybe": 0, "no": 0, "attended": 0}
    db.session.commit()

    assert run_job() == {"processed": 3, "not_processed": 0}

    assert counts(session) == {"yes": 1, "maybe": 1, "no": 1, "attended": 0}
    coordinator = make_browser()
    coordinator.login("coordinator@vvsg.example")
    page = coordinator.get(f"/tracks/{track.slug}/manage").get_data(as_text=True)
    assert "<td>1 / 1 / 1</td>" in page
    assert mailbox.messages("INBOX") == []
    assert len(mailbox.messages(PROCESSED)) == 3
    # Each answer is the person's own.
    answers = {
        person.email: scheduling.intents_of(person, [session.id])[session.id].intent
        for person in scheduling_people(track)
    }
    assert answers == {
        "sofie@example.org": Intent.yes,
        "tom@example.org": Intent.no,
        "an@example.org": Intent.maybe,
    }

    assert run_job() == {"processed": 0, "not_processed": 0}  # nothing left to read


def test_what_must_change_nothing_is_set_aside_with_its_reason(track, mailbox, smtp_server):
    session = track.session
    sofie = invite_to(smtp_server, "sofie@example.org")
    moved = NOW + timedelta(days=42)
    scheduling.change_session(session, starts_at=moved, ends_at=moved + timedelta(hours=3))
    flush()
    tom = invite_to(smtp_server, "tom@example.org")  # the new time, SEQUENCE 1
    broken = thunderbird(tom, sender="an@example.org", name="An", to=REPLIES, partstat="ACCEPTED")
    for raw in (
        # Tom answers for Sofie: another person's address.
        gmail(
            tom,
            sender="tom@example.org",
            name="Tom",
            to=REPLIES,
            partstat="ACCEPTED",
            attendee="sofie@example.org",
        ),
        # Sofie accepts the session at its old time (SEQUENCE 0, it is at 1 now).
        outlook(sofie, sender="sofie@example.org", name="Sofie", to=REPLIES, partstat="ACCEPTED"),
        # An event nobody here made.
        thunderbird(
            tom.__class__.from_ical(tom.to_ical().replace(session.uid.encode(), b"x@y")),
            sender="tom@example.org",
            name="Tom",
            to=REPLIES,
            partstat="DECLINED",
        ),
        # Malformed: a SEQUENCE that is no number; a calendar cut off halfway.
        broken.replace(b"SEQUENCE:1", b"SEQUENCE:een", 1),
        broken[: broken.index(b"BEGIN:VEVENT") + 40],
        # A person who writes back in words.
        b"From: Tom <tom@example.org>\r\nTo: <antwoorden@vvsg.example>\r\n"
        b"Subject: Re: Uitnodiging\r\n\r\nIk kom graag!\r\n",
    ):
        mailbox.append(raw)
    db.session.commit()

    assert run_job() == {"processed": 0, "not_processed": 6}

    assert counts(session) == {"yes": 0, "maybe": 0, "no": 0, "attended": 0}
    assert mailbox.messages("INBOX") == []
    found = reasons(mailbox)
    assert len(found) == 6, found
    assert any(
        "the answer is for sofie@example.org, but tom@example.org sent it" in r for r in found
    )
    assert any("older SEQUENCE 0: the invitation is at 1 now" in r for r in found)
    assert any("unknown UID x@y" in r for r in found)
    assert any("no calendar in the message" in r for r in found)
    assert len([r for r in found if r.startswith("malformed")]) == 2, found
    # The reason is in the subject too, where any mail program lists it.
    subjects = [
        str(message_from_bytes(raw, policy=default_policy)["Subject"])
        for raw in mailbox.messages(NOT_PROCESSED)
    ]
    assert all(s.startswith("[LMB: not processed: ") for s in subjects), subjects


def test_an_answer_given_later_on_the_site_stands_and_reading_again_changes_nothing(
    track, mailbox, smtp_server
):
    session = track.session
    event = invite_to(smtp_server, "sofie@example.org")
    sofie = next(p for p in scheduling_people(track) if p.email == "sofie@example.org")
    earlier = utcnow() - timedelta(hours=1)
    scheduling.set_intent(sofie, session, Intent.no)  # on Mijn agenda, after her REPLY
    old_answer = outlook(
        event,
        sender="sofie@example.org",
        name="Sofie",
        to=REPLIES,
        partstat="ACCEPTED",
        stamp=earlier,
    )
    mailbox.append(old_answer)
    db.session.commit()
    assert run_job() == {"processed": 0, "not_processed": 1}
    assert counts(session)["no"] == 1
    assert "answered again after this REPLY" in reasons(mailbox)[0]

    # The same answer read twice (a move that failed after the commit) changes nothing more.
    accept = gmail(event, sender="sofie@example.org", name="Sofie", to=REPLIES, partstat="ACCEPTED")
    mailbox.append(accept)
    mailbox.append(accept)
    db.session.commit()
    assert run_job() == {"processed": 2, "not_processed": 0}
    assert counts(session) == {"yes": 1, "maybe": 0, "no": 0, "attended": 0}


def scheduling_people(track):
    from lmb.scheduling.audiences import of_tracks

    return of_tracks().people(track.id)


def test_a_cancelled_session_takes_no_answers(track, mailbox, smtp_server):
    event = invite_to(smtp_server, "tom@example.org")
    scheduling.cancel_session(track.session)
    flush()
    mailbox.append(
        thunderbird(event, sender="tom@example.org", name="Tom", to=REPLIES, partstat="ACCEPTED")
    )
    db.session.commit()
    assert run_job() == {"processed": 0, "not_processed": 1}
    assert "older SEQUENCE" in reasons(mailbox)[0]


def test_the_mailbox_is_read_with_an_oauth2_token(app, track, mailbox, smtp_server):
    """XOAUTH2 (Gmail's and Microsoft 365's IMAP login) instead of a password."""
    event = invite_to(smtp_server, "an@example.org")
    mailbox.append(
        outlook(event, sender="an@example.org", name="An", to=REPLIES, partstat="TENTATIVE")
    )
    app.config.update(
        REPLY_IMAP_URL=mailbox.url.replace("//replies@", "//oauth-replies@"),
        REPLY_IMAP_PASSWORD=None,
        REPLY_IMAP_OAUTH2_TOKEN=TOKEN,
    )
    db.session.commit()
    assert run_job() == {"processed": 1, "not_processed": 0}
    assert counts(track.session)["maybe"] == 1


def test_without_a_reply_mailbox_nothing_asks_for_an_answer(app, ctx, smtp_server):
    assert "calendar-replies" in JOBS.keys()  # noqa: SIM118 (a Registry iterates entries)
    track = create_open_track()
    create_session(track, NOW + timedelta(days=41))
    services.register(create_person("sofie@example.org"), track)
    flush()
    event = invite_to(smtp_server, "sofie@example.org")
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert str(event["ORGANIZER"]) == "mailto:leertrajecten@vvsg.example"
    assert read_replies() is None
    assert Calendar  # the module reads calendars with icalendar, as the job does


def test_a_message_that_breaks_the_reader_is_set_aside_and_the_others_go_on(
    track, mailbox, smtp_server, monkeypatch
):
    """Whatever a message does to the reader, it gets an outcome: the job never jams."""
    from lmb.scheduling import replies

    answers = [
        gmail(
            invite_to(smtp_server, address),
            sender=address,
            name="X",
            to=REPLIES,
            partstat="ACCEPTED",
        )
        for address in ("sofie@example.org", "tom@example.org")
    ]
    for raw in answers:
        mailbox.append(raw)
    db.session.commit()
    apply_reply = replies.apply_reply

    def breaks_on_tom(raw):
        if b"tom@example.org" in raw.split(b"\r\n\r\n")[0]:
            raise RuntimeError("a parser's bug")
        return apply_reply(raw)

    monkeypatch.setattr(replies, "apply_reply", breaks_on_tom)
    assert run_job() == {"processed": 1, "not_processed": 1}
    assert reasons(mailbox) == ["malformed: RuntimeError"]
    assert counts(track.session)["yes"] == 1
    assert run_job() == {"processed": 0, "not_processed": 0}


def test_the_reason_goes_into_the_subject_however_the_subject_was_encoded():
    from lmb.notifications.mailbox import annotated

    raw = (
        b"From: =?utf-8?q?J=C3=A9r=C3=B4me?= <j@example.org>\r\n"
        b"Subject: =?utf-8?q?Geaccepteerd=3A_Caf=C3=A9_mondial?=\r\n"
        b"  =?utf-8?q?_=E2=80=93_deel_2?=\r\n"
        b"X-LMB-Not-Processed: forged\r\n"
        b"\r\nbody\r\n"
    )
    message = message_from_bytes(annotated(raw, "unknown UID x@y"), policy=default_policy)
    assert str(message["Subject"]) == (
        "[LMB: not processed: unknown UID x@y] Geaccepteerd: Café mondial – deel 2"
    )
    assert message.get_all(NOT_PROCESSED_HEADER) == ["unknown UID x@y"]
    assert message.get_content().strip() == "body"
