"""Themes people follow beyond tracks (issue 16): programmes (news when one of their tracks
opens) and the calls (a new call for SDG partnerships, a changed call for the steering group's
candidates), chosen on the themes page and left in one click."""

import re
from datetime import timedelta

import lxml.html
import pytest
import time_machine
from sqlalchemy import select

from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import Frequency, Subscription
from lmb.notifications.subscriptions import set_subscriptions
from lmb.tracks import services as tracks
from lmb.tracks.models import Programme, TrackStatus
from tests.builders import brussels, create_person, create_track
from tests.outbox import flush

NOW = brussels(2026, 3, 4, 10)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_followers_of_a_programme_hear_when_one_of_its_tracks_opens(ctx, smtp_server):
    track = create_track(
        "participatie-2026",
        "Participatie 2026",
        status=TrackStatus.announced,
        opens_at=NOW - timedelta(minutes=5),
        closes_at=NOW + timedelta(days=30),
    )
    follower = create_person("programma@example.org", locale="en")
    other = create_person("ander@example.org")
    set_subscriptions(follower, [f"programme:{track.programme_id}"], Frequency.immediately)
    other_programme = Programme(
        slug="ander", title="Ander programma", starts_on=NOW.date(), ends_on=NOW.date()
    )
    db.session.add(other_programme)
    db.session.flush()
    set_subscriptions(other, [f"programme:{other_programme.id}"], Frequency.immediately)

    tracks.advance_timeline(NOW)
    flush()
    [mail] = smtp_server.to("programma@example.org")
    assert mail["Subject"] == "News in Testprogramma: Participatie 2026"
    assert "/tracks/participatie-2026" in smtp_server.text_of(mail)
    assert smtp_server.to("ander@example.org") == []


def _seed_sdg():
    from lmb.partnerships.seed import seed_steering_group
    from lmb.tracks.seed import seed_programmes

    seed_programmes(utcnow())
    seed_steering_group()
    db.session.commit()


def test_followers_of_the_calls_hear_of_a_new_call_and_of_a_changed_one(ctx, smtp_server):
    from lmb.partnerships.models import CandidateCall
    from lmb.partnerships.services import save_call, update_candidate_call

    _seed_sdg()
    staff = create_person("staf@example.org", role="coordinator", organization="VVSG")
    partnerships = create_person("oproepen@example.org", locale="en")
    steering = create_person("stuurgroep@example.org")
    set_subscriptions(partnerships, ["calls:partnerships"], Frequency.immediately)
    set_subscriptions(steering, ["calls:steering-group"], Frequency.immediately)

    call = save_call(
        None,
        by=staff,
        title="Oproep SDG-partnerschappen 2027",
        description="Kandidaat-gemeenten stellen zich voor.",
        opens_at=NOW,
        closes_at=NOW + timedelta(days=60),
    )
    # Changing it later is no new call.
    save_call(
        call,
        by=staff,
        title=call.title,
        description="Anders",
        opens_at=NOW,
        closes_at=NOW + timedelta(days=61),
    )
    candidate_call = db.session.scalar(select(CandidateCall))
    update_candidate_call(
        candidate_call,
        by=staff,
        title=candidate_call.title,
        description=candidate_call.description,
        opens_at=None,
        closes_at=NOW + timedelta(days=20),
    )
    flush()
    [mail] = smtp_server.to("oproepen@example.org")
    assert mail["Subject"] == (
        "News in Calls for SDG partnerships: Oproep SDG-partnerschappen 2027"
    )
    assert "/partnerships/calls/" in smtp_server.text_of(mail)
    [mail] = smtp_server.to("stuurgroep@example.org")
    assert mail["Subject"].startswith("Nieuws in Oproepen voor kandidaten voor de stuurgroep: ")
    assert "/steering-group/" in smtp_server.text_of(mail)
    # One click leaves the calls' theme.
    path = re.search(r"<http://127\.0\.0\.1:5000(/unsubscribe/[^>]+)>", mail["List-Unsubscribe"])
    assert path


def test_the_themes_page_offers_tracks_programmes_and_calls(app, browser, make_user, seeded):
    make_user(email="tom@example.org")
    browser.login("tom@example.org")
    browser.client.set_cookie("lmb_locale", "en")
    page = browser.get("/account/themes").get_data(as_text=True)
    tree = lxml.html.document_fromstring(page)
    legends = [" ".join(e.text_content().split()) for e in tree.xpath("//main//legend")]
    assert legends[:3] == ["Learning tracks", "Programmes", "Calls"]
    # Titles of tracks and programmes are Dutch content; the calls' names are interface text.
    assert tree.xpath("//ul[@id='themes_track-options'][@lang='nl']")
    assert tree.xpath("//ul[@id='themes_calls-options'][not(@lang)]")
    assert "Calls for SDG partnerships" in page
    programme = re.search(r'name="themes_programme"[^>]*value="(programme:\d+)"', page).group(1)
    response = browser.submit(
        "/account/themes",
        {
            "themes_programme": [programme],
            "themes_calls": ["calls:partnerships", "calls:steering-group"],
            "frequency": "weekly",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        chosen = sorted(db.session.scalars(select(Subscription.theme)))
    assert chosen == sorted([programme, "calls:partnerships", "calls:steering-group"])
    page = browser.get("/account/themes").get_data(as_text=True)
    assert re.search(
        r'value="calls:partnerships"[^>]*checked|checked[^>]*value="calls:partnerships"', page
    )


def test_unsubscribing_from_one_theme_keeps_the_others(ctx):
    from lmb.core.errors import ServiceError
    from lmb.notifications.subscriptions import subscriptions_of, unsubscribe

    person = create_person("lezer@example.org")
    set_subscriptions(person, ["calls:partnerships", "calls:steering-group"], Frequency.weekly)
    assert unsubscribe(person.id, "calls:partnerships") == 1
    assert [s.theme for s in subscriptions_of(person)] == ["calls:steering-group"]
    with pytest.raises(ServiceError):
        unsubscribe(person.id, "elders:1")
