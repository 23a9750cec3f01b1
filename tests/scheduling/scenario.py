"""A track's whole life as its participants' mailboxes see it, for the tests that hand every
invite to software nobody here wrote (Radicale, libical): registering, the waiting list and
a promotion, a session added, moved, renamed and cancelled, leaving, and registering again.

Two places: Sofie and Tom get them, An waits. Session C is added; A moves; B is renamed.
Tom leaves (An is promoted: invited to A and B). C is cancelled. Sofie leaves (removed from
A and B, which go on). Tom registers again (invited once more). A moves again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.tracks import services
from tests.builders import create_open_track, create_person, create_session
from tests.outbox import flush

PEOPLE = ("sofie@example.org", "tom@example.org", "an@example.org")


@dataclass
class Scenario:
    track: object
    sessions: dict
    # {address: the person's personal feed URL path}
    feeds: dict


def play() -> Scenario:
    """Play the story; every step's mail is sent (through the test's SMTP server)."""
    now = utcnow().replace(second=0, microsecond=0)
    track = create_open_track(capacity=2)
    a = create_session(track, now + timedelta(days=41), title="Labo A")
    b = create_session(track, now + timedelta(days=48), title="Labo B")
    sofie, tom, an = (create_person(address) for address in PEOPLE)
    place_of = {sofie: services.register(sofie, track), tom: services.register(tom, track)}
    services.register(an, track)  # the waiting list
    flush()
    c = create_session(track, now + timedelta(days=55), title="Labo C")
    flush()
    scheduling.change_session(
        a, starts_at=now + timedelta(days=42), ends_at=now + timedelta(days=42, hours=3)
    )
    flush()
    scheduling.change_session(b, title="Labo B: de uitrol")
    flush()
    services.cancel(place_of[tom], by=tom)  # An is promoted
    flush()
    scheduling.cancel_session(c)
    flush()
    services.cancel(place_of[sofie], by=sofie)  # A and B go on without her
    flush()
    services.register(tom, track)  # back, with a place
    flush()
    scheduling.change_session(
        a, starts_at=now + timedelta(days=43), ends_at=now + timedelta(days=43, hours=2)
    )
    flush()
    feeds = {person.email: f"/calendar/{calendar_token(person)}.ics" for person in (sofie, tom, an)}
    db.session.commit()
    return Scenario(track=track, sessions={"A": a, "B": b, "C": c}, feeds=feeds)


def calendars_in(mail) -> list[str]:
    """The calendar of a mail: its text/calendar part (invite.ics holds the same)."""
    return [
        part.get_content() for part in mail.walk() if part.get_content_type() == "text/calendar"
    ]
