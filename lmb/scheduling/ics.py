"""Building iCalendar (RFC 5545) objects: invites with METHOD:REQUEST/CANCEL, and feeds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from email.utils import parseaddr
from functools import lru_cache

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText
from icalendar.parser import Contentline
from icalendar.prop import vDuration

from lmb.notifications.mail import sender_address
from lmb.notifications.mailbox import reply_address

PRODID = "-//VVSG//LMB Leertrajecten//NL"
FEED_REFRESH = timedelta(hours=1)

# RFC 5545 allows no control characters in a value but HTAB; a line break only in text,
# escaped. Titles and names are one line. A byte-order mark (U+FEFF, pasted from a Word or
# Excel file) goes too: the library drops it from a line it writes, and a reader may take it
# for the start of a file.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def _line(value) -> str:
    """A single-line value (a title, a name, a place) fit for any property."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", str(value or ""))).strip()


def _text(value) -> str:
    """A multi-line text: its line breaks kept (the library escapes them), no controls."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def organizer_address() -> vCalAddress:
    """Where calendar programs send an answer: the reply mailbox's address when one is
    configured (lmb.scheduling.replies reads it), else the sender's; a bare mailto: with the
    sender's name as CN."""
    name, address = _sender(current_app.config["MAIL_DEFAULT_SENDER"])
    organizer = vCalAddress(f"mailto:{reply_address() or address}")
    if name:
        organizer.params["CN"] = _line(name)
    return organizer


@lru_cache(maxsize=8)
def _sender(sender: str) -> tuple[str, str]:
    """The sender's name and address as the mail's From has them (an unquoted name may hold
    a comma); a setting that holds none stops the dispatcher, not the request writing the
    invite."""
    try:
        address = sender_address(sender)
        return address.display_name, address.addr_spec
    except ValueError:
        return parseaddr(sender)


def _track_title(track) -> str:
    """A track's title in the reader's language (its English one for a reader of English)."""
    return getattr(track, "shown_title", None) or track.title


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
    title: str | None = None,
    agenda: str | None = None,
) -> Event:
    """The session as an event; `title`, `agenda` and `group` in the reader's language when
    the caller has them (an invite: its recipient's, scheduling.audiences.texts_of), else the
    session's own and its track's title."""
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    # One-off sessions: times in UTC (Z), which every client converts to its own zone.
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    # What the session belongs to: its track, or the group another domain names.
    if not group and session.track is not None:
        group = _track_title(session.track)
    title = _line(session.title if title is None else title)
    group = _line(group)
    event.add("summary", f"{group}: {title}" if group else title)
    location = _line(session.location or session.online_url)
    if location:
        event.add("location", location)
    agenda = session.agenda if agenda is None else agenda
    description = "\n\n".join(part for part in (agenda, session.online_url, url) if part)
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
    title: str | None = None,
    agenda: str | None = None,
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
        title=title,
        agenda=agenda,
    )
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["CN"] = _line(attendee_name)
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    # An answer is asked for only where one can come back (LMB_REPLY_IMAP_URL).
    attendee.params["RSVP"] = "TRUE" if reply_address() else "FALSE"
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def single(
    session,
    *,
    url: str,
    group: str = "",
    sequence: int | None = None,
    title: str | None = None,
    agenda: str | None = None,
) -> bytes:
    """One session to add to a calendar by hand ("Zet in mijn agenda"): METHOD:PUBLISH with
    the session's UID and the SEQUENCE of the person's feed and invites (`sequence`, else the
    session's own), so that a client that has the session from an invitation or a
    subscription updates that event instead of adding one."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(
        _event(
            session,
            url=url,
            sequence=session.sequence if sequence is None else sequence,
            stamp=session.updated_at,
            cancelled=session.status.name == "cancelled",
            group=group,
            title=title,
            agenda=agenda,
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


def feed(
    sessions,
    *,
    name: str,
    url_for_session,
    deadlines=(),
    groups=None,
    sequences=None,
    titles=None,
    agendas=None,
) -> bytes:
    """A subscribable feed (no METHOD): each session at its current SEQUENCE, a person's
    feed at the one their invites carry (`sequences`, {session id: SEQUENCE}: see
    scheduling.sequences); DTSTAMP is the session's last change, so the bytes change only
    when a session does. `groups` names what a session without a track belongs to
    ({session id: title}); `titles` and `agendas` the title and agenda of such a session in
    the feed's language where its owner words them so ({session id: text}).

    The calendar around the events and the deadlines are the icalendar library's; the
    sessions' events, hundreds in a busy person's feed, are written by `_feed_event`, byte
    for byte what the library writes for `_event` (tests/scheduling/test_feed_writer.py
    holds the two side by side) in a tenth of the time."""
    calendar = _calendar()
    calendar.add("x-wr-calname", _line(name))
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    head, end = calendar.to_ical().decode().rsplit("END:VCALENDAR", 1)
    organizer = organizer_address()
    organizer = Contentline.from_parts("ORGANIZER", organizer.params, organizer.to_ical().decode())
    groups, sequences = groups or {}, sequences or {}
    titles, agendas = titles or {}, agendas or {}
    events = "".join(
        _feed_event(
            session,
            url_for_session(session),
            groups.get(session.id, ""),
            organizer,
            sequences.get(session.id, session.sequence),
            title=titles.get(session.id) or None,
            agenda=agendas.get(session.id) or None,
        )
        for session in sessions
    )
    events += "".join(_deadline_event(deadline).to_ical().decode() for deadline in deadlines)
    return f"{head}{events}END:VCALENDAR{end}".encode()


def _feed_event(
    session,
    url: str,
    group: str,
    organizer: str,
    sequence: int,
    *,
    title: str | None = None,
    agenda: str | None = None,
) -> str:
    """`_event(session, ...)` of a feed as the library writes it: its properties in the
    library's order (SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE, then by name), values
    escaped by the library's TEXT type, lines folded as it folds them."""
    if not group and session.track is not None:
        group = _track_title(session.track)
    title, group = _line(session.title if title is None else title), _line(group)
    location = _line(session.location or session.online_url)
    agenda = session.agenda if agenda is None else agenda
    description = "\n\n".join(p for p in (agenda, session.online_url, url) if p)
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _escaped(f"{group}: {title}" if group else title),
        "DTSTART:" + _utc(session.starts_at),
        "DTEND:" + _utc(session.ends_at),
        "DTSTAMP:" + _utc(session.updated_at),
        "UID:" + _escaped(session.uid),
        f"SEQUENCE:{int(sequence)}",
    ]
    if description:
        lines.append("DESCRIPTION:" + _escaped(_text(description)))
    if location:
        lines.append("LOCATION:" + _escaped(location))
    lines.append(organizer)
    lines.append("STATUS:" + ("CANCELLED" if session.status.name == "cancelled" else "CONFIRMED"))
    lines.append("URL:" + url)
    lines.append("END:VEVENT")
    return "".join(_folded(line) + "\r\n" for line in lines)


def _escaped(value: str) -> str:
    return vText(value).to_ical().decode()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _folded(line: str, limit: int = 75) -> str:
    """RFC 5545 folding as the library does it: a line of 75 octets or more is cut before
    the character that would reach 75, never just after a backslash or caret (an escape)."""
    if len(line) < limit // 4 or len(line.encode()) < limit:
        return line
    parts: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, count = [carried], len(carried.encode())
            else:
                parts.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    parts.append("".join(current))
    return "\r\n ".join(parts)


def parse_offset(value: str) -> timedelta:
    """A reminder offset: an ISO 8601 duration such as P7D or PT2H; ValueError if it is not.

    Whole days may name a clock time: "P1D@09:00" is the day before at 9:00, in each
    recipient's own zone (lmb.notifications.sweep.reminder_moment); its duration is the days.
    """
    value, at, clock = value.partition("@")
    if at:
        try:
            time.fromisoformat(clock)
        except ValueError as error:
            raise ValueError(value) from error
        if len(clock) != 5 or "T" in value:
            raise ValueError(value)
    try:
        duration = vDuration.from_ical(value)
    except (ValueError, TypeError) as error:
        raise ValueError(value) from error
    if not isinstance(duration, timedelta) or duration <= timedelta(0):
        raise ValueError(value)
    return duration
