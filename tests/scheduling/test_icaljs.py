"""Every calendar the platform writes, read by a parser nobody here wrote: Mozilla's ical.js
(Thunderbird's), from the npm registry (package.json), run with Node. A person's invites
through a track's life (registered, the session moved, left, registered again, the session
cancelled), both copies in each mail (the text/calendar part and invite.ics), and the feeds.
Without Node or ical.js (`npm ci`) the test is skipped, as the accessibility tests are."""

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.tracks import services
from tests.builders import create_open_track, create_person, create_session
from tests.outbox import flush

ROOT = Path(__file__).resolve().parents[2]
READER = Path(__file__).with_name("icaljs_read.cjs")
NOW = utcnow().replace(second=0, microsecond=0)


def ical_js(texts: list[str]) -> list[dict]:
    if not shutil.which("node") or not (ROOT / "node_modules" / "ical.js").is_dir():
        pytest.skip("Node and ical.js (npm ci) are not installed")
    done = subprocess.run(
        ["node", str(READER)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def calendars_of(mail) -> list[str]:
    """The calendar in the mail's text/calendar part and in its invite.ics attachment."""
    return [
        part.get_content()
        if part.get_content_type() == "text/calendar"
        else part.get_payload(decode=True).decode()
        for part in mail.walk()
        if part.get_content_type() in ("text/calendar", "application/ics")
    ]


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_ical_js_reads_every_invite_and_feed_as_the_platform_means_them(
    app, ctx, smtp_server, browser
):
    track = create_open_track()
    track.capacity = 5
    session = create_session(track, NOW + timedelta(days=41), title="Labo: startbijeenkomst")
    sofie, tom = create_person("sofie@example.org"), create_person("tom@example.org")
    services.register(tom, track)
    registration = services.register(sofie, track)
    flush()
    moved = NOW + timedelta(days=42)
    scheduling.change_session(session, starts_at=moved, ends_at=moved + timedelta(hours=3))
    flush()
    services.cancel(registration, by=sofie)  # Sofie leaves; the session goes on
    flush()
    services.register(sofie, track)  # and comes back
    flush()
    scheduling.cancel_session(session)
    flush()
    token = calendar_token(tom)
    db.session.commit()  # the test calls services: they flush, the caller commits

    for person, expected in (
        # (method, STATUS, attendees) of each mail, in order
        (
            "sofie@example.org",
            [
                ("REQUEST", "CONFIRMED", ["mailto:sofie@example.org"]),
                ("REQUEST", "CONFIRMED", ["mailto:sofie@example.org"]),
                ("CANCEL", None, ["mailto:sofie@example.org"]),  # removed, not cancelled
                ("REQUEST", "CONFIRMED", ["mailto:sofie@example.org"]),
                ("CANCEL", "CANCELLED", ["mailto:sofie@example.org"]),
            ],
        ),
        (
            "tom@example.org",
            [
                ("REQUEST", "CONFIRMED", ["mailto:tom@example.org"]),
                ("REQUEST", "CONFIRMED", ["mailto:tom@example.org"]),
                ("CANCEL", "CANCELLED", ["mailto:tom@example.org"]),
            ],
        ),
    ):
        mails = [m for m in smtp_server.to(person) if calendars_of(m)]
        texts = [text for mail in mails for text in calendars_of(mail)]
        read = ical_js(texts)
        assert all("error" not in r for r in read), read
        # Both copies in a mail say the same to ical.js.
        assert read[0::2] == read[1::2]
        seen = read[0::2]
        assert [
            (r["method"], r["events"][0]["status"], r["events"][0]["attendees"]) for r in seen
        ] == expected
        assert all(len(r["events"]) == 1 and r["events"][0]["uid"] == session.uid for r in seen)
        sequences = [r["events"][0]["sequence"] for r in seen]
        assert sequences == sorted(sequences) and sequences[-1] > sequences[0], sequences
        assert seen[0]["events"][0]["start"] == utc(NOW + timedelta(days=41))
        assert all(r["events"][0]["start"] == utc(moved) for r in seen[1:])
        assert all(r["events"][0]["end"] == utc(moved + timedelta(hours=3)) for r in seen[1:])

    feeds = [
        browser.get(f"/calendar/{token}.ics").get_data(as_text=True),
        browser.get(f"/tracks/{track.slug}/calendar.ics").get_data(as_text=True),
    ]
    for feed in ical_js(feeds):
        assert "error" not in feed, feed
        assert feed["method"] is None  # a published calendar, not a message
        [event] = feed["events"]
        assert (event["uid"], event["status"], event["start"]) == (
            session.uid,
            "CANCELLED",
            utc(moved),
        )


def test_ical_js_reads_the_waiting_list_promotion_and_a_session_added_later(
    ctx, smtp_server, browser
):
    """One place: Sofie is confirmed, Tom waits (no calendar). A second session is added
    (Sofie is invited to it); Sofie leaves (she is removed from both, the sessions go on) and
    Tom, promoted, is invited to both. ical.js reads each person's mails as that story."""
    track = create_open_track(capacity=1)
    first = create_session(track, NOW + timedelta(days=41), title="Labo 1")
    sofie, tom = create_person("sofie@example.org"), create_person("tom@example.org")
    place = services.register(sofie, track)
    services.register(tom, track)
    flush()
    assert not [m for m in smtp_server.to("tom@example.org") if calendars_of(m)]
    second = create_session(track, NOW + timedelta(days=48), title="Labo 2")
    flush()
    services.cancel(place, by=sofie)
    flush()

    def story(person):
        mails = [m for m in smtp_server.to(person) if calendars_of(m)]
        read = ical_js([text for mail in mails for text in calendars_of(mail)])
        assert all("error" not in r for r in read), read
        assert read[0::2] == read[1::2]  # the part and invite.ics read the same
        return [
            (
                r["method"],
                r["events"][0]["uid"],
                r["events"][0]["status"],
                r["events"][0]["attendees"],
            )
            for r in read[0::2]
        ]

    me, him = ["mailto:sofie@example.org"], ["mailto:tom@example.org"]
    hers = story("sofie@example.org")
    for uid in (first.uid, second.uid):  # each removal comes after its invitation
        methods = [method for method, event_uid, _status, _who in hers if event_uid == uid]
        assert methods == ["REQUEST", "CANCEL"], methods
    assert sorted(hers) == sorted(
        [
            ("REQUEST", first.uid, "CONFIRMED", me),
            ("REQUEST", second.uid, "CONFIRMED", me),
            ("CANCEL", first.uid, None, me),
            ("CANCEL", second.uid, None, me),
        ]
    )
    assert sorted(story("tom@example.org")) == sorted(
        [
            ("REQUEST", first.uid, "CONFIRMED", him),
            ("REQUEST", second.uid, "CONFIRMED", him),
        ]
    )


def _icalendar_reading(text: str) -> list[dict]:
    """What this project's parser (icalendar) reads in a calendar, in ical.js's terms."""
    from icalendar import Calendar

    found = []
    for event in Calendar.from_ical(text).walk("VEVENT"):
        found.append(
            {
                "uid": str(event["UID"]),
                "sequence": int(event.get("SEQUENCE", 0)),
                "status": str(event["STATUS"]) if "STATUS" in event else None,
                "summary": str(event["SUMMARY"]),
                "start": utc(event["DTSTART"].dt),
                "end": utc(event["DTEND"].dt) if "DTEND" in event else None,
            }
        )
    return found


def test_ical_js_reads_the_whole_story_as_icalendar_does_and_feeds_match_invites(
    app, ctx, smtp_server, browser
):
    """The full story of tests/scheduling/scenario.py (waiting list, promotion, a session
    added, moved, renamed and cancelled, leaving, registering again): every copy of every
    invite and each person's feed, read by ical.js exactly as icalendar reads them; and each
    person's feed carries, for each of its sessions, the SEQUENCE of that person's last invite
    for it (issue 15: never two versions of one event)."""
    from tests.scheduling.scenario import PEOPLE, play

    story = play()
    for address in PEOPLE:
        invites = [t for mail in smtp_server.to(address) for t in calendars_of(mail)]
        feed = browser.get(story.feeds[address]).get_data(as_text=True)
        texts = [*invites, feed]
        read = ical_js(texts)
        assert [r for r in read if "error" in r] == [], address
        for text, mine in zip(texts, read, strict=True):
            theirs = [
                {k: e[k] for k in ("uid", "sequence", "status", "summary", "start")}
                for e in mine["events"]
            ]
            ours = [
                {k: e[k] for k in ("uid", "sequence", "status", "summary", "start")}
                for e in _icalendar_reading(text)
            ]
            assert theirs == ours, address
        last_invite = {}
        for reading in read[:-1]:
            for event in reading["events"]:
                last_invite[event["uid"]] = max(
                    last_invite.get(event["uid"], -1), event["sequence"]
                )
        for event in read[-1]["events"]:
            assert event["sequence"] == last_invite[event["uid"]], (address, event["summary"])
    tom = {
        e["uid"]
        for e in ical_js([browser.get(story.feeds["tom@example.org"]).data.decode()])[0]["events"]
    }
    assert tom == {story.sessions["A"].uid, story.sessions["B"].uid}
