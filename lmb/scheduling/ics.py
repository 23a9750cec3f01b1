"""Building iCalendar (RFC 5545) objects: invites with METHOD:REQUEST/CANCEL, and feeds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from functools import lru_cache

from flask import current_app
from icalendar import Calendar, Event, vCalAddress
from icalendar.prop import vDuration

from lmb.notifications.mail import sender_address

PRODID = "-//VVSG//LMB Leertrajecten//NL"
FEED_REFRESH = timedelta(hours=1)

# RFC 5545 allows no control characters in a value but HTAB; a line break only in text,
# escaped. Titles and names are one line.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def _line(value) -> str:
    """A single-line value (a title, a name, a place) fit for any property."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", str(value or ""))).strip()


def _text(value) -> str:
    """A multi-line text: its line breaks kept (the library escapes them), no controls."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def organizer_address() -> vCalAddress:
    """A bare mailto: of the sender address (no display name, as calendar clients expect)."""
    return vCalAddress(f"mailto:{_sender_address(current_app.config['MAIL_DEFAULT_SENDER'])}")


@lru_cache(maxsize=8)
def _sender_address(sender: str) -> str:
    """The sender's address as the mail's From has it (an unquoted name may hold a comma);
    a setting that holds none stops the dispatcher, not the request writing the invite."""
    try:
        return sender_address(sender).addr_spec
    except ValueError:
        return parseaddr(sender)[1]


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _event(
    session,
    *,
    url: str,
    sequence: int,
    stamp: datetime,
    cancelled: bool,
    group: str = "",
    status: bool = True,
) -> Event:
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    # One-off sessions: times in UTC (Z), which every client converts to its own zone.
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    # What the session belongs to: its track, or the group another domain names.
    group = session.track.title if session.track is not None else group
    title = _line(session.title)
    group = _line(group)
    event.add("summary", f"{group}: {title}" if group else title)
    location = _line(session.location or session.online_url)
    if location:
        event.add("location", location)
    description = "\n\n".join(part for part in (session.agenda, session.online_url, url) if part)
    if description:
        event.add("description", _text(description))
    event.add("url", url)
    if status:
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", organizer_address())
    return event


def invite(
    session,
    *,
    attendee_email: str,
    attendee_name: str,
    method: str,
    sequence: int,
    url: str,
    stamp: datetime,
    group: str = "",
    removed: bool = False,
) -> str:
    """One session for one person, as an iMIP REQUEST (new or changed) or CANCEL.

    A CANCEL that `removed` the person from a session that goes on is the removal of one
    attendee (RFC 5546 section 3.2.5): the same UID, only that ATTENDEE and no STATUS, since
    STATUS:CANCELLED would cancel the whole event in the person's calendar."""
    calendar = _calendar(method)
    event = _event(
        session,
        url=url,
        sequence=sequence,
        stamp=stamp,
        cancelled=method == "CANCEL",
        group=group,
        status=not removed,
    )
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["CN"] = _line(attendee_name)
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "FALSE"
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def single(session, *, url: str, group: str = "") -> bytes:
    """One session to add to a calendar by hand ("Zet in mijn agenda"): METHOD:PUBLISH with
    the session's UID and current SEQUENCE, as in the feeds, so that a client that has the
    session from an invitation or a subscription updates that event instead of adding one."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(
        _event(
            session,
            url=url,
            sequence=session.sequence,
            stamp=session.updated_at,
            cancelled=session.status.name == "cancelled",
            group=group,
        )
    )
    return calendar.to_ical()


def _deadline_event(deadline) -> Event:
    event = Event()
    event.add("uid", deadline.uid)
    event.add("dtstamp", deadline.changed_at.astimezone(UTC))
    # A moment, not a meeting: DTSTART without DTEND is an event of no duration (RFC 5545).
    event.add("dtstart", deadline.at.astimezone(UTC))
    event.add("summary", _line(deadline.title))
    event.add("url", deadline.url)
    event.add("description", deadline.url)
    event.add("transp", "TRANSPARENT")
    return event


def feed(sessions, *, name: str, url_for_session, deadlines=(), groups=None) -> bytes:
    """A subscribable feed (no METHOD): each session at its current SEQUENCE; DTSTAMP is the
    session's last change, so the bytes, and the ETag, change only when a session does.
    `groups` names what a session without a track belongs to ({session id: title})."""
    calendar = _calendar()
    calendar.add("x-wr-calname", _line(name))
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for session in sessions:
        calendar.add_component(
            _event(
                session,
                url=url_for_session(session),
                sequence=session.sequence,
                stamp=session.updated_at,
                cancelled=session.status.name == "cancelled",
                group=(groups or {}).get(session.id, ""),
            )
        )
    for deadline in deadlines:
        calendar.add_component(_deadline_event(deadline))
    return calendar.to_ical()


def parse_offset(value: str) -> timedelta:
    """A reminder offset: an ISO 8601 duration such as P7D or PT2H; ValueError if it is not."""
    try:
        duration = vDuration.from_ical(value)
    except (ValueError, TypeError) as error:
        raise ValueError(value) from error
    if not isinstance(duration, timedelta) or duration <= timedelta(0):
        raise ValueError(value)
    return duration
