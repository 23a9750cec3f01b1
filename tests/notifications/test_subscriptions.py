"""Themes ("Kies hieronder uw thema"): news immediately or weekly; unsubscribe in one click."""

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from lmb.extensions import db
from lmb.notifications.models import Frequency, OutboundMessage, Subscription
from lmb.notifications.subscriptions import set_subscriptions
from lmb.notifications.sweep import sweep
from lmb.tracks import services as tracks
from lmb.tracks.models import TrackStatus
from tests.builders import brussels, create_person, create_track
from tests.outbox import flush

NOW = brussels(2026, 3, 4, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def opening_track():
    return create_track(
        "participatie-2026",
        "Participatie 2026",
        status=TrackStatus.announced,
        opens_at=NOW - timedelta(minutes=5),
        closes_at=NOW + timedelta(days=30),
    )


def test_a_track_that_opens_tells_immediate_subscribers_and_those_who_asked(ctx, smtp_server):
    track = opening_track()
    now_reader, weekly_reader, asked = (
        create_person(e) for e in ("nu@example.org", "week@example.org", "vraag@example.org")
    )
    set_subscriptions(now_reader, [track.id], Frequency.immediately)
    set_subscriptions(weekly_reader, [track.id], Frequency.weekly)
    tracks.express_interest(asked, track)

    changed = tracks.advance_timeline(NOW)
    assert [(t.slug, status) for t, status in changed] == [("participatie-2026", TrackStatus.open)]
    assert tracks.advance_timeline(NOW) == []  # once
    flush()
    assert [m["Subject"] for m in smtp_server.to("nu@example.org")] == [
        "Nieuws in Participatie 2026: Participatie 2026"
    ]
    assert [m["Subject"] for m in smtp_server.to("vraag@example.org")] == [
        "De inschrijving voor Participatie 2026 is geopend"
    ]
    assert smtp_server.to("week@example.org") == []
    news = smtp_server.to("nu@example.org")[0]
    assert str(news["List-Unsubscribe"]).strip().startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in smtp_server.text_of(news)


def test_weekly_readers_get_one_digest_on_monday(ctx, smtp_server):
    track = opening_track()
    other = create_track("bankieren-2026", "Duurzaam bankieren 2026")
    reader = create_person("week@example.org")
    set_subscriptions(reader, [track.id, other.id], Frequency.weekly)
    tracks.advance_timeline(NOW)
    from lmb import events

    events.theme_news.send(
        other,
        key="toolkit-published:1:v1",
        title="Checklist duurzaam beleggen",
        summary="Versie 1",
        url="http://127.0.0.1:5000/toolkits/1",
    )
    db.session.commit()
    assert sweep(NOW + timedelta(days=4)) == 0  # Sunday: not yet
    monday = brussels(2026, 3, 9, 8, 30)
    assert sweep(monday) == 1
    assert sweep(monday + timedelta(hours=3)) == 0
    with time_machine.travel(monday, tick=False):
        flush()
    [digest] = smtp_server.to("week@example.org")
    text = smtp_server.text_of(digest)
    assert "Participatie 2026" in text and "Checklist duurzaam beleggen" in text
    assert digest["List-Unsubscribe"]


def test_telling_the_same_news_twice_sends_it_once(ctx):
    from lmb import events

    track = create_track()
    set_subscriptions(create_person("nu@example.org"), [track.id], Frequency.immediately)
    for _ in range(2):
        events.theme_news.send(
            track,
            key="toolkit-published:7:v1",
            title="Handleiding",
            summary="",
            url="http://127.0.0.1:5000/x",
        )
        db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(OutboundMessage)) == 1


def unsubscribe_path(mail):
    return re.search(
        r"<http://127\.0\.0\.1:5000(/unsubscribe/[^>]+)>", mail["List-Unsubscribe"]
    ).group(1)


def test_one_click_unsubscribe_works_without_login(app, smtp_server, make_browser):
    with app.app_context():
        track = opening_track()
        reader = create_person("nu@example.org")
        other = create_track("ander", "Ander thema")
        set_subscriptions(reader, [track.id, other.id], Frequency.immediately)
        other_id = other.id
        tracks.advance_timeline(NOW)
        flush()
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    path = unsubscribe_path(smtp_server.to("nu@example.org")[0])
    visitor = make_browser()
    page = visitor.get(path)
    assert page.status_code == 200 and "Participatie 2026" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Subscription)) == 2
    # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", without any session.
    response = visitor.client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    with app.app_context():
        left = db.session.scalars(select(Subscription)).all()
        assert [s.track_id for s in left] == [other_id]
    assert visitor.get("/unsubscribe/not-a-token").status_code == 404


def test_reminder_mails_carry_an_unsubscribe_that_stops_reminders(app, smtp_server, make_browser):
    from lmb.notifications.subscriptions import wants_reminders
    from tests.builders import create_session, registered

    with app.app_context():
        track = create_track()
        person = create_person("sofie@example.org")
        registered(person, track)
        create_session(track, NOW + timedelta(hours=20))
        sweep(NOW)
        flush()
        person_id = person.id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    [reminder] = [m for m in smtp_server.messages if m["Subject"].startswith("Herinnering")]
    make_browser().client.post(unsubscribe_path(reminder))
    with app.app_context():
        assert wants_reminders(person_id) is False


def test_the_themes_page_saves_choices(app, browser, make_user, seeded):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    page = browser.get("/account/themes").get_data(as_text=True)
    assert "Duurzaam bankieren" in page
    track_ids = re.findall(r'name="themes_track"[^>]*value="track:(\d+)"', page)[:2]
    response = browser.submit(
        "/account/themes",
        {
            "themes_track": [f"track:{i}" for i in track_ids],
            "frequency": "weekly",
            "reminders": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        chosen = db.session.scalars(select(Subscription)).all()
        assert sorted(str(s.track_id) for s in chosen) == sorted(track_ids)
        assert {s.frequency for s in chosen} == {Frequency.weekly}
    refused = browser.submit(
        "/account/themes", {"themes_track": ["track:999999"], "frequency": "hourly"}
    )
    assert refused.status_code == 422


def test_the_track_page_offers_to_tell_when_registration_opens(app, browser, make_user):
    with app.app_context():
        track = opening_track()
        track.registration_opens_at = NOW + timedelta(days=3)
        db.session.commit()
        db.session.remove()
    make_user(email="tom@example.org")
    assert "Meld u aan" in browser.get("/tracks/participatie-2026").get_data(as_text=True)
    browser.login("tom@example.org")
    response = browser.submit(
        "/tracks/participatie-2026/interest", page="/tracks/participatie-2026"
    )
    assert response.status_code == 302
    assert "We laten u per e-mail weten" in browser.get("/tracks/participatie-2026").get_data(
        as_text=True
    )
