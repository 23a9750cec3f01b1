"""Mijn overzicht over HTTP: what a participant and a coordinator see, and what it costs: the
same number of SQL statements for few and for many sessions, registrations, tracks, rounds,
lessons and news items."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lmb.accounts.models import User
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.notifications.models import NewsItem, Subscription
from lmb.peer_review import services as peer_review
from lmb.peer_review.models import ReviewRound, RoundPhase
from lmb.scheduling.models import Attendance, Intent
from lmb.toolkits.models import Lesson, LessonStatus
from lmb.tracks.models import PhaseKey, RegistrationStatus
from tests.builders import create_open_track, create_person, create_session, registered
from tests.peer_review.builders import build_round
from tests.tracks.test_query_counts import count_queries, listing


def _add_track(n: int, sofie, coordinator, now):
    track = create_open_track(f"traject-{n}", f"Traject {n}", capacity=1)
    track.coordinators.append(coordinator)
    for day in (10, 11):
        create_session(track, now + timedelta(days=day + n), title=f"Labo {n}.{day}")
    other = create_person(f"ander{n}@example.org")
    registered(other, track)
    registered(
        sofie, track, RegistrationStatus.confirmed if n % 2 else RegistrationStatus.waitlisted
    )
    registered(create_person(f"wacht{n}@example.org"), track, RegistrationStatus.waitlisted)
    db.session.add(Subscription(user_id=sofie.id, track_id=track.id))
    db.session.add(NewsItem(key=f"nieuws:{n}", track_id=track.id, title=f"Nieuws {n}", url="/x"))
    db.session.add(
        Lesson(
            track=track,
            author_id=other.id,
            phase=PhaseKey.labo,
            year=2026,
            title=f"Les {n}",
            body="Tekst",
            status=LessonStatus.submitted,
        )
    )
    db.session.commit()
    return track


@pytest.fixture
def crowd(app):
    """A review round in assessment (Mol reviews, the coordinator runs it), and Mol, also a
    coordinator of one track, registered in it with sessions, news and a lesson to moderate."""
    with app.app_context():
        now = utcnow()
        built = build_round(phase=RoundPhase.assessment, slug="overzicht")
        mol = built["people"]["mol"]
        coordinator = built["coordinator"]
        _add_track(1, mol, coordinator, now)
        result = {"mol": mol.email, "coordinator": coordinator.email, "mol_id": mol.id}
        db.session.commit()
        db.session.remove()
    return result


def more(app, crowd, start: int, stop: int):
    with app.app_context():
        now = utcnow()
        mol = db.session.get(User, crowd["mol_id"])
        coordinator = db.session.scalar(sa.select(User).where(User.email == crowd["coordinator"]))
        for n in range(start, stop):
            _add_track(n, mol, coordinator, now)
        db.session.commit()
        db.session.remove()


def measure(browser) -> tuple[list[str], str]:
    assert browser.get("/overview").status_code == 200
    with browser.client.application.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = browser.get("/overview")
    assert response.status_code == 200
    return statements, response.get_data(as_text=True)


def test_a_participant_sees_sessions_reviews_registrations_and_news(crowd, make_browser, app):
    more(app, crowd, 2, 3)  # a second track, where Mol waits
    mol = make_browser()
    landing = mol.login(crowd["mol"])
    assert landing.headers["Location"] == "/overview"
    _, html = measure(mol)
    assert "Mijn overzicht" in html
    assert "Labo 1.10" in html  # the next session, with "will you come?"
    assert 'action="/sessions/' in html and 'name="next" value="/overview"' in html
    assert "Zet in mijn agenda" in html and "openstreetmap.org/search?query=VVSG" in html
    assert "Beoordeel het werk van" in html or "Review the work of" in html
    assert "Traject 1" in html and "nummer" in html  # waiting-list place
    assert "Nieuws 1" in html
    assert "Wat op u wacht als coördinator" not in html  # Mol coordinates nothing


def test_answering_will_you_come_returns_to_the_overview(crowd, make_browser, app):
    mol = make_browser()
    mol.login(crowd["mol"])
    _, html = measure(mol)
    session_id = int(html.split('action="/sessions/')[1].split("/")[0])
    answer = mol.submit(
        f"/sessions/{session_id}/intent", {"intent": "yes", "next": "/overview"}, page="/overview"
    )
    assert answer.headers["Location"] == "/overview"
    with app.app_context():
        attendance = db.session.scalar(
            sa.select(Attendance).where(Attendance.session_id == session_id)
        )
        assert attendance.intent is Intent.yes
        db.session.remove()


def test_a_coordinator_sees_what_needs_them(crowd, make_browser, app):
    with app.app_context():
        round_ = db.session.scalar(sa.select(ReviewRound))
        # The review deadline has passed and the round has not switched: reviews are overdue.
        round_.review_deadline = utcnow() - timedelta(hours=1)
        round_.submission_deadline = utcnow() - timedelta(days=2)
        round_.advance_by_dates = False
        db.session.commit()
        overdue = sum(
            1
            for s in round_.submissions
            for a in peer_review.active_assignments(round_)
            if a.submission_id == s.id
        )
        db.session.remove()
    coordinator = make_browser()
    coordinator.login(crowd["coordinator"])
    _, html = measure(coordinator)
    assert "Wat op u wacht als coördinator" in html
    assert "1 persoon op de wachtlijst" in html
    assert "1 les na te kijken" in html
    assert f"{overdue} reviews te laat" in html
    assert "tijd om over te schakelen" in html


@pytest.mark.parametrize("who", ["mol", "coordinator"])
def test_the_overview_costs_the_same_statements_for_one_and_for_six_tracks(
    crowd, make_browser, app, who
):
    browser = make_browser()
    browser.login(crowd[who])
    few, _ = measure(browser)
    more(app, crowd, 2, 7)
    many, html = measure(browser)
    assert "Traject 6" in html or "Labo 2.10" in html
    assert len(many) == len(few), f"{len(few)} then {len(many)}:\n{listing(many)}"
    assert len(few) <= 15, listing(few)
