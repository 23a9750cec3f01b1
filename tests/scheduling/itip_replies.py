"""Answers to an invitation as three calendar programs write them (iTIP REPLY by mail), made
from the invite a person received: the shapes (MIME structure, headers, calendar
properties) of what Outlook (Exchange), Gmail and Thunderbird send when someone clicks
Accept, Maybe or Decline. Written from the shape of those programs' answers, not copied
from real captured mail; what matters to the platform is what differs between them:

- Outlook: multipart/alternative [text/plain, text/html, text/calendar; method=REPLY in
  base64]; "Accepted: <summary>"; a VTIMEZONE with local times (DTSTART;TZID=Romance
  Standard Time), X-MICROSOFT-CDO-* properties, a SUMMARY with LANGUAGE, and no ORGANIZER.
- Gmail: multipart/mixed [multipart/alternative [text/plain, text/html, text/calendar;
  method=REPLY], invite.ics (application/ics, base64)]; "Accepted: <summary> @ <when>
  (<address>)"; UTC times, ATTENDEE with CUTYPE, ROLE and X-NUM-GUESTS.
- Thunderbird: multipart/mixed [multipart/alternative [text/plain, text/calendar;
  method=REPLY, 8bit], invite.ics]; "Accepted: <summary>"; X-MOZ-* properties, ATTENDEE
  with RSVP=TRUE and the PARTSTAT after CN.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from zoneinfo import ZoneInfo

from icalendar import Calendar

WORDS = {"ACCEPTED": "Accepted", "TENTATIVE": "Tentative", "DECLINED": "Declined"}
DUTCH = {"ACCEPTED": "Geaccepteerd", "TENTATIVE": "Voorlopig", "DECLINED": "Geweigerd"}
BRUSSELS = ZoneInfo("Europe/Brussels")


def invite_event(mail):
    """The VEVENT of the calendar part of an invite as it arrived."""
    [part] = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content()).walk("VEVENT")[0]


def _stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc(value) -> str:
    return value.dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(value) -> str:
    return value.dt.astimezone(BRUSSELS).strftime("%Y%m%dT%H%M%S")


def _crlf(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


def _head(sender: str, name: str, to: str, subject: str, message_domain: str) -> EmailMessage:
    mail = EmailMessage(policy=SMTP)
    mail["From"] = Address(name, addr_spec=sender)
    mail["To"] = Address("LMB Leertrajecten", addr_spec=to)
    mail["Subject"] = subject
    mail["Date"] = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    mail["Message-ID"] = f"<{uuid.uuid4().hex}@{message_domain}>"
    mail["MIME-Version"] = "1.0"
    return mail


def outlook(event, *, sender, name, to, partstat, attendee=None, sequence=None, stamp=None):
    summary = str(event["SUMMARY"])
    calendar = _crlf(
        [
            "BEGIN:VCALENDAR",
            "METHOD:REPLY",
            "PRODID:Microsoft Exchange Server 2010",
            "VERSION:2.0",
            "BEGIN:VTIMEZONE",
            "TZID:Romance Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T030000",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010101T020000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            f"ATTENDEE;PARTSTAT={partstat};CN={name}:MAILTO:{attendee or sender}",
            "COMMENT;LANGUAGE=nl-BE:\\n",
            f"SUMMARY;LANGUAGE=nl-BE:{DUTCH[partstat]}: {summary}",
            f"DTSTART;TZID=Romance Standard Time:{_local(event['DTSTART'])}",
            f"DTEND;TZID=Romance Standard Time:{_local(event['DTEND'])}",
            f"UID:{event['UID']}",
            "CLASS:PUBLIC",
            "PRIORITY:5",
            f"DTSTAMP:{_stamp(stamp)}",
            "TRANSP:OPAQUE",
            "STATUS:CONFIRMED",
            f"SEQUENCE:{event['SEQUENCE'] if sequence is None else sequence}",
            f"X-MICROSOFT-CDO-APPT-SEQUENCE:{event['SEQUENCE']}",
            "X-MICROSOFT-CDO-OWNERAPPTID:-1",
            "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
            "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY",
            "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
            "X-MICROSOFT-CDO-IMPORTANCE:1",
            "X-MICROSOFT-CDO-INSTTYPE:0",
            "X-MICROSOFT-DONOTFORWARDMEETING:FALSE",
            "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    mail = _head(
        sender, name, to, f"{WORDS[partstat]}: {summary}", "AM0PR02MB5634.eurprd02.prod.outlook.com"
    )
    mail["Thread-Topic"] = summary
    mail["Accept-Language"] = "nl-BE, en-US"
    mail["Content-Language"] = "nl-BE"
    mail["X-MS-Has-Attach"] = ""
    mail["X-MS-TNEF-Correlator"] = ""
    mail.set_content("\r\n", charset="us-ascii")
    mail.add_alternative("<html><body></body></html>", subtype="html")
    mail.add_alternative(
        calendar.encode(),
        maintype="text",
        subtype="calendar",
        cte="base64",
        params={"charset": "utf-8", "method": "REPLY"},
    )
    return mail.as_bytes()


def gmail(event, *, sender, name, to, partstat, attendee=None, sequence=None, stamp=None):
    summary = str(event["SUMMARY"])
    when = event["DTSTART"].dt.astimezone(BRUSSELS)
    calendar = _crlf(
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            f"DTSTART:{_utc(event['DTSTART'])}",
            f"DTEND:{_utc(event['DTEND'])}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"ORGANIZER;CN=LMB Leertrajecten:{event['ORGANIZER']}",
            f"UID:{event['UID']}",
            "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;"
            f"PARTSTAT={partstat};CN={name};X-NUM-GUESTS=0:mailto:{attendee or sender}",
            f"CREATED:{_stamp()}",
            "DESCRIPTION:",
            f"LAST-MODIFIED:{_stamp()}",
            "LOCATION:",
            f"SEQUENCE:{event['SEQUENCE'] if sequence is None else sequence}",
            "STATUS:CONFIRMED",
            f"SUMMARY:{summary}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    subject = (
        f"{WORDS[partstat]}: {summary} @ {when:%a %d %b %Y %H:%M} (CET) ({attendee or sender})"
    )
    mail = _head(sender, name, to, subject, "google.com")
    mail["Reply-To"] = Address(name, addr_spec=sender)
    mail.set_content(f"{name} has accepted this invitation.\n", charset="utf-8")
    mail.add_alternative("<p>Invitation from Google Calendar</p>", subtype="html")
    mail.add_alternative(
        calendar.encode(),
        maintype="text",
        subtype="calendar",
        cte="7bit",
        params={"charset": "UTF-8", "method": "REPLY"},
    )
    mail.add_attachment(
        calendar.encode(), maintype="application", subtype="ics", filename="invite.ics"
    )
    return mail.as_bytes()


def thunderbird(event, *, sender, name, to, partstat, attendee=None, sequence=None, stamp=None):
    summary = str(event["SUMMARY"])
    seq = event["SEQUENCE"] if sequence is None else sequence
    calendar = _crlf(
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN",
            "VERSION:2.0",
            "METHOD:REPLY",
            "BEGIN:VEVENT",
            f"CREATED:{_stamp()}",
            f"LAST-MODIFIED:{_stamp()}",
            f"DTSTAMP:{_stamp(stamp)}",
            f"UID:{event['UID']}",
            f"SUMMARY:{summary}",
            f"ORGANIZER;CN=LMB Leertrajecten:{event['ORGANIZER']}",
            f"ATTENDEE;RSVP=TRUE;CN={name};PARTSTAT={partstat};ROLE=REQ-PARTICIPANT:"
            f"mailto:{attendee or sender}",
            f"DTSTART:{_utc(event['DTSTART'])}",
            f"DTEND:{_utc(event['DTEND'])}",
            f"SEQUENCE:{seq}",
            f"X-MOZ-RECEIVED-SEQUENCE:{seq}",
            f"X-MOZ-RECEIVED-DTSTAMP:{_utc(event['DTSTAMP'])}",
            "X-MOZ-GENERATION:1",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )
    mail = _head(sender, name, to, f"{WORDS[partstat]}: {summary}", "example.org")
    mail["User-Agent"] = "Mozilla Thunderbird"
    mail.set_content(f"{name} has accepted your event invitation.\n", charset="utf-8", cte="8bit")
    mail.add_alternative(
        calendar.encode(),
        maintype="text",
        subtype="calendar",
        cte="8bit",
        params={"charset": "UTF-8", "method": "REPLY"},
    )
    mail.add_attachment(
        calendar.encode(), maintype="application", subtype="ics", filename="invite.ics"
    )
    return mail.as_bytes()
