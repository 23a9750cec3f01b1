"""What a message looks like on the wire, read back as a mail program reads it: one mailbox per
address header whatever the name holds, text parts that pass any SMTP server unchanged, and
an invite as Gmail and Outlook send theirs."""

import email
import email.policy
from datetime import timedelta
from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import insert, select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.dispatch import flush
from lmb.notifications.models import MessageStatus, OutboundMessage
from lmb.notifications.outbox import Draft, enqueue_many
from lmb.scheduling import services as scheduling
from lmb.tracks import services
from tests.builders import create_open_track, create_person, create_session
from tests.conftest import MailSink, free_port
from tests.outbox import flush as commit_and_flush

ADDRESS = "jerome@example.org"

# Names that the policy.default parser reads back exactly.
NAMES = [
    "Jérôme Dupré-Van den Bossche, schepen van Lokaal Bestuur",
    'Anna "Annie" De Smet, burgemeester',
    'Zoë 🎉 "Zo" Peeters (diensthoofd); <team> Welzijn',
    "Back\\slash, Ñame",
    "Jérôme Dupré-Van den Bossche, schepen van Lokaal Bestuur, Onderwijs, Cultuur en Jeugd van"
    " de gemeente Sint-Genesius-Rode",
    "Sofie",
]
# Names whose encoded part is longer than a line: folded into adjacent encoded words, between
# which RFC 2047 (6.2) has the reader ignore the white space. Python's policy.default parser
# keeps it (one space more inside the name), so these are decoded as RFC 2047 says.
LONG_NAMES = [
    'Zoë 🎉 Peeters-Vandenbroucke "Zo" (diensthoofd), coördinator Welzijn en Sociale Zaken,'
    " OCMW Sint-Niklaas ✨",
    "Ëlise Van den Heuvel-Dëmeester, algemeen directeur, gemeente Kortenberg – afdeling"
    " Burgerzaken en Bevolking",
]
SENDER = "leertrajecten@vvsg.example"
# MAIL_DEFAULT_SENDER as it may be configured, and the mailbox it means.
SENDERS = {
    '"VVSG, \\"Leertrajecten\\"" <leertrajecten@vvsg.example>': 'VVSG, "Leertrajecten"',
    "VVSG – Lokaal Bestuur, Leertrajecten ë <leertrajecten@vvsg.example>": (
        "VVSG – Lokaal Bestuur, Leertrajecten ë"
    ),
    "LMB Leertrajecten <leertrajecten@vvsg.example>": "LMB Leertrajecten",
    "leertrajecten@vvsg.example": "",
}


def write_message(person, **fields):
    enqueue_many(
        [
            Draft(
                key=f"wire:{person.id}",
                kind="account/password_changed",
                template="accounts/mail/account/password_changed",
                recipient=person,
                subject="Wachtwoord gewijzigd – één keer",
                **fields,
            )
        ]
    )
    db.session.commit()


def person_named(name):
    person = create_person(ADDRESS)
    person.name = name
    db.session.commit()
    return person


def rfc2047_mailboxes(raw: bytes, header: str) -> list[tuple[str, str]]:
    """The mailboxes of a header as RFC 2047 decodes their names."""
    received = email.message_from_bytes(raw, policy=email.policy.compat32)
    return [
        (str(make_header(decode_header(name))), address)
        for name, address in getaddresses(received.get_all(header))
    ]


def sent_one(smtp_server):
    assert flush().sent == 1
    [envelope] = smtp_server.envelopes
    [mail] = smtp_server.messages
    return envelope, mail


@pytest.mark.parametrize("name", NAMES)
def test_a_name_with_commas_quotes_and_accents_is_one_mailbox(ctx, smtp_server, name):
    write_message(person_named(name))
    envelope, mail = sent_one(smtp_server)
    [mailbox] = mail["To"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == (name, ADDRESS)
    assert rfc2047_mailboxes(envelope.original_content, "To") == [(name, ADDRESS)]
    assert envelope.rcpt_tos == [ADDRESS]
    assert all(len(line) <= 78 for line in envelope.original_content.split(b"\r\n"))


@pytest.mark.parametrize("name", LONG_NAMES)
def test_a_very_long_name_is_one_mailbox_folded_into_short_lines(ctx, smtp_server, name):
    assert len(name) > 100
    write_message(person_named(name))
    envelope, mail = sent_one(smtp_server)
    [mailbox] = mail["To"].addresses
    assert mailbox.addr_spec == ADDRESS
    assert rfc2047_mailboxes(envelope.original_content, "To") == [(name, ADDRESS)]
    assert envelope.rcpt_tos == [ADDRESS]
    assert all(len(line) <= 78 for line in envelope.original_content.split(b"\r\n"))


@pytest.mark.parametrize(("sender", "name"), SENDERS.items())
def test_the_configured_sender_is_one_mailbox_and_the_envelope_sender(
    ctx, app, smtp_server, monkeypatch, sender, name
):
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", sender)
    write_message(person_named(NAMES[0]))
    envelope, mail = sent_one(smtp_server)
    [mailbox] = mail["From"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == (name, SENDER)
    assert rfc2047_mailboxes(envelope.original_content, "From") == [(name, SENDER)]
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == [ADDRESS]
    assert "Reply-To" not in mail  # no Reply-To is set; From is where replies go


@pytest.mark.parametrize("sender", ["", "leertrajecten", "VVSG <>"])
def test_a_sender_that_is_no_address_sends_nothing_and_loses_nothing(
    ctx, app, smtp_server, monkeypatch, sender
):
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", sender)
    write_message(person_named(NAMES[0]))
    with pytest.raises(ValueError, match="MAIL_DEFAULT_SENDER"):
        flush()
    db.session.rollback()
    [message] = db.session.scalars(select(OutboundMessage)).all()
    assert (message.status, message.attempts) == (MessageStatus.pending, 0)
    assert smtp_server.messages == []


# 2. Text parts that pass any SMTP server unchanged

TEXT = (
    "Beste Jérôme,\n\n"
    "De bijeenkomst over ruimtelijke ordening – deel één – gaat door in de raadzaal van het"
    " gemeentehuis van Zoë's gemeente, naast de oude brandweerkazerne.\n"
    "Tot dan, geëngageerde collega's!   \n"
    "-- \nVVSG\n"
)
HTML = "<p>Beste Jérôme,</p>\n<p>De bijeenkomst – deel één – gaat door. Geëngageerd!</p>\n"
ICAL = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//VVSG//LMB Leertrajecten//NL\r\n"
    "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:session-1@vvsg.example\r\nSEQUENCE:0\r\n"
    "DTSTAMP:20260301T090000Z\r\nDTSTART:20260303T090000Z\r\nDTEND:20260303T120000Z\r\n"
    "SUMMARY:Ruimtelijke ordening – deel één\r\nLOCATION:Raadzaal\\, gemeentehuis Zoë\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


class RawSink(MailSink):
    """A sink for a server that decodes data (and so offers no 8BITMIME): the raw bytes."""

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def seven_bit_smtp_server(app):
    """An aiosmtpd server that offers neither 8BITMIME nor SMTPUTF8 and refuses 8-bit data."""
    sink = RawSink()
    port = free_port()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, decode_data=True, enable_SMTPUTF8=False
    )
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield sink
    finally:
        controller.stop()
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)


def stored_message(**fields):
    """An outbox row holding exactly these texts."""
    now = utcnow()
    db.session.execute(
        insert(OutboundMessage),
        [
            {
                "idempotency_key": "wire:texts",
                "kind": "invite/session",
                "recipient_email": ADDRESS,
                "locale": "nl",
                "subject": "Uitnodiging – deel één",
                "body_text": TEXT,
                "body_html": HTML,
                "ical": ICAL,
                "ical_method": "REQUEST",
                "status": MessageStatus.pending,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "message_id": "<texts.lmb@127.0.0.1>",
                **fields,
            }
        ],
    )
    db.session.commit()


def parts_of(mail):
    return {
        part.get_content_type(): part
        for part in mail.walk()
        if part.get_content_maintype() == "text" and not part.is_attachment()
    }


@pytest.mark.parametrize("server", ["smtp_server", "seven_bit_smtp_server"])
def test_text_parts_are_quoted_printable_and_round_trip_exactly(ctx, request, server):
    sink = request.getfixturevalue(server)
    stored_message()
    envelope, mail = sent_one(sink)
    if server == "smtp_server":
        assert "BODY=8BITMIME" in envelope.mail_options
    else:
        assert not any(option.startswith("BODY=") for option in envelope.mail_options)
    raw = envelope.original_content
    assert raw.isascii()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF on the wire
    parts = parts_of(mail)
    assert sorted(parts) == ["text/calendar", "text/html", "text/plain"]
    for part in parts.values():
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
        assert part.get_content_charset() == "utf-8"
    # Exactly the stored text, with the line ends of the wire (CRLF, RFC 5322).
    assert parts["text/plain"].get_content() == TEXT.replace("\n", "\r\n")
    assert parts["text/html"].get_content() == HTML.replace("\n", "\r\n")
    assert parts["text/calendar"].get_content() == ICAL
    calendar = Calendar.from_ical(parts["text/calendar"].get_content())
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Ruimtelijke ordening – deel één"


@pytest.mark.parametrize("server", ["smtp_server", "seven_bit_smtp_server"])
def test_ascii_text_parts_stay_7bit(ctx, request, server):
    sink = request.getfixturevalue(server)
    stored_message(
        subject="Invitation",
        body_text="Dear Jerome,\n\nSee you there.\n",
        body_html="<p>Dear Jerome,</p>\n",
        ical=None,
        ical_method=None,
    )
    _, mail = sent_one(sink)
    # A mail without a calendar is multipart/alternative, as before invites had invite.ics.
    assert mail.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in mail.iter_parts()] == ["text/plain", "text/html"]
    parts = parts_of(mail)
    assert [part["Content-Transfer-Encoding"] for part in parts.values()] == ["7bit", "7bit"]
    assert parts["text/plain"].get_content() == "Dear Jerome,\r\n\r\nSee you there.\r\n"


# 3. An invite as Gmail and Outlook send theirs


def invites(mails):
    return [m for m in mails if any(p.get_content_type() == "text/calendar" for p in m.walk())]


def assert_sent_like_gmail(mail):
    """multipart/mixed [multipart/alternative [text/plain, text/html, text/calendar],
    invite.ics]; both calendars the same VCALENDAR. Returns its METHOD, UID and SEQUENCE."""
    assert mail.get_content_type() == "multipart/mixed"
    alternative, attachment = mail.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    inline = list(alternative.iter_parts())[2]
    assert not inline.is_attachment()
    assert inline.get_content_charset() == "utf-8"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_filename() == "invite.ics"
    attached = attachment.get_content()
    assert isinstance(attached, bytes) and attached.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in attached.replace(b"\r\n", b"")
    calendars = [Calendar.from_ical(inline.get_content()), Calendar.from_ical(attached)]
    found = []
    for calendar in calendars:
        assert calendar.errors == [] and all(c.errors == [] for c in calendar.walk())
        [event] = calendar.walk("VEVENT")
        found.append((str(calendar["METHOD"]), str(event["UID"]), int(event["SEQUENCE"])))
    assert found[0] == found[1]
    assert inline.get_param("method") == found[0][0]
    assert calendars[0].to_ical() == calendars[1].to_ical()
    return found[0]


def test_an_invite_and_its_cancellation_carry_the_calendar_inline_and_as_invite_ics(
    ctx, smtp_server
):
    track = create_open_track()
    session = create_session(track, utcnow() + timedelta(days=41), title="Labo – deel één")
    services.register(person_named(NAMES[0]), track)
    commit_and_flush()
    scheduling.cancel_session(session)
    commit_and_flush()
    request, cancel = invites(smtp_server.to(ADDRESS))
    method, uid, sequence = assert_sent_like_gmail(request)
    assert (method, uid) == ("REQUEST", session.uid)
    method, uid, later = assert_sent_like_gmail(cancel)
    assert (method, uid) == ("CANCEL", session.uid) and later > sequence
