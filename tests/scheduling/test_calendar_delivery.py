"""Invites or subscription, never both: a person chooses on Mijn agenda how sessions reach
their calendar; with a subscription the session mails say what changed without a calendar
part; the feed and the invites carry the same SEQUENCE for the same event."""

import re
from datetime import timedelta

from icalendar import Calendar

from lmb.accounts.models import CalendarDelivery, User
from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.tracks import services
from tests.builders import create_open_track, create_person, create_session
from tests.outbox import flush
from tests.scheduling.itip_replies import invite_event

NOW = utcnow().replace(second=0, microsecond=0)


def has_calendar(mail) -> bool:
    return any(p.get_content_type() in ("text/calendar", "application/ics") for p in mail.walk())


def feed_sequences(browser, user) -> dict[str, int]:
    token = calendar_token(user)
    db.session.commit()
    body = browser.get(f"/calendar/{token}.ics").data
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in Calendar.from_ical(body).walk("VEVENT")}


def chosen(page: str) -> str:
    [value] = re.findall(r'<input checked [^>]*name="delivery"[^>]*value="(\w+)"', page)
    return value


def choose(app, browser, email, delivery):
    browser.login(email)
    return browser.submit(
        "/agenda/calendar-delivery", {"delivery": delivery}, page="/agenda", follow_redirects=True
    )


def test_the_agenda_offers_the_choice_with_its_explanation(app, make_user, make_browser):
    make_user("sofie@example.org")
    browser = make_browser()
    browser.login("sofie@example.org")
    page = browser.get("/agenda").get_data(as_text=True)
    assert 'action="/agenda/calendar-delivery"' in page
    assert chosen(page) == "invitations"  # the default
    assert "elke bijeenkomst twee keer" in page  # why not both
    # A choice that is not one is refused on the field's terms, never a 500.
    response = browser.submit("/agenda/calendar-delivery", {"delivery": "both"}, page="/agenda")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "sofie@example.org"))
        assert user.calendar_delivery is CalendarDelivery.invitations


def test_a_subscriber_gets_mails_without_a_calendar_and_invitations_again_on_switching_back(
    app, make_user, make_browser, smtp_server
):
    make_user("sofie@example.org")
    browser = make_browser()
    response = choose(app, browser, "sofie@example.org", "subscription")
    assert "voortaan in uw agenda" in response.get_data(as_text=True)
    assert chosen(response.get_data(as_text=True)) == "subscription"
    with app.app_context():
        sofie = db.session.scalar(db.select(User).where(User.email == "sofie@example.org"))
        track = create_open_track(capacity=3)
        session = create_session(track, NOW + timedelta(days=41), title="Labo 1")
        services.register(sofie, track)
        flush()
        moved = NOW + timedelta(days=42)
        scheduling.change_session(session, starts_at=moved, ends_at=moved + timedelta(hours=3))
        flush()
        mails = smtp_server.to("sofie@example.org")
        invites = [m for m in mails if "Labo 1" in str(m["Subject"])]
        assert len(invites) == 2
        # They say what happened, and carry no calendar part and no invite.ics.
        assert not any(has_calendar(m) for m in invites)
        texts = [smtp_server.text_of(m) for m in invites]
        assert "verschijnt in de agenda waarop u geabonneerd bent" in texts[0]
        assert "is gewijzigd; de agenda waarop u geabonneerd bent" in texts[1]
        uid = session.uid
        db.session.remove()

    # Back to invitations: the session to come arrives as an invitation, with its calendar.
    choose(app, make_browser(), "sofie@example.org", "invitations")
    with app.app_context():
        flush()
        [invite] = [m for m in smtp_server.to("sofie@example.org") if has_calendar(m)]
        event = invite_event(invite)
        assert str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) == 1
        assert "bent uitgenodigd" in smtp_server.text_of(invite)
        # Choosing the same again sends nothing more.
        choose(app, make_browser(), "sofie@example.org", "invitations")
        flush()
        assert len([m for m in smtp_server.to("sofie@example.org") if has_calendar(m)]) == 1


def test_the_feed_and_the_invites_carry_the_same_sequence_across_a_re_registration(
    ctx, browser, smtp_server
):
    track = create_open_track(capacity=3)
    session = create_session(track, NOW + timedelta(days=41), title="Labo 1")
    sofie = create_person("sofie@example.org")
    registration = services.register(sofie, track)
    flush()
    services.cancel(registration, by=sofie)
    flush()
    services.register(sofie, track)
    flush()
    moved = NOW + timedelta(days=43)
    scheduling.change_session(session, starts_at=moved, ends_at=moved + timedelta(hours=3))
    flush()
    sequences = [
        int(invite_event(m)["SEQUENCE"])
        for m in smtp_server.to("sofie@example.org")
        if has_calendar(m)
    ]
    # REQUEST 0; CANCEL 1 (left); REQUEST 2 (back); REQUEST 3 (moved): each outranks the last.
    assert sequences == [0, 1, 2, 3]
    assert feed_sequences(browser, sofie) == {session.uid: sequences[-1]}
    # The one rule (scheduling.sequences) for a person whose registration is their first:
    tom = create_person("tom@example.org")
    services.register(tom, track)
    flush()
    tom_invite = invite_event([m for m in smtp_server.to("tom@example.org") if has_calendar(m)][0])
    assert (
        feed_sequences(browser, tom)
        == {session.uid: int(tom_invite["SEQUENCE"])}
        == {session.uid: 1}
    )
