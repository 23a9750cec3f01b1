"""Feeds at scale: a reader who has the feed gets a 304 from the version stamp without the feed
being built; any committed change a feed could show moves the stamp; gzip when asked."""

import gzip
from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine
from icalendar import Calendar
from sqlalchemy.orm.attributes import flag_modified

from lmb.accounts.models import User
from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling import stamps
from lmb.scheduling.models import Session
from lmb.tracks import services as tracks
from lmb.tracks.models import Registration, Track
from tests.builders import (
    create_person,
    create_session,
    create_track,
    make_coordinator,
    registered,
)

NOW = utcnow().replace(second=0, microsecond=0)


@pytest.fixture
def feed(app):
    """Sofie, confirmed in one track of three sessions: her feed's path."""
    with app.app_context():
        track = create_track("participatie", "Participatie")
        sofie = create_person("sofie@example.org")
        registered(sofie, track)
        for n in range(3):
            create_session(track, NOW + timedelta(days=10 + n), title=f"Labo {n + 1}")
        token = calendar_token(sofie)
        db.session.commit()  # services flush; the caller commits
        db.session.remove()
    return f"/calendar/{token}.ics"


def summaries(body: bytes) -> list[str]:
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")]


def statements(app, client, path, headers):
    sent = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *rest):
        sent.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path, headers=headers)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return response, sent


def test_a_reader_who_has_the_feed_gets_304_from_one_statement(app, feed):
    app.config["PAGE_CACHE_SECONDS"] = 0  # the stamp alone answers, not the micro-cache
    client = app.test_client()
    first = client.get(feed)
    assert first.status_code == 200 and first.headers["ETag"]
    again, sent = statements(app, client, feed, {"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    for header in ("ETag", "Cache-Control", "Last-Modified"):
        assert again.headers.get(header) == first.headers.get(header), header
    assert "Accept-Encoding" in again.headers["Vary"]
    assert "private" in again.headers["Cache-Control"]
    # The person behind the address and the stamp: no session, track or deadline is read.
    assert len(sent) == 1, sent
    assert "feed_versions" in sent[0] and "users" in sent[0] and "sessions" not in sent[0]
    # A stale or unknown tag gets the feed; an unknown address stays unknown.
    assert client.get(feed, headers={"If-None-Match": '"stale"'}).status_code == 200
    unknown = feed.replace("/calendar/", "/calendar/x")
    assert client.get(unknown, headers={"If-None-Match": first.headers["ETag"]}).status_code == 404


def test_the_view_answers_304_with_the_same_validator(app, feed):
    """When the request reaches the view (the early answer could not be given), the view
    checks the same validator before building anything."""
    from lmb.scheduling.views import personal_feed

    app.config["PAGE_CACHE_SECONDS"] = 0
    tag = app.test_client().get(feed).headers["ETag"]
    token = feed.removeprefix("/calendar/").removesuffix(".ics")
    with app.test_request_context(feed, headers={"If-None-Match": tag}):
        response = personal_feed(token)
        assert response.status_code == 304 and response.headers["ETag"] == tag


def test_every_change_the_feed_shows_gives_a_new_tag_and_the_new_feed(app, feed):
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = app.test_client()
    seen = client.get(feed)

    def after(change):
        nonlocal seen
        with app.app_context():
            change()
            db.session.commit()
            db.session.remove()
        response = client.get(feed, headers={"If-None-Match": seen.headers["ETag"]})
        assert response.status_code == 200, change.__name__
        assert response.headers["ETag"] != seen.headers["ETag"]
        seen = response
        return summaries(response.data)

    def track():
        return db.session.scalar(sa.select(Track).where(Track.slug == "participatie"))

    def first_session():
        return db.session.scalar(sa.select(Session).order_by(Session.starts_at))

    def rename_session():
        scheduling.change_session(first_session(), title="Labo 1 (nieuw)")

    assert after(rename_session)[0] == "Participatie: Labo 1 (nieuw)"

    def add_session():
        create_session(track(), NOW + timedelta(days=20), title="Labo 4")

    assert after(add_session)[-1] == "Participatie: Labo 4"

    def cancel_a_session():
        scheduling.cancel_session(first_session())

    after(cancel_a_session)

    def rename_the_track():
        track().title = "Participatie en inspraak"

    assert after(rename_the_track)[-1] == "Participatie en inspraak: Labo 4"

    def bulk_update():  # a statement no flush sees
        db.session.execute(sa.update(Session).values(location="Gent"))

    after(bulk_update)

    def leave_the_track():
        registration = db.session.scalar(sa.select(Registration))
        tracks.cancel(registration, by=make_coordinator("coord@example.org", track()), now=NOW)

    assert after(leave_the_track) == []


def test_what_no_feed_shows_keeps_the_tag(app, feed, browser):
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = app.test_client()
    tag = client.get(feed).headers["ETag"]
    # Logging in (a server-side session, the last login) and saying "I will come".
    browser.login("sofie@example.org")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "sofie@example.org"))
        session = db.session.scalar(sa.select(Session).order_by(Session.starts_at))
        scheduling.set_intent(user, session, scheduling.Intent.yes)
        db.session.commit()
    assert client.get(feed, headers={"If-None-Match": tag}).status_code == 304


def test_each_table_a_feed_could_show_moves_the_stamp_when_a_row_changes(app):
    """The class, not the instances: for every table outside QUIET_TABLES, an ORM change of
    one of its rows and a bulk UPDATE through the session both move the stamp; a change in a
    quiet table does not."""
    from tests.tracks.test_seed import run_seed

    run_seed(app, "--demo")
    without_rows, unmoved, moved_by_quiet = [], [], []
    with app.app_context():
        for mapper in sorted(db.Model.registry.mappers, key=lambda m: m.local_table.name):
            table = mapper.local_table
            if table.name in stamps.QUIET_TABLES:
                quiet_row = db.session.scalars(sa.select(mapper.class_).limit(1)).first()
                if quiet_row is not None:
                    before = stamps.current()[0]
                    flag_modified(quiet_row, next(c.key for c in mapper.column_attrs))
                    db.session.commit()
                    if stamps.current()[0] != before:
                        moved_by_quiet.append(table.name)
                continue
            before = stamps.current()[0]
            row = db.session.scalars(sa.select(mapper.class_).limit(1)).first()
            if row is None:
                without_rows.append(table.name)
            else:
                quiet = {*stamps.QUIET_COLUMNS.get(table.name, ()), "id"}
                column = next(c.key for c in mapper.column_attrs if c.key not in quiet)
                flag_modified(row, column)
                db.session.commit()
                if stamps.current()[0] == before:
                    unmoved.append(f"{table.name} (ORM)")
            before = stamps.current()[0]
            key = next(iter(table.primary_key.columns))
            db.session.execute(sa.update(table).where(key == key).values({key.name: key}))
            db.session.commit()
            if stamps.current()[0] == before:
                unmoved.append(f"{table.name} (bulk)")
    assert unmoved == [] and moved_by_quiet == []
    # The demo world fills nearly every table; the bulk statement covers the rest.
    assert len(without_rows) < 10, without_rows


def test_the_quiet_tables_exist(app):
    """A renamed table would silently stop being quiet (safe) or, worse, a new table with an
    old quiet name would be ignored: the list names tables that exist."""
    assert set(db.metadata.tables) >= stamps.QUIET_TABLES
    assert set(stamps.QUIET_COLUMNS) <= set(db.metadata.tables)
    for table, columns in stamps.QUIET_COLUMNS.items():
        assert columns <= set(db.metadata.tables[table].columns.keys())


def test_if_modified_since_is_answered_and_withheld_just_after_a_change(app, feed):
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = app.test_client()
    later_on = utcnow() + timedelta(minutes=5)  # the fixture's changes are minutes old
    with time_machine.travel(later_on, tick=False):
        first = client.get(feed)
        modified = first.headers["Last-Modified"]
        answer = client.get(feed, headers={"If-Modified-Since": modified})
        assert answer.status_code == 304
        with app.app_context():
            scheduling.change_session(
                db.session.scalar(sa.select(Session).order_by(Session.id)), title="Nieuw"
            )
            db.session.commit()
        # Within two seconds of a change a second change could share its HTTP date: no date.
        fresh = client.get(feed, headers={"If-Modified-Since": modified})
        assert fresh.status_code == 200 and "Last-Modified" not in fresh.headers
    with time_machine.travel(later_on + timedelta(minutes=1), tick=False):
        later = client.get(feed)
        assert later.headers["Last-Modified"] != modified
        assert client.get(feed, headers={"If-Modified-Since": modified}).status_code == 200
        again = client.get(feed, headers={"If-Modified-Since": later.headers["Last-Modified"]})
        assert again.status_code == 304


def test_a_new_day_gives_a_new_tag_and_a_cancelled_session_leaves_after_its_30th_day(app, feed):
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = app.test_client()
    with app.app_context():
        scheduling.cancel_session(db.session.scalar(sa.select(Session).order_by(Session.id)))
        db.session.commit()
    cancelled = utcnow()
    with time_machine.travel(cancelled + timedelta(days=29), tick=False):
        kept = client.get(feed)
        assert "Participatie: Labo 1" in summaries(kept.data)
    with time_machine.travel(cancelled + timedelta(days=32), tick=False):
        gone = client.get(feed, headers={"If-None-Match": kept.headers["ETag"]})
        assert gone.status_code == 200
        assert "Participatie: Labo 1" not in summaries(gone.data)


@pytest.mark.parametrize("cache_seconds", [0, 5])
def test_gzip_when_asked_and_never_to_who_did_not_ask(app, feed, cache_seconds):
    app.config["PAGE_CACHE_SECONDS"] = cache_seconds
    client = app.test_client()
    zipped = client.get(feed, headers={"Accept-Encoding": "gzip, deflate"})
    plain = client.get(feed)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.data) == plain.data
    assert (
        "Accept-Encoding" in zipped.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    )
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    refused = client.get(feed, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers and refused.data == plain.data
    again = client.get(
        feed, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_track_feed_answers_from_the_stamp_too(app, feed):
    app.config["PAGE_CACHE_SECONDS"] = 0
    client = app.test_client()
    first = client.get("/tracks/participatie/calendar.ics")
    tag = first.headers["ETag"]
    assert (
        client.get("/tracks/participatie/calendar.ics", headers={"If-None-Match": tag}).status_code
        == 304
    )
    with app.app_context():
        db.session.scalar(sa.select(Track)).title = "Participatie (2027)"
        db.session.commit()
    changed = client.get("/tracks/participatie/calendar.ics", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert summaries(changed.data)[0].startswith("Participatie (2027): ")
