"""A track's invites and reminders name the track in each recipient's language (issue 18): an
English reader of a track with an English title gets it in the mail and in the calendar event
written for them (SUMMARY), a Dutch reader the Dutch; a track without one is named in Dutch."""

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from lmb.accounts.services import calendar_token
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import OutboundMessage
from lmb.notifications.sweep import sweep
from lmb.scheduling.invites import KIND as INVITE_KIND
from tests.builders import create_person, create_session, create_track, registered


def mail_to(email, kind):
    return db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.recipient_email == email, OutboundMessage.kind == kind)
        .order_by(OutboundMessage.id)
    ).all()[-1]


def summary(message) -> str:
    return str(Calendar.from_ical(message.ical).walk("VEVENT")[0]["SUMMARY"])


def test_an_english_reader_gets_the_tracks_english_title_in_invite_and_reminder(ctx):
    track = create_track(title="Klimaatplannen", offsets=["P1D"])
    track.title_en = "Climate plans"
    db.session.commit()
    for email, locale in (("emma@example.org", "en"), ("sofie@example.org", "nl")):
        registered(create_person(email, locale=locale), track)
    session = create_session(track, utcnow() + timedelta(days=10), title="Labo 1")

    english = mail_to("emma@example.org", INVITE_KIND)
    assert summary(english) == "Climate plans: Labo 1"
    assert "Climate plans" in english.body_text and "Climate plans" in english.body_html
    assert "Klimaatplannen" not in english.body_text + english.ical
    dutch = mail_to("sofie@example.org", INVITE_KIND)
    assert summary(dutch) == "Klimaatplannen: Labo 1"
    assert "Klimaatplannen" in dutch.body_text and "Climate plans" not in dutch.body_text

    sweep(session.starts_at - timedelta(days=1) + timedelta(minutes=1))
    reminder = mail_to("emma@example.org", "reminder/session")
    assert "Climate plans" in reminder.body_text and "Klimaatplannen" not in reminder.body_text
    assert "Klimaatplannen" in mail_to("sofie@example.org", "reminder/session").body_text


def test_a_track_without_an_english_title_is_named_in_dutch(ctx):
    track = create_track(title="Klimaatplannen")
    registered(create_person("emma@example.org", locale="en"), track)
    create_session(track, utcnow() + timedelta(days=10), title="Labo 1")
    english = mail_to("emma@example.org", INVITE_KIND)
    assert summary(english) == "Klimaatplannen: Labo 1"
    assert english.subject.startswith("Invitation: Labo 1 on ")


def test_the_personal_feed_and_agenda_name_the_track_in_their_readers_language(app, browser):
    with app.app_context():
        track = create_track(title="Klimaatplannen")
        track.title_en = "Climate plans"
        emma = create_person("emma@example.org", locale="en")
        sofie = create_person("sofie@example.org")
        for person in (emma, sofie):
            registered(person, track)
        create_session(track, utcnow() + timedelta(days=10), title="Labo 1")
        tokens = {p.email: calendar_token(p) for p in (emma, sofie)}
        db.session.commit()
        db.session.remove()
    client = app.test_client()

    def summaries(email):
        body = client.get(f"/calendar/{tokens[email]}.ics").data
        return [str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT")]

    assert summaries("emma@example.org") == ["Climate plans: Labo 1"]
    assert summaries("sofie@example.org") == ["Klimaatplannen: Labo 1"]

    browser.login("emma@example.org")
    page = browser.get("/agenda").get_data(as_text=True)
    assert '<span lang="en">Climate plans</span>' not in page  # the page's own language
    assert "Climate plans" in page and "Klimaatplannen" not in page
