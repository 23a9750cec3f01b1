"""What a message looks like on the wire, read back as a mail program reads it: one mailbox per
address header whatever the name holds, text parts that pass any SMTP server unchanged, and
an invite as Gmail and Outlook send theirs."""

import email
import email.policy
from email.header import decode_header, make_header
from email.utils import getaddresses

import pytest

from lmb.extensions import db
from lmb.notifications.dispatch import flush
from lmb.notifications.outbox import Draft, enqueue_many
from tests.builders import create_person

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
