"""Answers that come back: an iTIP REPLY (RFC 5546 section 3.2.3) to an invitation, read
from the reply mailbox (lmb.notifications.mailbox) by a scheduler job.

When a reply mailbox is configured, invites ask for an answer (RSVP=TRUE, ORGANIZER the
mailbox's address: scheduling.ics), and Outlook's, Gmail's or Thunderbird's "accept" sends a
METHOD:REPLY there. A REPLY sets the person's "will you come?" through the attendance
service (services.set_intent): ACCEPTED is yes, TENTATIVE maybe, DECLINED no. It counts only
when it is one VEVENT of a session's UID with exactly one ATTENDEE, whose address is the
sender's own (From) and a person who may answer for that session, at a SEQUENCE not older
than the one their invites carry now (scheduling.sequences), and not older (DTSTAMP) than an
answer they gave since. Anything else changes nothing and is set aside with its reason.

The job is idempotent: a message moves out of the mailbox only after its outcome committed,
and reading it again finds the answer already given (processed again, nothing changes). The
scheduler's lock runs it in one scheduler at a time; a message that breaks the parser is set
aside, never read again and again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import getaddresses

from icalendar import Calendar
from sqlalchemy import func, select

from lmb.accounts.models import User
from lmb.core.database import after_commit
from lmb.core.errors import ServiceError
from lmb.extensions import db
from lmb.notifications import mailbox
from lmb.scheduling.models import Attendance, Intent, Session
from lmb.scheduling.sequences import sequences_for
from lmb.scheduling.services import set_intent

log = logging.getLogger(__name__)

ANSWERS = {"ACCEPTED": Intent.yes, "TENTATIVE": Intent.maybe, "DECLINED": Intent.no}
# Messages read per run; the rest wait for the next (each run is one transaction).
BATCH = 200


@dataclass(frozen=True)
class Outcome:
    processed: bool
    # What happened (processed) or why nothing did (not processed), for staff and the log.
    reason: str


class NotProcessed(Exception):
    """The message changes nothing, for this reason."""


def _calendar_text(message: EmailMessage) -> str:
    """The REPLY's calendar: the text/calendar part, else an .ics attachment."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    parts += [
        p
        for p in message.walk()
        if p.get_content_type() in ("application/ics", "application/octet-stream")
        and (p.get_filename() or "").lower().endswith(".ics")
    ]
    if not parts:
        raise NotProcessed("no calendar in the message")
    payload = parts[0].get_payload(decode=True) or b""
    return payload.decode(parts[0].get_content_charset() or "utf-8", errors="replace")


def _address(value) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().lower()


def read_reply(raw: bytes) -> tuple[str, str, Intent, int, datetime | None, str]:
    """(sender, UID, answer, SEQUENCE, DTSTAMP, attendee address) of a REPLY message, or
    NotProcessed with the reason."""
    message = BytesParser(policy=default_policy).parsebytes(raw)
    senders = [address for _name, address in getaddresses([str(message["From"] or "")])]
    if len(senders) != 1 or "@" not in senders[0]:
        raise NotProcessed("malformed: no single sender address")
    try:
        calendar = Calendar.from_ical(_calendar_text(message))
    except ValueError as error:
        raise NotProcessed(f"malformed calendar: {error}") from None
    method = str(calendar.get("METHOD", "")).upper()
    if method != "REPLY":
        raise NotProcessed(f"not a REPLY (METHOD:{method or 'none'})")
    events = calendar.walk("VEVENT")
    if len(events) != 1 or "RECURRENCE-ID" in events[0]:
        raise NotProcessed("malformed: a REPLY about one event is expected")
    event = events[0]
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees] if attendees else []
    if len(attendees) != 1 or not event.get("UID"):
        raise NotProcessed("malformed: a REPLY has a UID and exactly one ATTENDEE")
    [attendee] = attendees
    partstat = str(attendee.params.get("PARTSTAT", "")).upper()
    if partstat not in ANSWERS:
        raise NotProcessed(f"PARTSTAT {partstat or 'none'} is no answer")
    try:
        sequence = int(str(event.get("SEQUENCE", 0)))
        stamp = event.decoded("DTSTAMP") if "DTSTAMP" in event else None
    except (ValueError, TypeError) as error:
        raise NotProcessed(f"malformed: {error}") from None
    if not isinstance(stamp, datetime) or stamp.tzinfo is None:
        stamp = None
    return (
        senders[0].lower(),
        str(event["UID"]),
        ANSWERS[partstat],
        sequence,
        stamp,
        _address(attendee),
    )


def apply_reply(raw: bytes) -> Outcome:
    """Read one message and, when it is a valid answer, set the person's intent."""
    sender, uid, intent, sequence, stamp, attendee = read_reply(raw)
    session = db.session.scalar(select(Session).where(Session.uid == uid))
    if session is None:
        raise NotProcessed(f"unknown UID {uid}")
    if attendee != sender:
        raise NotProcessed(f"the answer is for {attendee}, but {sender} sent it")
    user = db.session.scalar(select(User).where(func.lower(User.email) == attendee))
    if user is None or not user.active:
        raise NotProcessed(f"{attendee} has no account")
    if session.track_id is None:
        raise NotProcessed("answers are kept for a track's sessions only")
    current = sequences_for(user, [session])[session.id]
    if sequence < current:
        raise NotProcessed(f"older SEQUENCE {sequence}: the invitation is at {current} now")
    answer = db.session.scalar(
        select(Attendance).where(Attendance.session_id == session.id, Attendance.user_id == user.id)
    )
    if answer is not None and answer.intent is intent:
        return Outcome(True, f"{attendee}: {intent.name} for {uid} (already so)")
    # DTSTAMP counts whole seconds: an answer of the same second is no later one.
    given = answer.updated_at.replace(microsecond=0) if answer is not None else None
    if answer is not None and answer.intent is not None and stamp and given > stamp:
        raise NotProcessed(f"{attendee} answered again after this REPLY")
    try:
        with db.session.begin_nested():
            set_intent(user, session, intent)
    except ServiceError as error:
        raise NotProcessed(f"{attendee}: {error}") from None
    return Outcome(True, f"{attendee}: {intent.name} for {uid}")


def outcome_of(raw: bytes | None) -> Outcome:
    """Never raises: whatever a message holds, it gets an outcome (the job never jams)."""
    if raw is None:
        return Outcome(False, "too large or gone")
    try:
        return apply_reply(raw)
    except NotProcessed as refusal:
        return Outcome(False, str(refusal))
    except Exception as error:  # a message no parser expected: set aside, not retried
        log.exception("calendar reply could not be read")
        return Outcome(False, f"malformed: {error.__class__.__name__}")


def read_replies() -> dict[str, int] | None:
    """The scheduler job: the answers waiting in the reply mailbox, each applied in this
    job's transaction and moved out of the mailbox once that commits."""
    if not mailbox.configured():
        return None
    done: list[tuple[bytes, bytes | None, Outcome]] = []
    with mailbox.opened() as box:
        for uid in box.uids(BATCH):
            try:
                raw = box.fetch(uid)
            except mailbox.Refused:
                # A message the server refuses to hand over (NO, BAD) is moved aside as it
                # is, rather than tried at every run; a broken connection ends the run, and
                # the next one reads the same messages again.
                log.exception("calendar reply %s could not be fetched", uid)
                raw = None
            outcome = outcome_of(raw)
            log.log(
                logging.INFO if outcome.processed else logging.WARNING,
                "calendar reply %s: %s",
                "processed" if outcome.processed else "not processed",
                outcome.reason,
            )
            done.append((uid, raw, outcome))
    if done:
        after_commit(lambda: _file(done))
    return {
        "processed": sum(o.processed for _u, _r, o in done),
        "not_processed": sum(not o.processed for _u, _r, o in done),
    }


def _file(done) -> None:
    """After the commit: each message to its folder. Should the mailbox fail now, they
    stay where they are and the next run finds the answers given (nothing changes twice)."""
    try:
        with mailbox.opened() as box:
            for uid, raw, outcome in done:
                if outcome.processed:
                    box.move(uid, box.settings.processed)
                else:
                    box.set_aside(uid, raw, outcome.reason)
    except Exception:
        log.exception("calendar replies: moving the messages failed; they are read again")


# Added to the scheduler's jobs by scheduling's setup (lmb.scheduling.init_app).
REPLIES_JOB = ("calendar-replies", read_replies, 60)
