"""News of a track opening reads in each follower's language (issue 18): the track's English
title for an English reader, the programme's French title as the theme for a French one, the
Dutch where the content has no translation; the mail to those who asked to hear it too."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lmb.extensions import db
from lmb.notifications.models import Frequency, OutboundMessage
from lmb.notifications.subscriptions import set_subscriptions
from lmb.tracks import services as tracks
from lmb.tracks.models import TrackInterest, TrackStatus
from tests.builders import create_person, create_track

NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def subjects(kind):
    return dict(
        db.session.execute(
            select(OutboundMessage.recipient_email, OutboundMessage.subject).where(
                OutboundMessage.kind == kind
            )
        ).all()
    )


def test_a_track_opening_is_news_in_each_readers_language(ctx):
    track = create_track(
        "participatie-2026",
        "Participatie 2026",
        status=TrackStatus.announced,
        opens_at=NOW - timedelta(minutes=5),
        closes_at=NOW + timedelta(days=30),
    )
    track.title_en = "Participation 2026"
    track.programme.title_fr = "Programme de test"
    readers = {
        "en": create_person("emma@example.org", locale="en"),
        "fr": create_person("aline@example.org", locale="fr"),
        "nl": create_person("piet@example.org", locale="nl"),
    }
    for person in readers.values():
        set_subscriptions(person, [f"programme:{track.programme_id}"], Frequency.immediately)
        db.session.add(TrackInterest(track_id=track.id, user_id=person.id))
    db.session.commit()

    tracks.advance_timeline(NOW)
    db.session.commit()

    news = subjects("news/item")
    assert news["emma@example.org"] == "News in Testprogramma: Participation 2026"
    # The track has no French: the French reader gets its Dutch, in the programme's French.
    assert news["aline@example.org"].startswith("Actualités")
    assert "Programme de test" in news["aline@example.org"]
    assert "Participatie 2026" in news["aline@example.org"]
    assert news["piet@example.org"] == "Nieuws in Testprogramma: Participatie 2026"
    opened = subjects("news/registration_open")
    assert "Participation 2026" in opened["emma@example.org"]
    assert "Participatie 2026" in opened["piet@example.org"]
    body = db.session.scalar(
        select(OutboundMessage.body_text).where(
            OutboundMessage.kind == "news/registration_open",
            OutboundMessage.recipient_email == "emma@example.org",
        )
    )
    assert "Participation 2026" in body and "Participatie 2026" not in body
