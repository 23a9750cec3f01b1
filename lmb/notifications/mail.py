"""Turning an outbox row into an RFC 5322 message (text, HTML and, for invites, iCalendar), and
the SMTP connection it goes out over."""

import re
import smtplib
import uuid
from email import errors
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import urlsplit

from flask import current_app

from lmb.core.models import utcnow
from lmb.notifications.links import unsubscribe_link


def new_message_id() -> str:
    """A globally unique Message-ID on the platform's own domain."""
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "lmb.localhost"
    return f"<{uuid.uuid4().hex}.lmb@{domain}>"


def sender_address(sender: str) -> Address:
    """MAIL_DEFAULT_SENDER ("Name <address>", '"Name" <address>' or a bare address), read once
    into an Address. A name without quotes is taken whole, a comma in it too. A value that
    holds no address is a ValueError: the dispatcher then sends nothing, and loses nothing.
    """
    name, address = parseaddr(sender)
    unquoted = re.fullmatch(r'\s*([^"<>]*?)\s*<([^"<>]+)>\s*', sender)
    if unquoted:
        name, address = unquoted.groups()
    try:
        return Address(display_name=name, addr_spec=address)
    except (ValueError, IndexError, errors.MessageError) as error:
        raise ValueError(f"MAIL_DEFAULT_SENDER {sender!r} is not an address: {error}") from None


def build_email(message, sender: Address) -> EmailMessage:
    """multipart/alternative: text/plain, text/html and, for an invite, text/calendar; an
    invite is multipart/mixed, with the calendar once more as the attachment invite.ics.

    `message` is a claimed outbox message (lmb.notifications.dispatch.Outgoing).

    Address headers are written from Address objects (display name and address apart), so
    that a name with a comma, quotes or accents is quoted or encoded as one mailbox; a string
    from formataddr() would be parsed again and split at the comma of an encoded name.
    """
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = Address(
        display_name=message.recipient_name or "", addr_spec=message.recipient_email
    )
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = message.message_id
    email["Auto-Submitted"] = "auto-generated"
    email["Content-Language"] = message.locale
    if message.unsubscribe_scope and message.recipient_user_id:
        url = unsubscribe_link(message.recipient_user_id, message.unsubscribe_scope)
        # RFC 8058: mail programs offer a button that POSTs here; no login needed.
        email["List-Unsubscribe"] = f"<{url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text, cte=_transfer_encoding(message.body_text))
    email.add_alternative(
        message.body_html, subtype="html", cte=_transfer_encoding(message.body_html)
    )
    if message.ical:
        email.add_alternative(
            message.ical,
            subtype="calendar",
            params={"method": message.ical_method or "REQUEST"},
            cte=_transfer_encoding(message.ical),
        )
        # The same VCALENDAR once more as invite.ics, as Gmail and Outlook send it: clients
        # that offer "add to calendar" only for an attachment (iOS Mail) find it there. This
        # makes the message multipart/mixed [multipart/alternative [...], invite.ics].
        email.add_attachment(
            _crlf(message.ical).encode(),
            maintype="application",
            subtype="ics",
            filename=INVITE_FILENAME,
            params={"name": INVITE_FILENAME},
        )
    return email


INVITE_FILENAME = "invite.ics"


def _crlf(text: str) -> str:
    """iCalendar's line ends (RFC 5545 3.1), whatever the stored text has."""
    return "".join(line + "\r\n" for line in text.splitlines())


# RFC 5322 2.1.1: a line of a 7bit body is at most 998 octets; 78 is what it should be.
LINE_LENGTH = 78


def _transfer_encoding(text: str) -> str:
    """7bit for short-lined ASCII, else quoted-printable: every text part goes through any
    server, with or without 8BITMIME, and stays readable (never base64 of LF-only text)."""
    lines = text.splitlines()
    if text.isascii() and all(len(line) <= LINE_LENGTH for line in lines):
        return "7bit"
    return "quoted-printable"


def _connect() -> smtplib.SMTP:
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    # EHLO now, so that send() knows the server's extensions (8BITMIME) before MAIL FROM.
    smtp.ehlo_or_helo_if_needed()
    return smtp


def send(smtp: smtplib.SMTP, email: EmailMessage, sender: Address, recipient: str) -> None:
    """Send one message with an explicit envelope: from the sender's address, to exactly the
    recipient's address (never what a To header happens to parse into).

    The body is 7bit (build_email), so it passes a server without 8BITMIME; one that offers
    it is told BODY=8BITMIME all the same, so that an 8-bit part, should one ever be built, is
    never sent undeclared (RFC 6152). For an address that needs SMTPUTF8, smtplib says both.
    """
    envelope = (sender.addr_spec, recipient)
    options = []
    if smtp.has_extn("8bitmime") and all(address.isascii() for address in envelope):
        options.append("BODY=8BITMIME")
    smtp.send_message(email, from_addr=sender.addr_spec, to_addrs=[recipient], mail_options=options)
