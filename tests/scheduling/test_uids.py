"""Calendar UIDs are unique across installations: ids repeat from one installation to the next
(every one starts at 1), so each UID made here carries the installation's name, the host of
LMB_BASE_URL (or LMB_CALENDAR_UID_DOMAIN). A UID once stored never changes; a deadline's is
the same on every request and on every app server."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from flask_migrate import upgrade
from icalendar import Calendar
from sqlalchemy import select

from lmb import create_app
from lmb.accounts.services import calendar_token
from lmb.cli import seed
from lmb.core.models import utcnow
from lmb.extensions import db
from lmb.scheduling import services as scheduling
from lmb.scheduling.models import Session, calendar_uid
from tests.builders import create_session
from tests.conftest import ROOT, TEST_CONFIG, fresh_database
from tests.peer_review.builders import build_round

NOW = utcnow().replace(second=0, microsecond=0)


@contextmanager
def installation(tmp_path, base_url: str, **config):
    """Another installation: its own database and LMB_BASE_URL."""
    with fresh_database(tmp_path) as url:
        other = create_app(
            {
                **TEST_CONFIG,
                "BASE_URL": base_url,
                "SQLALCHEMY_DATABASE_URI": url,
                "UPLOAD_FOLDER": str(tmp_path / "uploads"),
                **config,
            }
        )
        with other.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        try:
            yield other
        finally:
            with other.app_context():
                db.session.remove()
                db.engine.dispose()


def feed_uids(application, token: str) -> list[str]:
    response = application.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    assert calendar.errors == []
    return [str(e["UID"]) for e in calendar.walk("VEVENT")]


def same_data(application) -> tuple[str, int, int]:
    """The same track, session and review round on an installation: the token of a
    participant, the session's id and the round's id."""
    with application.app_context():
        built = build_round()
        session = create_session(built["track"], NOW + timedelta(days=5), title="Labo 1")
        token = calendar_token(built["people"]["mol"])
        ids = session.id, built["round"].id
        db.session.commit()  # the test calls services: they flush, the caller commits
        db.session.remove()
    return token, *ids


def test_two_installations_make_different_uids_that_carry_their_name(app, tmp_path):
    with installation(tmp_path, "https://leertrajecten.vvsg.be/") as vvsg:
        here = same_data(app)
        there = same_data(vvsg)
        here_uids, there_uids = feed_uids(app, here[0]), feed_uids(vvsg, there[0])

    # The ids are the same on both: before, so were the UIDs made from them.
    assert here[1:] == there[1:]
    assert len(here_uids) == len(there_uids) == 3  # the session and the round's two deadlines
    assert set(here_uids).isdisjoint(there_uids)
    assert all(uid.endswith("@127.0.0.1") for uid in here_uids), here_uids
    assert all(uid.endswith("@leertrajecten.vvsg.be") for uid in there_uids), there_uids
    round_id = here[2]
    assert f"review-round-{round_id}-review@127.0.0.1" in here_uids
    assert f"review-round-{round_id}-review@leertrajecten.vvsg.be" in there_uids


def test_the_calendar_domain_can_be_named(app, monkeypatch):
    """Installations that share a host (or one that moves to another) name their own."""
    monkeypatch.setitem(app.config, "CALENDAR_UID_DOMAIN", "Acceptatie.LMB.example")
    token, _session_id, round_id = same_data(app)
    uids = feed_uids(app, token)
    assert f"review-round-{round_id}-review@acceptatie.lmb.example" in uids
    assert all(uid.endswith("@acceptatie.lmb.example") for uid in uids), uids
    with app.app_context():
        assert calendar_uid("x") == "x@acceptatie.lmb.example"


def test_a_stored_uid_never_changes(app, monkeypatch):
    """An update keeps the UID, whether it was made before issue 15 (…@lmb-leertrajecten) or
    on a LMB_BASE_URL that has changed since."""
    with app.app_context():
        built = build_round()
        legacy = create_session(built["track"], NOW + timedelta(days=5), title="Labo 1")
        legacy.uid = "0b8a5c1e-3f39-4a4e-9d3b-0c1f0d2e7a11@lmb-leertrajecten"
        current = create_session(built["track"], NOW + timedelta(days=6), title="Labo 2")
        db.session.commit()
        made = current.uid
        assert made.endswith("@127.0.0.1")
        ids = legacy.id, current.id
        db.session.remove()

    monkeypatch.setitem(app.config, "BASE_URL", "https://leertrajecten.vvsg.be")
    with app.app_context():
        for session_id in ids:
            session = db.session.get(Session, session_id)
            scheduling.change_session(session, starts_at=session.starts_at + timedelta(hours=1))
            scheduling.cancel_session(session)
        db.session.commit()
        uids = db.session.scalars(
            select(Session.uid).where(Session.id.in_(ids)).order_by(Session.id)
        ).all()
        db.session.remove()
    assert uids == ["0b8a5c1e-3f39-4a4e-9d3b-0c1f0d2e7a11@lmb-leertrajecten", made]


def test_deadline_uids_are_the_same_on_every_request_and_every_app_server(app):
    token, _session_id, round_id = same_data(app)
    first = feed_uids(app, token)
    assert feed_uids(app, token) == first
    # A second app server: the same configuration, the same database.
    second = create_app(dict(app.config))
    assert feed_uids(second, token) == first
    assert f"review-round-{round_id}-submission@127.0.0.1" in first


def seed_demo(application) -> list[str]:
    result = application.test_cli_runner().invoke(seed, ["--demo"])
    assert result.exit_code == 0, result.output
    with application.app_context():
        uids = db.session.scalars(select(Session.uid).order_by(Session.id)).all()
        db.session.remove()
    return uids


def test_the_demo_data_of_two_installations_does_not_share_a_uid(app, tmp_path):
    with installation(tmp_path, "https://demo.leertrajecten.vvsg.be") as demo:
        here, there = seed_demo(app), seed_demo(demo)
    assert len(here) == len(there) > 10
    assert all(uid.endswith("@127.0.0.1") for uid in here), here
    assert all(uid.endswith("@demo.leertrajecten.vvsg.be") for uid in there), there
    assert set(here).isdisjoint(there)


def test_seeding_again_finds_the_demo_sessions_made_before(app):
    """Demo data seeded before issue 15 (…@lmb-leertrajecten) is found again, not doubled,
    and keeps its UIDs."""
    seed_demo(app)
    with app.app_context():
        for session in db.session.scalars(select(Session)):
            session.uid = session.uid.replace("@127.0.0.1", "@lmb-leertrajecten")
        db.session.commit()
        db.session.remove()
    before = seed_demo(app)
    assert all(uid.endswith("@lmb-leertrajecten") for uid in before)
    assert seed_demo(app) == before
