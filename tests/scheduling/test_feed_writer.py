"""The feed's own event writer (`ics._feed_event`) against the icalendar library: for any
title, place, agenda, link and track name, the feed holds byte for byte what the library
writes for the same session (`ics._event`, which the invites use)."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from lmb.scheduling import ics
from lmb.scheduling.feeds import Deadline

# Anything a person may type, including what iCalendar escapes or folds: commas,
# semicolons, backslashes, carets, line breaks, accents, emoji, combining marks.
TYPED = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(",;:\\^\"'\n\r\t ")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=200,
)
MOMENT = st.datetimes(
    min_value=datetime(2016, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


def _session(n, title, agenda, location, online_url, track, starts_at, cancelled, sequence):
    return SimpleNamespace(
        id=n,
        uid=f"{n}-{sequence}@lmb.example",
        sequence=sequence,
        updated_at=starts_at - timedelta(days=3, seconds=7),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        track=SimpleNamespace(title=track) if track is not None else None,
        title=title,
        agenda=agenda,
        location=location,
        online_url=online_url,
        status=SimpleNamespace(name="cancelled" if cancelled else "scheduled"),
    )


SESSION = st.builds(
    _session,
    n=st.integers(1, 10**6),
    title=TYPED,
    agenda=TYPED,
    location=TYPED,
    online_url=st.sampled_from(["", "https://meet.example/abc?x=1,2;3", "https://ü.example/é"]),
    track=st.one_of(st.none(), TYPED),
    starts_at=MOMENT,
    cancelled=st.booleans(),
    sequence=st.integers(0, 500),
)


def _library_feed(sessions, *, name, url_for_session, deadlines, groups):
    """The feed as the library writes it, each session through `ics._event`."""
    calendar = ics._calendar()
    calendar.add("x-wr-calname", ics._line(name))
    calendar.add("refresh-interval", ics.FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for session in sessions:
        calendar.add_component(
            ics._event(
                session,
                url=url_for_session(session),
                sequence=session.sequence,
                stamp=session.updated_at,
                cancelled=session.status.name == "cancelled",
                group=groups.get(session.id, ""),
            )
        )
    for deadline in deadlines:
        calendar.add_component(ics._deadline_event(deadline))
    return calendar.to_ical()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions=st.lists(SESSION, max_size=4), group=TYPED, name=TYPED)
# Found by hypothesis: a byte-order mark the library drops from the line it writes.
@example(
    sessions=[_session(1, "", "", "", "", None, datetime(2016, 1, 1, tzinfo=UTC), False, 0)],
    group="\ufeff",
    name="",
)
def test_the_feed_is_what_the_library_writes(app, sessions, group, name):
    groups = {session.id: group for session in sessions if session.track is None}
    deadlines = [
        Deadline(
            uid="review-round-1-review@lmb.example",
            title=f"Deadline: {name}",
            at=datetime(2027, 3, 1, 22, 59, tzinfo=UTC),
            url="https://lmb.example/peer-review/rounds/1",
            changed_at=datetime(2026, 11, 1, tzinfo=UTC),
        )
    ]

    def url(session):
        return f"https://lmb.example/tracks/t-{session.id}?tab=sessies&x=ä"

    with app.test_request_context():
        ours = ics.feed(
            sessions, name=name, url_for_session=url, deadlines=deadlines, groups=groups
        )
        library = _library_feed(
            sessions, name=name, url_for_session=url, deadlines=deadlines, groups=groups
        )
    assert ours == library
    # And the library reads it back: every session, its own texts.
    events = Calendar.from_ical(ours).walk("VEVENT")
    assert [str(e["UID"]) for e in events[: len(sessions)]] == [s.uid for s in sessions]


def test_long_lines_fold_under_75_octets_and_read_back_whole(app):
    title = "é" * 30 + "," * 40 + "\\" * 5
    agenda = "x" * 74 + ";" + "😀" * 30
    moment = datetime(2027, 1, 14, 8, 30, tzinfo=UTC)
    session = _session(7, title, agenda, "", "", "T", moment, False, 1)
    with app.test_request_context():
        body = ics.feed([session], name="n", url_for_session=lambda s: "https://e/x")
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "T: " + title
    assert str(event["DESCRIPTION"]).startswith(agenda + "\n\n")
